using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Dlp.Hooks;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AdminConsole.Jobs.Hooks;

/// <summary>
/// Sends the due DLP hook deliveries. A batch is claimed in one statement (a claim token and expiry per row, the
/// attempt counted), sent one delivery after another, and each outcome written only while the claim is still this
/// dispatcher's: two dispatchers never send the same delivery at once, and one that died has its claims taken over
/// once they run out (the receiver may then see a message id twice, which is what the id is for). Every attempt
/// sends the body made at enqueue with a fresh timestamp and signature; redirects are not followed and the
/// connection goes only to addresses <see cref="DlpHookAddressGuard"/> lets through.
/// </summary>
public sealed partial class DlpHookDispatcher : IDisposable
{
    public const string JobName = "dlp-hook-dispatch";

    public const string UserAgent = "AdminConsole-DlpHooks/1";

    public const string GoneReason = "The endpoint answered 410 Gone";

    private readonly IDbContextFactory<ConsoleDbContext> _dbFactory;
    private readonly TimeProvider _clock;
    private readonly ISecretSealer _sealer;
    private readonly DlpHookOptions _options;
    private readonly ILogger _logger;
    private readonly HttpClient _http;

    public DlpHookDispatcher(
        IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider clock, ISecretSealer sealer, DlpHookOptions options, HookAddressRules addresses, ILogger<DlpHookDispatcher>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _dbFactory = dbFactory;
        _clock = clock;
        _sealer = sealer;
        _options = options;
        _logger = logger ?? NullLogger<DlpHookDispatcher>.Instance;
        var guard = new DlpHookAddressGuard(addresses);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectCallback = guard.ConnectAsync,

            // A proxy would make the connection instead of the guard, to wherever the URL says.
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = options.Timeout,

            // Re-resolve now and then, so that a partner moving its endpoint is followed (and checked again).
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        };
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = options.Timeout };
    }

    public async Task<JobRunResult> RunAsync(CancellationToken cancellationToken)
    {
        int delivered = 0, errors = 0;
        string? firstError = null;
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);

        // Hooks that answered 410 during this run: the rest of their batch is cancelled, not sent.
        var gone = new HashSet<Guid>();
        for (var round = 0; round < _options.MaxBatchesPerRun; round++)
        {
            var claimed = await ClaimAsync(cancellationToken).ConfigureAwait(false);
            if (claimed.Count == 0)
                break;
            for (var i = 0; i < claimed.Count; i++)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    await ReleaseAsync(claimed.Skip(i).ToList()).ConfigureAwait(false);
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (gone.Contains(claimed[i].Hook.Id))
                    continue;
                var outcome = await SendAsync(claimed[i], keys).ConfigureAwait(false);
                await RecordAsync(claimed[i], outcome).ConfigureAwait(false);
                if (outcome.Gone)
                    gone.Add(claimed[i].Hook.Id);
                if (outcome.Delivered)
                {
                    delivered++;
                }
                else if (outcome.Error is { } error)
                {
                    errors++;
                    firstError ??= error;
                }
            }
        }

        return new JobRunResult(delivered, errors, firstError);
    }

    /// <summary>
    /// Up to a batch of due deliveries, oldest first, claimed with one update that re-checks each row is still due:
    /// a row another dispatcher claimed in between is left to it. What this run holds is read back by its token.
    /// </summary>
    private async Task<List<Claimed>> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var until = now + _options.ClaimLifetime;
        Guid? token = Guid.NewGuid();
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var due = await Due(db, now).OrderBy(d => d.NextAttemptAt).Select(d => d.Id).Take(_options.BatchSize).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (due.Count == 0)
            return [];
        var taken = await Due(db, now).Where(d => due.Contains(d.Id))
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.ClaimToken, token).SetProperty(d => d.ClaimedUntil, until).SetProperty(d => d.Attempts, d => d.Attempts + 1), cancellationToken)
            .ConfigureAwait(false);
        if (taken == 0)
            return [];
        return await (
                from d in db.DlpHookDeliveries.AsNoTracking()
                join h in db.DlpHooks on d.HookId equals h.Id
                where d.ClaimToken == token
                orderby d.NextAttemptAt
                select new Claimed(d.Id, token.Value, d.MessageId, d.Body, d.Attempts, h))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    private static IQueryable<DlpHookDelivery> Due(ConsoleDbContext db, DateTimeOffset now) =>
        db.DlpHookDeliveries.Where(d => d.Status == DlpHookDeliveryStatus.Pending && d.NextAttemptAt <= now && (d.ClaimedUntil == null || d.ClaimedUntil <= now));

    private async Task<Outcome> SendAsync(Claimed item, Dictionary<string, byte[]> keys)
    {
        var hook = item.Hook;
        if (!hook.Enabled)
            return new Outcome(false, null, "The hook is disabled.", Cancel: true);
        var now = _clock.GetUtcNow();
        var timestamp = now.ToUnixTimeSeconds();
        List<byte[]> signingKeys;
        try
        {
            signingKeys = hook.SigningSecrets(now).Select(s => KeyOf(s, keys)).ToList();
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // Retried like any failure: restoring the key ring (or rotating the secret) lets it through.
            return new Outcome(false, null, "The hook's secret cannot be unsealed: the Data Protection key that sealed it is not in this node's key ring");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url);
        request.Headers.TryAddWithoutValidation("webhook-id", item.MessageId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", StandardWebhookSignature.HeaderValue(signingKeys, item.MessageId, timestamp, item.Body));
        request.Headers.TryAddWithoutValidation("user-agent", UserAgent);
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(item.Body));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        try
        {
            // Never cut off by a stop request: the timeout bounds it, and a half-sent message would be sent again anyway.
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, CancellationToken.None).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            if (code is >= 200 and < 300)
                return new Outcome(true, code, null);
            var status = $"The endpoint answered {code} {response.ReasonPhrase}".TrimEnd();
            if (response.StatusCode == HttpStatusCode.Gone)
                return new Outcome(false, code, status, Gone: true);
            if (code is >= 300 and < 400)
                return new Outcome(false, code, status + "; redirects are not followed");
            TimeSpan? retryAfter = null;
            if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
                retryAfter = RetryAfter(response, _clock.GetUtcNow());
            return new Outcome(false, code, status, RetryAfter: retryAfter);
        }
        catch (TaskCanceledException)
        {
            return new Outcome(false, null, $"No answer within {_options.Timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            return new Outcome(false, null, Describe(ex));
        }
    }

    private byte[] KeyOf(string sealedSecret, Dictionary<string, byte[]> keys)
    {
        if (!keys.TryGetValue(sealedSecret, out var key))
        {
            key = WebhookSecret.ReadKey(_sealer.Unseal(sealedSecret));
            keys.Add(sealedSecret, key);
        }

        return key;
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.Headers.RetryAfter is { } parsed)
        {
            if (parsed.Delta is { } delta)
                return delta > DlpHookRetry.MaxDelay ? DlpHookRetry.MaxDelay : delta;
            if (parsed.Date is { } date)
                return DlpHookRetry.ParseRetryAfter(date.ToString("r", CultureInfo.InvariantCulture), now);
        }

        return response.Headers.TryGetValues("Retry-After", out var values) ? DlpHookRetry.ParseRetryAfter(values.FirstOrDefault(), now) : null;
    }

    /// <summary>A network failure in a few words; the refusal of the address guard as it is.</summary>
    private static string Describe(HttpRequestException ex)
    {
        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is HookAddressRefusedException refused)
                return refused.Message;
        }

        return ex.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "The host name could not be resolved",
            HttpRequestError.ConnectionError => "The connection could not be made: " + (ex.InnerException?.Message ?? ex.Message),
            HttpRequestError.SecureConnectionError => "The TLS handshake failed",
            _ => $"The request failed ({ex.HttpRequestError})",
        };
    }

    /// <summary>The outcome of one attempt, written only if the claim is still this run's (its token is the concurrency token).</summary>
    private async Task RecordAsync(Claimed item, Outcome outcome)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(CancellationToken.None).ConfigureAwait(false);
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None).ConfigureAwait(false);
        var delivery = await db.DlpHookDeliveries.SingleOrDefaultAsync(d => d.Id == item.DeliveryId).ConfigureAwait(false);
        if (delivery is null || delivery.ClaimToken != item.Token)
            return;
        var now = _clock.GetUtcNow();
        if (outcome.Delivered)
        {
            delivery.MarkDelivered(outcome.StatusCode!.Value, now);
            LogDelivered(item.MessageId, item.Hook.Id, outcome.StatusCode.Value, delivery.Attempts);
        }
        else if (outcome.Cancel)
        {
            delivery.Cancel(outcome.Error!);
        }
        else if (outcome.Gone)
        {
            delivery.MarkFailed(outcome.StatusCode, outcome.Error!, now, now, _options.MaxAttempts, final: true);
            var hook = await db.DlpHooks.SingleAsync(h => h.Id == item.Hook.Id).ConfigureAwait(false);
            if (hook.Enabled)
            {
                var before = new { hook.Enabled, hook.DisabledReason };
                hook.Disable(GoneReason, now);
                db.Audit(AuditActor.Job(JobName), new AuditRecord("dlp-hook.disabled", nameof(DlpHook), hook.Id.ToString(), hook.WorkspaceId, before, new { hook.Enabled, hook.DisabledReason }), now);
                foreach (var pending in await db.DlpHookDeliveries.Where(d => d.HookId == hook.Id && d.Id != delivery.Id && d.Status == DlpHookDeliveryStatus.Pending).ToListAsync().ConfigureAwait(false))
                    pending.Cancel("The hook was disabled: " + GoneReason + ".");
                LogDisabled(hook.Id, item.MessageId);
            }
        }
        else
        {
            var wait = outcome.RetryAfter ?? DlpHookRetry.Backoff(delivery.Attempts, Random.Shared.NextDouble());
            delivery.MarkFailed(outcome.StatusCode, outcome.Error!, now, now + wait, _options.MaxAttempts);
            if (delivery.Status == DlpHookDeliveryStatus.DeadLettered)
                LogDeadLettered(item.MessageId, item.Hook.Id, delivery.Attempts, outcome.Error!);
            else
                LogFailed(item.MessageId, item.Hook.Id, delivery.Attempts, outcome.Error!, delivery.NextAttemptAt);
        }

        try
        {
            await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            ConsoleMeter.HookDeliveries.Add(1, ConsoleMeter.Tag("outcome", delivery.Status switch
            {
                DlpHookDeliveryStatus.Delivered => "delivered",
                DlpHookDeliveryStatus.Pending => "retrying",
                DlpHookDeliveryStatus.DeadLettered => "dead-lettered",
                _ => "cancelled",
            }));
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another dispatcher took the delivery over after this claim ran out: its outcome counts, not this one.
        }
    }

    /// <summary>Claims handed back unsent (the run is stopping): due again at once, the attempt not counted.</summary>
    private async Task ReleaseAsync(List<Claimed> unsent)
    {
        if (unsent.Count == 0)
            return;
        var token = (Guid?)unsent[0].Token;
        var ids = unsent.Select(c => c.DeliveryId).ToList();
        await using var db = await _dbFactory.CreateDbContextAsync(CancellationToken.None).ConfigureAwait(false);
        await db.DlpHookDeliveries.Where(d => ids.Contains(d.Id) && d.ClaimToken == token)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.ClaimToken, (Guid?)null).SetProperty(d => d.ClaimedUntil, (DateTimeOffset?)null).SetProperty(d => d.Attempts, d => d.Attempts - 1), CancellationToken.None)
            .ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "DLP hook delivery {MessageId} to hook {HookId} delivered ({StatusCode}) on attempt {Attempt}")]
    private partial void LogDelivered(string messageId, Guid hookId, int statusCode, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DLP hook delivery {MessageId} to hook {HookId} failed on attempt {Attempt}: {Error}; next attempt at {NextAttemptAt}")]
    private partial void LogFailed(string messageId, Guid hookId, int attempt, string error, DateTimeOffset nextAttemptAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DLP hook delivery {MessageId} to hook {HookId} dead-lettered after attempt {Attempt}: {Error}")]
    private partial void LogDeadLettered(string messageId, Guid hookId, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DLP hook {HookId} disabled: its endpoint answered 410 Gone to {MessageId}")]
    private partial void LogDisabled(Guid hookId, string messageId);

    private sealed record Claimed(Guid DeliveryId, Guid Token, string MessageId, string Body, int Attempts, DlpHook Hook);

    private sealed record Outcome(bool Delivered, int? StatusCode, string? Error, bool Gone = false, bool Cancel = false, TimeSpan? RetryAfter = null);
}
