using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using AdminConsole.Jobs.Mail;
using AdminConsole.Domain.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace AdminConsole.Jobs.Notices;

/// <summary>The <c>Notices</c> configuration section.</summary>
public sealed class NoticeOptions
{
    public const string SectionName = "Notices";

    /// <summary>How often the outbox is looked at (publishing a notice also starts a run at once).</summary>
    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Deliveries claimed per database round trip.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>How long a claim holds; a dispatcher that died mid-batch has its deliveries taken over after it.</summary>
    public TimeSpan ClaimLifetime { get; set; } = NoticeDelivery.ClaimLifetime;

    /// <summary>
    /// Sent deliveries recorded per commit. A process killed before the commit sends these again (same
    /// Message-ID), so this bounds the repeats a crash can cause; 1 records every message on its own.
    /// </summary>
    public int SentPerCommit { get; set; } = 200;

    /// <summary>
    /// SMTP connections a run sends over side by side (each takes every n-th message of a claim). Two keep the fan-out
    /// at the pace of one connection that needs one round trip less per message; 1 sends over a single connection.
    /// </summary>
    public int Connections { get; set; } = 2;
}

/// <summary>
/// Sends the queued notice mails. Deliveries are claimed in short transactions (each message gets its own signed link), sent over
/// <see cref="NoticeOptions.Connections"/> SMTP connections side by side, and recorded as sent in groups of <see cref="NoticeOptions.SentPerCommit"/>. A process
/// killed at any moment loses nothing: its claims run out and what was not recorded is sent again, under the same
/// Message-ID, at most one group's worth. A graceful stop (cancellation) only ever stops between messages, records
/// what went out and hands unsent claims back at once: no repeat at all.
/// </summary>
public sealed class NoticeDispatcher(IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider clock, MailSender mail, NoticeLinks links, NoticeOptions options)
{
    public const string JobName = "notice-dispatch";

    public Task<JobRunResult> RunAsync(CancellationToken cancellationToken) => RunAsync(null, cancellationToken);

    /// <param name="runId">
    /// The run record: each group of deliveries recorded as sent adds to its items in the same transaction, so a run
    /// killed half-way is shown with what it sent, not with nothing.
    /// </param>
    public async Task<JobRunResult> RunAsync(Guid? runId, CancellationToken cancellationToken)
    {
        int sent = 0, errors = 0;
        string? firstError = null;
        var site = mail.Options.SiteUrl;
        var host = new System.Net.Mail.MailAddress(mail.Options.From).Host;
        var connections = Math.Max(1, options.Connections);

        // One SMTP connection per lane, kept across claims; each lane sends every connections-th message of a claim.
        var batches = new IMailBatch?[connections];
        using var sentNotRecorded = new SentRecorder(this, options.SentPerCommit, runId);
        var serverDown = 0;

        void Failed(string reason)
        {
            Interlocked.Increment(ref errors);
            Interlocked.CompareExchange(ref firstError, reason, null);
        }

        async Task SendLaneAsync(int lane, IReadOnlyList<Claimed> claimed)
        {
            for (var i = 0; i < claimed.Count; i++)
            {
                if (cancellationToken.IsCancellationRequested || Volatile.Read(ref serverDown) == 1)
                {
                    await sentNotRecorded.CommitAsync(wait: true).ConfigureAwait(false);
                    await ReleaseAsync(claimed.Skip(i)).ConfigureAwait(false);
                    cancellationToken.ThrowIfCancellationRequested();
                    return;
                }

                if (batches[lane] is null)
                {
                    try
                    {
                        batches[lane] = await mail.OpenAsync(CancellationToken.None).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (MailSender.IsFailure(ex))
                    {
                        // Nobody's fault but the server's: hand every claim back uncounted and try again on the next run.
                        await sentNotRecorded.CommitAsync(wait: true).ConfigureAwait(false);
                        await ReleaseAsync(claimed.Skip(i)).ConfigureAwait(false);
                        // Counted once for the run, whichever lane found it first.
                        if (Interlocked.Exchange(ref serverDown, 1) == 0)
                            Failed($"The mail server cannot be reached: {MailSender.Describe(ex)}");
                        return;
                    }
                }

                var item = claimed[i];
                var message = NoticeMail.Compose(item.Notice, item.SubscriptionId, item.Email, item.Company, item.Token, site, host);
                try
                {
                    // A message is never cut off half-way by a stop request: only time-outs end it.
                    await batches[lane]!.SendAsync(message, CancellationToken.None).ConfigureAwait(false);
                    await sentNotRecorded.AddAsync(item, clock.GetUtcNow()).ConfigureAwait(false);
                    Interlocked.Increment(ref sent);
                    ConsoleMeter.NoticesSent.Add(1);
                }
                catch (Exception ex) when (MailSender.IsFailure(ex))
                {
                    var transient = ex is not MailDeliveryException { IsTransient: false };
                    var reason = MailSender.Describe(ex);
                    await MarkFailedAsync(item, reason, transient).ConfigureAwait(false);
                    ConsoleMeter.NoticesFailed.Add(1, ConsoleMeter.Tag("failure", transient ? "temporary" : "permanent"));
                    Failed(reason);
                    if (ex is not MailDeliveryException { Code: >= 400 })
                    {
                        // The connection itself broke: open a new one for the next message.
                        await batches[lane]!.DisposeAsync().ConfigureAwait(false);
                        batches[lane] = null;
                    }
                }
            }
        }

        // A notice's text does not change once published: read once per run.
        var notices = new Dictionary<Guid, Notice>();
        await links.PrepareAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (Volatile.Read(ref serverDown) == 0)
            {
                await sentNotRecorded.CommitAsync(wait: false).ConfigureAwait(false);
                var claimed = await ClaimAsync(notices, cancellationToken).ConfigureAwait(false);
                if (claimed.Count == 0)
                    break;
                var lanes = Enumerable.Range(0, connections)
                    .Select(lane => claimed.Where((_, index) => index % connections == lane).ToList())
                    .Select((items, lane) => items.Count == 0 ? Task.CompletedTask : SendLaneAsync(lane, items));
                await Task.WhenAll(lanes).ConfigureAwait(false);
            }
        }
        finally
        {
            await sentNotRecorded.CommitAsync(wait: true).ConfigureAwait(false);
            foreach (var batch in batches)
            {
                if (batch is not null)
                    await batch.DisposeAsync().ConfigureAwait(false);
            }
        }

        await FinishNoticesAsync(cancellationToken).ConfigureAwait(false);
        return new JobRunResult(sent, errors, firstError);
    }

    /// <summary>
    /// Due deliveries, oldest first, claimed in one transaction with set-based updates: skipped if the subscriber
    /// has left, otherwise marked sending until the claim runs out (the attempt counted) and given a fresh signed link.
    /// The updates re-check that each row is still due, so a row another dispatcher claimed meanwhile is left to it;
    /// what this run holds is read back by its own claim expiry.
    /// </summary>
    private async Task<List<Claimed>> ClaimAsync(Dictionary<Guid, Notice> notices, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var until = now + options.ClaimLifetime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);

        // Two index range scans (status, due), oldest first: what is queued, then claims that ran out.
        var rows = await DueAsync(db, DeliveryStatus.Queued, now, options.BatchSize, cancellationToken).ConfigureAwait(false);
        if (rows.Count < options.BatchSize)
            rows.AddRange(await DueAsync(db, DeliveryStatus.Sending, now, options.BatchSize - rows.Count, cancellationToken).ConfigureAwait(false));
        if (rows.Count == 0)
            return [];

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var claimed = new List<Claimed>(rows.Count);
        foreach (var notice in rows.GroupBy(r => r.NoticeId))
        {
            var noticeId = notice.Key;
            var left = notice.Where(r => r.SubscriptionStatus != SubscriptionStatus.Confirmed).Select(r => r.SubscriptionId).ToList();
            var staying = notice.Where(r => r.SubscriptionStatus == SubscriptionStatus.Confirmed).Select(r => r.SubscriptionId).ToList();
            if (left.Count > 0)
            {
                await Due(db, noticeId, left, now)
                    .ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, DeliveryStatus.Skipped), cancellationToken).ConfigureAwait(false);
            }

            if (staying.Count == 0)
                continue;
            var taken = await Due(db, noticeId, staying, now)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, DeliveryStatus.Sending).SetProperty(d => d.Attempts, d => d.Attempts + 1).SetProperty(d => d.DueAt, until), cancellationToken)
                .ConfigureAwait(false);

            // Each row is updated at most once, so when every row was taken they are all this run's; only after a
            // race with another dispatcher is it worth reading back which ones are.
            var mine = taken == staying.Count
                ? staying.ToHashSet()
                : (await db.NoticeDeliveries.AsNoTracking()
                    .Where(d => d.NoticeId == noticeId && staying.Contains(d.SubscriptionId) && d.Status == DeliveryStatus.Sending && d.DueAt == until)
                    .Select(d => d.SubscriptionId)
                    .ToListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet();
            if (!notices.TryGetValue(noticeId, out var text))
            {
                text = await db.Notices.AsNoTracking().SingleAsync(n => n.Id == noticeId, cancellationToken).ConfigureAwait(false);
                notices.Add(noticeId, text);
            }

            foreach (var row in notice.Where(r => mine.Contains(r.SubscriptionId)))
            {
                claimed.Add(new Claimed(text, row.SubscriptionId, until, row.Email, row.Company, await links.IssueAsync(noticeId, row.SubscriptionId, now, cancellationToken).ConfigureAwait(false)));
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return claimed;
    }

    /// <summary>These deliveries of the notice, if still due (queued, or a claim that ran out).</summary>
    private static IQueryable<NoticeDelivery> Due(ConsoleDbContext db, Guid noticeId, List<Guid> subscriptionIds, DateTimeOffset now) =>
        db.NoticeDeliveries.Where(d => d.NoticeId == noticeId && subscriptionIds.Contains(d.SubscriptionId)
            && (d.Status == DeliveryStatus.Queued || d.Status == DeliveryStatus.Sending) && d.DueAt <= now);

    private static Task<List<DueRow>> DueAsync(ConsoleDbContext db, DeliveryStatus status, DateTimeOffset now, int take, CancellationToken cancellationToken) =>
        (from d in db.NoticeDeliveries
         join s in db.Subscriptions on d.SubscriptionId equals s.Id
         where d.Status == status && d.DueAt <= now
         orderby d.DueAt
         select new DueRow(d.NoticeId, d.SubscriptionId, s.Email, s.Company, s.Status))
        .Take(take)
        .ToListAsync(cancellationToken);

    /// <summary>
    /// Records sent deliveries in one statement per notice and claim, each only if its claim is still this run's.
    /// The group's last send time stands for all of it.
    /// </summary>
    private Task RecordSentAsync(List<(Claimed Item, DateTimeOffset At)> sent, Guid? runId) =>
        UpdateOwnAsync(sent, at => u => u.SetProperty(d => d.Status, DeliveryStatus.Sent).SetProperty(d => d.SentAt, at).SetProperty(d => d.LastError, (string?)null), runId);

    /// <summary>Claims handed back unsent (the run is stopping): due again at once, the attempt not counted.</summary>
    private Task ReleaseAsync(IEnumerable<Claimed> unsent)
    {
        var now = clock.GetUtcNow();
        return UpdateOwnAsync(
            unsent.Select(c => (c, now)).ToList(),
            _ => u => u.SetProperty(d => d.Status, DeliveryStatus.Queued).SetProperty(d => d.Attempts, d => d.Attempts - 1).SetProperty(d => d.DueAt, now));
    }

    /// <summary>
    /// One transaction, one statement per notice and claim: the change applies only to rows this run still holds
    /// (still sending, under the claim's own expiry), never to a claim another run has taken over since.
    /// </summary>
    /// <param name="countedOn">A run whose items the changed rows add to, in the same transaction.</param>
    private async Task UpdateOwnAsync(
        List<(Claimed Item, DateTimeOffset At)> items,
        Func<DateTimeOffset, Action<UpdateSettersBuilder<NoticeDelivery>>> change,
        Guid? countedOn = null)
    {
        if (items.Count == 0)
            return;
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None).ConfigureAwait(false);
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None).ConfigureAwait(false);
        var changed = 0;
        foreach (var group in items.GroupBy(s => (s.Item.Notice.Id, s.Item.ClaimedUntil)))
        {
            var (noticeId, claimedUntil) = group.Key;
            var ids = group.Select(s => s.Item.SubscriptionId).ToList();
            changed += await db.NoticeDeliveries
                .Where(d => d.NoticeId == noticeId && ids.Contains(d.SubscriptionId) && d.Status == DeliveryStatus.Sending && d.DueAt == claimedUntil)
                .ExecuteUpdateAsync(change(group.Max(s => s.At)), CancellationToken.None)
                .ConfigureAwait(false);
        }

        if (countedOn is { } runId && changed > 0)
        {
            await db.JobRuns.Where(r => r.Id == runId)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.Items, r => r.Items + changed), CancellationToken.None)
                .ConfigureAwait(false);
        }

        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Records a failed attempt (with its backoff), only if the claim is still this run's.</summary>
    private async Task MarkFailedAsync(Claimed item, string reason, bool transient)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None).ConfigureAwait(false);
        // The claim's time is compared by the database, as the claim stored it: a stored time may be coarser than the
        // clock's (milliseconds on SQLite, microseconds on PostgreSQL), so comparing the loaded value here never matched.
        var delivery = await db.NoticeDeliveries
            .SingleOrDefaultAsync(d => d.NoticeId == item.Notice.Id && d.SubscriptionId == item.SubscriptionId && d.Status == DeliveryStatus.Sending && d.DueAt == item.ClaimedUntil)
            .ConfigureAwait(false);
        if (delivery is null)
            return;
        delivery.MarkFailed(clock.GetUtcNow(), reason, transient);
        await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Notices whose every delivery is final get their finish time and one audit entry with the counts.</summary>
    private async Task FinishNoticesAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var open = await db.Notices.Where(n => n.DeliveryFinishedAt == null)
            .Where(n => !db.NoticeDeliveries.Any(d => d.NoticeId == n.Id && (d.Status == DeliveryStatus.Queued || d.Status == DeliveryStatus.Sending)))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var notice in open)
        {
            var counts = await db.NoticeDeliveries.Where(d => d.NoticeId == notice.Id).GroupBy(d => d.Status)
                .Select(g => new { Status = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Status, g => g.Count, cancellationToken).ConfigureAwait(false);
            var now = clock.GetUtcNow();
            notice.FinishDelivery(now);
            db.Audit(AuditActor.Job(JobName), new AuditRecord("notice.delivered", "Notice", notice.Id.ToString(), null, null, new
            {
                notice.Title,
                notice.Recipients,
                Sent = counts.GetValueOrDefault(DeliveryStatus.Sent),
                Failed = counts.GetValueOrDefault(DeliveryStatus.Failed),
                Skipped = counts.GetValueOrDefault(DeliveryStatus.Skipped),
            }), now);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Records sent deliveries in groups while sending goes on: one group commits in the background while the next
    /// fills, so at most <paramref name="limit"/> sent messages are unrecorded at any moment (two half groups).
    /// </summary>
    private sealed class SentRecorder(NoticeDispatcher dispatcher, int limit, Guid? runId) : IDisposable
    {
        private readonly int _groupSize = Math.Max(1, limit / 2);
        private readonly SemaphoreSlim _lock = new(1, 1);
        private List<(Claimed Item, DateTimeOffset At)> _group = [];
        private Task _committing = Task.CompletedTask;

        /// <summary>Adds a sent delivery (from any lane); a full group starts committing.</summary>
        public async Task AddAsync(Claimed item, DateTimeOffset at)
        {
            await _lock.WaitAsync().ConfigureAwait(false);
            try
            {
                _group.Add((item, at));
                if (_group.Count >= _groupSize)
                    await CommitLockedAsync(wait: limit < 2).ConfigureAwait(false);
            }
            finally
            {
                _lock.Release();
            }
        }

        /// <summary>Starts committing what is waiting (after the previous group); <paramref name="wait"/> for it to finish.</summary>
        public async Task CommitAsync(bool wait)
        {
            await _lock.WaitAsync().ConfigureAwait(false);
            try
            {
                await CommitLockedAsync(wait).ConfigureAwait(false);
            }
            finally
            {
                _lock.Release();
            }
        }

        public void Dispose() => _lock.Dispose();

        private async Task CommitLockedAsync(bool wait)
        {
            await _committing.ConfigureAwait(false);
            if (_group.Count > 0)
            {
                var group = _group;
                _group = [];
                _committing = dispatcher.RecordSentAsync(group, runId);
            }

            if (wait)
                await _committing.ConfigureAwait(false);
        }
    }

    private sealed record DueRow(Guid NoticeId, Guid SubscriptionId, string Email, string? Company, SubscriptionStatus SubscriptionStatus);

    private sealed record Claimed(Notice Notice, Guid SubscriptionId, DateTimeOffset ClaimedUntil, string Email, string? Company, string Token);
}
