using System.Diagnostics;
using System.Text.Json;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Dlp.Hooks;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using AdminConsole.Jobs.Hooks;
using AdminConsole.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Jobs.Tests;

/// <summary>
/// DLP hook deliveries sent to a real receiver on 127.0.0.1 that verifies each one with the reference Standard Webhooks
/// library. The clock starts at the real time (the library refuses timestamps more than 5 minutes off) and is moved by hand.
/// </summary>
public sealed class DlpHookDispatcherTests : IAsyncLifetime
{
    private static readonly AuditActor Admin = new("admin-1", "Ada Admin", "WorkspaceAdmin", "203.0.113.9");

    private readonly EphemeralDataProtectionProvider _keyRing = new();
    private readonly FakeClock _clock = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
    private WebhookReceiverPeer _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiverPeer.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task DlpHookAlert_IsDeliveredOnce_AsASignedCloudEvent_ThatTheReferenceLibraryVerifies(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var workspaceId = await WorkspaceAsync(database, Plan.Enterprise);
        var url = _receiver.Url("ok");
        var (hookId, secret) = await Commands(database).CreateAsync(Admin, workspaceId, "SIEM", url, [DlpHookEvents.AlertCreated]);
        await Commands(database).CreateAsync(Admin, workspaceId, "Resolved only", _receiver.Url("ok"), [DlpHookEvents.AlertResolved]);
        await _receiver.TrustAsync("hook", secret);
        await _receiver.TrustAsync("other", WebhookSecret.Generate());

        await using (var db = database.CreateContext())
        {
            var queued = await DlpHookOutbox.EnqueueAsync(db, workspaceId, DlpHookEvents.AlertCreated, "alerts/42", new { alertId = 42, detector = "credit-card", severity = "high", excerpt = "card ****1111" }, _clock.GetUtcNow());
            Assert.Equal(1, queued);
            await db.SaveChangesAsync();
        }

        var result = await Dispatcher(database).RunAsync(CancellationToken.None);
        var again = await Dispatcher(database).RunAsync(CancellationToken.None);

        Assert.Equal((1, 0), (result.Items, result.Errors));
        Assert.Equal(0, again.Items);
        var request = Assert.Single(await _receiver.ReceivedAsync());
        Assert.True(request.Verified["hook"]);
        Assert.False(request.Verified["other"]);
        var delivery = await DeliveryAsync(database, hookId);
        Assert.Equal((DlpHookDeliveryStatus.Delivered, 1, (int?)204), (delivery.Status, delivery.Attempts, delivery.LastStatusCode));
        Assert.Equal(delivery.MessageId, request.Headers["webhook-id"]);
        Assert.Equal(_clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), request.Headers["webhook-timestamp"]);
        Assert.Equal("application/json", request.Headers["content-type"]);
        Assert.Equal("AdminConsole-DlpHooks/1", request.Headers["user-agent"]);
        Assert.Equal(delivery.Body, request.Body);
        using var body = JsonDocument.Parse(request.Body);
        var e = body.RootElement;
        Assert.Equal("1.0", e.GetProperty("specversion").GetString());
        Assert.Equal(delivery.MessageId, e.GetProperty("id").GetString());
        Assert.Equal($"/adminconsole/workspaces/{workspaceId}", e.GetProperty("source").GetString());
        Assert.Equal("com.adminconsole.dlp.alert.created", e.GetProperty("type").GetString());
        Assert.Equal("application/json", e.GetProperty("datacontenttype").GetString());
        Assert.Equal("alerts/42", e.GetProperty("subject").GetString());
        Assert.Equal(_clock.GetUtcNow(), e.GetProperty("time").GetDateTimeOffset());
        Assert.Equal("credit-card", e.GetProperty("data").GetProperty("detector").GetString());
        Assert.Matches("^msg_[0-9a-f]{32}$", delivery.MessageId);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task AfterASecretRotation_BothSignaturesAreSent_AndTheReceiverVerifiesWithTheNewSecretAndWithTheOld(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var workspaceId = await WorkspaceAsync(database, Plan.Enterprise);
        var (hookId, oldSecret) = await Commands(database).CreateAsync(Admin, workspaceId, "SIEM", _receiver.Url("ok"), [DlpHookEvents.AlertCreated]);
        var newSecret = await Commands(database).RotateSecretAsync(Admin, workspaceId, hookId);
        await _receiver.TrustAsync("old", oldSecret);
        await _receiver.TrustAsync("new", newSecret);
        await _receiver.TrustAsync("unrelated", WebhookSecret.Generate());
        await Commands(database).SendTestEventAsync(Admin, workspaceId, hookId);

        await Dispatcher(database).RunAsync(CancellationToken.None);

        var request = Assert.Single(await _receiver.ReceivedAsync());
        var signatures = request.Headers["webhook-signature"].Split(' ');
        Assert.Equal(2, signatures.Length);
        Assert.All(signatures, s => Assert.StartsWith("v1,", s, StringComparison.Ordinal));
        Assert.True(request.Verified["new"]);
        Assert.True(request.Verified["old"]);
        Assert.False(request.Verified["unrelated"]);
        Assert.Equal("com.adminconsole.dlp.test", JsonDocument.Parse(request.Body).RootElement.GetProperty("type").GetString());
        await using var db = database.CreateContext();
        var hook = await db.DlpHooks.SingleAsync();
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromHours(24), hook.PreviousSecretExpiresAt);
        Assert.DoesNotContain(oldSecret, hook.SealedSecret + hook.PreviousSealedSecret, StringComparison.Ordinal);
        Assert.DoesNotContain(await db.AuditEntries.Select(a => a.After ?? string.Empty).ToListAsync(), a => a.Contains(newSecret, StringComparison.Ordinal) || a.Contains(oldSecret, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task AFailingReceiver_IsRetriedAfterAJitteredBackoff_WithTheSameWebhookId_AndEventuallyGetsIt(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var (workspaceId, hookId, secret) = await HookAsync(database, "fail/2");
        await _receiver.TrustAsync("hook", secret);
        await Commands(database).SendTestEventAsync(Admin, workspaceId, hookId);
        var dispatcher = Dispatcher(database);

        Assert.Equal((0, 1), Counts(await dispatcher.RunAsync(CancellationToken.None)));
        var first = await DeliveryAsync(database, hookId);
        Assert.Equal((DlpHookDeliveryStatus.Pending, 1, (int?)500), (first.Status, first.Attempts, first.LastStatusCode));
        Assert.InRange(first.NextAttemptAt - _clock.GetUtcNow(), TimeSpan.FromSeconds(24), TimeSpan.FromSeconds(36));

        // A second before it is due, nothing is sent.
        _clock.Advance(first.NextAttemptAt - _clock.GetUtcNow() - TimeSpan.FromSeconds(1));
        Assert.Equal((0, 0), Counts(await dispatcher.RunAsync(CancellationToken.None)));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((0, 1), Counts(await dispatcher.RunAsync(CancellationToken.None)));
        var second = await DeliveryAsync(database, hookId);
        Assert.InRange(second.NextAttemptAt - _clock.GetUtcNow(), TimeSpan.FromSeconds(48), TimeSpan.FromSeconds(72));
        _clock.Advance(second.NextAttemptAt - _clock.GetUtcNow());
        Assert.Equal((1, 0), Counts(await dispatcher.RunAsync(CancellationToken.None)));

        var requests = await _receiver.ReceivedAsync();
        Assert.Equal(3, requests.Count);
        Assert.Single(requests.Select(r => r.Headers["webhook-id"]).Distinct());
        Assert.Single(requests.Select(r => r.Body).Distinct());
        Assert.Equal(3, requests.Select(r => r.Headers["webhook-timestamp"]).Distinct().Count());
        Assert.All(requests, r => Assert.True(r.Verified["hook"]));
        var delivered = await DeliveryAsync(database, hookId);
        Assert.Equal((DlpHookDeliveryStatus.Delivered, 3, (string?)null), (delivered.Status, delivered.Attempts, delivered.LastError));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ASlowReceiver_TimesOut_AndIsRetried(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var (workspaceId, hookId, _) = await HookAsync(database, "slow/4000");
        await Commands(database).SendTestEventAsync(Admin, workspaceId, hookId);
        var dispatcher = Dispatcher(database, o => o.Timeout = TimeSpan.FromSeconds(1));

        var watch = Stopwatch.StartNew();
        var result = await dispatcher.RunAsync(CancellationToken.None);
        watch.Stop();

        Assert.Equal((0, 1), Counts(result));
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(3.5));
        var delivery = await DeliveryAsync(database, hookId);
        Assert.Equal((DlpHookDeliveryStatus.Pending, 1, (int?)null), (delivery.Status, delivery.Attempts, delivery.LastStatusCode));
        Assert.Equal("No answer within 1 s", delivery.LastError);
        _clock.Advance(delivery.NextAttemptAt - _clock.GetUtcNow());
        await dispatcher.RunAsync(CancellationToken.None);
        Assert.Equal(2, (await DeliveryAsync(database, hookId)).Attempts);
        Assert.Equal(2, (await _receiver.ReceivedAsync()).Count);
    }

    [Fact]
    public void DlpHookOptions_AllowFifteenSecondsPerAttempt_ByDefault() =>
        Assert.Equal((TimeSpan.FromSeconds(15), 8, 0), (new DlpHookOptions().Timeout, new DlpHookOptions().MaxAttempts, new DlpHookOptions().AllowedNetworks.Count));

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task TooManyRequests_WithRetryAfter_DefersTheNextAttemptByThatMuch(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var (workspaceId, hookId, _) = await HookAsync(database, "429/1");
        await Commands(database).SendTestEventAsync(Admin, workspaceId, hookId);
        var dispatcher = Dispatcher(database);

        await dispatcher.RunAsync(CancellationToken.None);
        var deferred = await DeliveryAsync(database, hookId);
        Assert.Equal((int?)429, deferred.LastStatusCode);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromSeconds(2), deferred.NextAttemptAt);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((0, 0), Counts(await dispatcher.RunAsync(CancellationToken.None)));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((1, 0), Counts(await dispatcher.RunAsync(CancellationToken.None)));

        // An HTTP-date (here 3 s after the receiver's clock, which the test clock follows to the second) counts too.
        var (_, dateHookId, _) = await HookAsync(database, "503-date/1", workspaceId);
        await Commands(database).SendTestEventAsync(Admin, workspaceId, dateHookId);
        var sentAt = _clock.GetUtcNow();
        await dispatcher.RunAsync(CancellationToken.None);
        var byDate = await DeliveryAsync(database, dateHookId);
        Assert.Equal((int?)503, byDate.LastStatusCode);
        Assert.InRange(byDate.NextAttemptAt - sentAt, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(6));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Gone_DisablesTheHook_DeadLettersTheDelivery_AndStopsItsPendingDeliveries(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var (workspaceId, hookId, _) = await HookAsync(database, "410");
        for (var i = 0; i < 3; i++)
            await Commands(database).SendTestEventAsync(Admin, workspaceId, hookId);

        var result = await Dispatcher(database).RunAsync(CancellationToken.None);

        Assert.Equal((0, 1), Counts(result));
        Assert.Single(await _receiver.ReceivedAsync());
        await using var db = database.CreateContext();
        var hook = await db.DlpHooks.SingleAsync();
        Assert.Equal((false, "The endpoint answered 410 Gone"), (hook.Enabled, hook.DisabledReason));
        var statuses = await db.DlpHookDeliveries.Select(d => d.Status).ToListAsync();
        Assert.Equal([DlpHookDeliveryStatus.DeadLettered, DlpHookDeliveryStatus.Cancelled, DlpHookDeliveryStatus.Cancelled], statuses.Order());
        Assert.Equal("job:dlp-hook-dispatch", (await db.AuditEntries.SingleAsync(a => a.Action == "dlp-hook.disabled")).ActorId);
        await using (var later = database.CreateContext())
            Assert.Equal(0, await DlpHookOutbox.EnqueueAsync(later, workspaceId, DlpHookEvents.AlertCreated, "alerts/1", new { }, _clock.GetUtcNow()));
        _clock.Advance(TimeSpan.FromHours(2));
        await Dispatcher(database).RunAsync(CancellationToken.None);
        Assert.Single(await _receiver.ReceivedAsync());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ARedirect_IsNotFollowed_AndCountsAsAFailure(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var (workspaceId, hookId, _) = await HookAsync(database, "redirect");
        await Commands(database).SendTestEventAsync(Admin, workspaceId, hookId);

        Assert.Equal((0, 1), Counts(await Dispatcher(database).RunAsync(CancellationToken.None)));

        var request = Assert.Single(await _receiver.ReceivedAsync());
        Assert.StartsWith("/redirect", request.Path, StringComparison.Ordinal);
        var delivery = await DeliveryAsync(database, hookId);
        Assert.Equal((DlpHookDeliveryStatus.Pending, (int?)302), (delivery.Status, delivery.LastStatusCode));
        Assert.Contains("redirects are not followed", delivery.LastError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task AHookResolvingToAPrivateAddress_WithoutAnAllowList_IsRefused_AndTheAddressIsNeverContacted(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var workspaceId = await WorkspaceAsync(database, Plan.Enterprise);

        // https to a name (localhost resolves to loopback), and plain http to an address allowed when the hook was saved but not here.
        var (byName, _) = await Commands(database, allowLoopback: false).CreateAsync(Admin, workspaceId, "By name", $"https://localhost:{_receiver.Port}/ok", [DlpHookEvents.Test]);
        var (byAddress, _) = await Commands(database).CreateAsync(Admin, workspaceId, "By address", _receiver.Url("ok"), [DlpHookEvents.Test]);
        await Commands(database).SendTestEventAsync(Admin, workspaceId, byName);
        await Commands(database).SendTestEventAsync(Admin, workspaceId, byAddress);

        var result = await Dispatcher(database, allowLoopback: false).RunAsync(CancellationToken.None);

        Assert.Equal((0, 2), Counts(result));
        Assert.Empty(await _receiver.ReceivedAsync());
        var named = await DeliveryAsync(database, byName);
        Assert.Equal((DlpHookDeliveryStatus.Pending, (int?)null), (named.Status, named.LastStatusCode));
        Assert.StartsWith("Refused: localhost resolves only to addresses hooks may not reach (loopback", named.LastError, StringComparison.Ordinal);
        Assert.StartsWith("Refused: plain http is allowed only to allow-listed addresses", (await DeliveryAsync(database, byAddress)).LastError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task AfterTheLastAttempt_TheDeliveryIsDeadLettered_AndAReplayDeliversItWithTheSameId(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var (workspaceId, hookId, secret) = await HookAsync(database, "fail/3");
        await _receiver.TrustAsync("hook", secret);
        await Commands(database).SendTestEventAsync(Admin, workspaceId, hookId);
        var dispatcher = Dispatcher(database, o => o.MaxAttempts = 3);

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            _clock.Advance((await DeliveryAsync(database, hookId)).NextAttemptAt - _clock.GetUtcNow());
            Assert.Equal((0, 1), Counts(await dispatcher.RunAsync(CancellationToken.None)));
        }

        var dead = await DeliveryAsync(database, hookId);
        Assert.Equal((DlpHookDeliveryStatus.DeadLettered, 3), (dead.Status, dead.Attempts));
        _clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal((0, 0), Counts(await dispatcher.RunAsync(CancellationToken.None)));
        await using (var db = database.CreateContext())
        {
            var (rows, total) = await DlpHookQuery.DeadLettersAsync(db, workspaceId, 0, 20);
            Assert.Equal((1, dead.Id), (total, Assert.Single(rows).Id));
        }

        // Back to the real time, so that the receiver's library takes the new timestamp.
        _clock.Advance(-TimeSpan.FromHours(2));
        await Commands(database).ReplayAsync(Admin, workspaceId, dead.Id);
        Assert.Equal((1, 0), Counts(await dispatcher.RunAsync(CancellationToken.None)));

        var requests = await _receiver.ReceivedAsync();
        Assert.Equal(4, requests.Count);
        Assert.All(requests, r => Assert.Equal(dead.MessageId, r.Headers["webhook-id"]));
        Assert.True(requests[^1].Verified["hook"]);
        var replayed = await DeliveryAsync(database, hookId);
        Assert.Equal((DlpHookDeliveryStatus.Delivered, 1), (replayed.Status, replayed.Attempts));
        await using var check = database.CreateContext();
        Assert.Equal(1, await check.AuditEntries.CountAsync(a => a.Action == "dlp-hook.delivery-replayed"));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task TwoDispatchersAtOnce_SendEachDeliveryOnce(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var (workspaceId, _, _) = await HookAsync(database, "slow/50");
        for (var i = 0; i < 12; i++)
        {
            await using var db = database.CreateContext();
            await DlpHookOutbox.EnqueueAsync(db, workspaceId, DlpHookEvents.AlertCreated, $"alerts/{i}", new { alertId = i }, _clock.GetUtcNow());
            await db.SaveChangesAsync();
        }

        var results = await Task.WhenAll(
            Task.Run(() => Dispatcher(database, o => o.BatchSize = 3).RunAsync(CancellationToken.None)),
            Task.Run(() => Dispatcher(database, o => o.BatchSize = 3).RunAsync(CancellationToken.None)));

        Assert.Equal(12, results.Sum(r => r.Items));
        var ids = (await _receiver.ReceivedAsync()).Select(r => r.Headers["webhook-id"]).ToList();
        Assert.Equal(12, ids.Count);
        Assert.Equal(12, ids.Distinct().Count());
        await using var check = database.CreateContext();
        Assert.All(await check.DlpHookDeliveries.ToListAsync(), d => Assert.Equal((DlpHookDeliveryStatus.Delivered, 1), (d.Status, d.Attempts)));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task AClaimLeftByADeadDispatcher_IsTakenOverOnlyAfterItRunsOut_AndSentOnce(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var (workspaceId, hookId, _) = await HookAsync(database, "ok");
        await Commands(database).SendTestEventAsync(Admin, workspaceId, hookId);
        var options = new DlpHookOptions();
        await using (var db = database.CreateContext())
        {
            // What a dispatcher killed mid-send leaves behind: the attempt counted, its claim still running.
            var until = _clock.GetUtcNow() + options.ClaimLifetime;
            Guid? dead = Guid.NewGuid();
            await db.DlpHookDeliveries.ExecuteUpdateAsync(u => u.SetProperty(d => d.ClaimToken, dead).SetProperty(d => d.ClaimedUntil, until).SetProperty(d => d.Attempts, 1));
        }

        Assert.Equal((0, 0), Counts(await Dispatcher(database).RunAsync(CancellationToken.None)));
        Assert.Empty(await _receiver.ReceivedAsync());
        _clock.Advance(options.ClaimLifetime);
        Assert.Equal((1, 0), Counts(await Dispatcher(database).RunAsync(CancellationToken.None)));
        Assert.Equal((0, 0), Counts(await Dispatcher(database).RunAsync(CancellationToken.None)));
        Assert.Single(await _receiver.ReceivedAsync());
        var delivery = await DeliveryAsync(database, hookId);
        Assert.Equal((DlpHookDeliveryStatus.Delivered, 2, (Guid?)null), (delivery.Status, delivery.Attempts, delivery.ClaimToken));
    }

    private static (int Items, int Errors) Counts(JobRunResult result) => (result.Items, result.Errors);

    private DlpHookCommands Commands(TestDatabase database, bool allowLoopback = true) =>
        new(database.CreateFactory(), _clock, new DataProtectionSecretSealer(_keyRing), new HookAddressRules(allowLoopback ? ["127.0.0.1"] : []));

    private DlpHookDispatcher Dispatcher(TestDatabase database, Action<DlpHookOptions>? configure = null, bool allowLoopback = true)
    {
        var options = new DlpHookOptions();
        if (allowLoopback)
            options.AllowedNetworks.Add("127.0.0.1");
        configure?.Invoke(options);
        return new DlpHookDispatcher(database.CreateFactory(), _clock, new DataProtectionSecretSealer(_keyRing), options, new HookAddressRules(options.AllowedNetworks));
    }

    private async Task<(Guid WorkspaceId, Guid HookId, string Secret)> HookAsync(TestDatabase database, string path, Guid? workspaceId = null)
    {
        var workspace = workspaceId ?? await WorkspaceAsync(database, Plan.Enterprise);
        var (hookId, secret) = await Commands(database).CreateAsync(Admin, workspace, "Partner " + path, _receiver.Url(path), DlpHookEvents.All);
        return (workspace, hookId, secret);
    }

    private async Task<Guid> WorkspaceAsync(TestDatabase database, Plan plan)
    {
        await using var db = database.CreateContext();
        var workspace = Workspace.Create("Acme " + Guid.NewGuid().ToString("N")[..6], plan, DataRegion.EU, _clock.GetUtcNow());
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync();
        return workspace.Id;
    }

    private static async Task<DlpHookDelivery> DeliveryAsync(TestDatabase database, Guid hookId)
    {
        await using var db = database.CreateContext();
        return await db.DlpHookDeliveries.AsNoTracking().SingleAsync(d => d.HookId == hookId);
    }
}
