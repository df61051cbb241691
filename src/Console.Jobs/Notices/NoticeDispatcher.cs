using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using AdminConsole.Jobs.Mail;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Jobs.Notices;

/// <summary>The <c>Notices</c> configuration section.</summary>
public sealed class NoticeOptions
{
    public const string SectionName = "Notices";

    /// <summary>How often the outbox is looked at (publishing a notice also starts a run at once).</summary>
    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Deliveries claimed per database round trip.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>How long a claim holds; a dispatcher that died mid-batch has its deliveries taken over after it.</summary>
    public TimeSpan ClaimLifetime { get; set; } = NoticeDelivery.ClaimLifetime;

    /// <summary>
    /// Sent deliveries recorded per commit. A process killed before the commit sends these again (same
    /// Message-ID), so this bounds the repeats a crash can cause; 1 records every message on its own.
    /// </summary>
    public int SentPerCommit { get; set; } = 50;
}

/// <summary>
/// Sends the queued notice mails. Deliveries are claimed (each with its own link) in short transactions, sent over
/// one SMTP connection, and recorded as sent in groups of <see cref="NoticeOptions.SentPerCommit"/>. A process
/// killed at any moment loses nothing: its claims run out and what was not recorded is sent again, under the same
/// Message-ID, at most one group's worth. A graceful stop (cancellation) only ever stops between messages, records
/// what went out and hands unsent claims back at once: no repeat at all.
/// </summary>
public sealed class NoticeDispatcher(IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider clock, MailSender mail, NoticeOptions options)
{
    public const string JobName = "notice-dispatch";

    public async Task<JobRunResult> RunAsync(CancellationToken cancellationToken)
    {
        int sent = 0, errors = 0;
        string? firstError = null;
        var site = mail.Options.SiteUrl;
        var host = new System.Net.Mail.MailAddress(mail.Options.From).Host;
        IMailBatch? batch = null;
        var sentNotRecorded = new List<(Claimed Item, DateTimeOffset At)>(options.SentPerCommit);
        try
        {
            var serverDown = false;
            while (!serverDown)
            {
                await RecordSentAsync(sentNotRecorded).ConfigureAwait(false);
                var claimed = await ClaimAsync(cancellationToken).ConfigureAwait(false);
                if (claimed.Count == 0)
                    break;
                for (var i = 0; i < claimed.Count; i++)
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        await RecordSentAsync(sentNotRecorded).ConfigureAwait(false);
                        await ReleaseAsync(claimed.Skip(i)).ConfigureAwait(false);
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    if (batch is null)
                    {
                        try
                        {
                            batch = await mail.OpenAsync(CancellationToken.None).ConfigureAwait(false);
                        }
                        catch (Exception ex) when (MailSender.IsFailure(ex))
                        {
                            // Nobody's fault but the server's: hand every claim back uncounted and try again on the next run.
                            await RecordSentAsync(sentNotRecorded).ConfigureAwait(false);
                            await ReleaseAsync(claimed.Skip(i)).ConfigureAwait(false);
                            errors++;
                            firstError ??= $"The mail server cannot be reached: {MailSender.Describe(ex)}";
                            serverDown = true;
                            break;
                        }
                    }

                    var item = claimed[i];
                    var message = NoticeMail.Compose(item.Notice, item.SubscriptionId, item.Email, item.Company, item.Token, site, host);
                    try
                    {
                        // A message is never cut off half-way by a stop request: only time-outs end it.
                        await batch.SendAsync(message, CancellationToken.None).ConfigureAwait(false);
                        sentNotRecorded.Add((item, clock.GetUtcNow()));
                        sent++;
                        if (sentNotRecorded.Count >= options.SentPerCommit)
                            await RecordSentAsync(sentNotRecorded).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (MailSender.IsFailure(ex))
                    {
                        var transient = ex is not MailDeliveryException { IsTransient: false };
                        var reason = MailSender.Describe(ex);
                        await MarkAsync(item, d => d.MarkFailed(clock.GetUtcNow(), reason, transient)).ConfigureAwait(false);
                        errors++;
                        firstError ??= reason;
                        if (ex is not MailDeliveryException { Code: >= 400 })
                        {
                            // The connection itself broke: open a new one for the next message.
                            await batch.DisposeAsync().ConfigureAwait(false);
                            batch = null;
                        }
                    }
                }
            }
        }
        finally
        {
            await RecordSentAsync(sentNotRecorded).ConfigureAwait(false);
            if (batch is not null)
                await batch.DisposeAsync().ConfigureAwait(false);
        }

        await FinishNoticesAsync(cancellationToken).ConfigureAwait(false);
        return new JobRunResult(sent, errors, firstError);
    }

    /// <summary>Due deliveries, oldest first: each claimed with a fresh link, or skipped if the subscriber has left.</summary>
    private async Task<List<Claimed>> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        // Two index range scans (status, due), oldest first: what is queued, then claims that ran out.
        var rows = await DueAsync(db, DeliveryStatus.Queued, now, options.BatchSize, cancellationToken).ConfigureAwait(false);
        if (rows.Count < options.BatchSize)
            rows.AddRange(await DueAsync(db, DeliveryStatus.Sending, now, options.BatchSize - rows.Count, cancellationToken).ConfigureAwait(false));
        if (rows.Count == 0)
            return [];
        var noticeIds = rows.Select(r => r.Delivery.NoticeId).Distinct().ToList();
        var notices = await db.Notices.AsNoTracking().Where(n => noticeIds.Contains(n.Id)).ToDictionaryAsync(n => n.Id, cancellationToken).ConfigureAwait(false);
        var claimed = new List<Claimed>(rows.Count);
        foreach (var row in rows)
        {
            if (row.SubscriptionStatus != SubscriptionStatus.Confirmed)
            {
                row.Delivery.MarkSkipped();
                continue;
            }

            row.Delivery.Claim(now, options.ClaimLifetime);
            var (link, token) = NoticeLink.Issue(row.Delivery.NoticeId, row.Delivery.SubscriptionId, now);
            db.NoticeLinks.Add(link);
            claimed.Add(new Claimed(notices[row.Delivery.NoticeId], row.Delivery.SubscriptionId, row.Delivery.Attempts, row.Email, row.Company, token));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another dispatcher claimed some of these first; take what is left on the next round.
            return [];
        }

        return claimed;
    }

    private static Task<List<DueRow>> DueAsync(ConsoleDbContext db, DeliveryStatus status, DateTimeOffset now, int take, CancellationToken cancellationToken) =>
        (from d in db.NoticeDeliveries
         join s in db.Subscriptions on d.SubscriptionId equals s.Id
         where d.Status == status && d.DueAt <= now
         orderby d.DueAt
         select new DueRow(d, s.Email, s.Company, s.Status))
        .Take(take)
        .ToListAsync(cancellationToken);

    /// <summary>Records sent deliveries in one transaction, each only if its claim is still this run's.</summary>
    private async Task RecordSentAsync(List<(Claimed Item, DateTimeOffset At)> sent)
    {
        if (sent.Count == 0)
            return;
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None).ConfigureAwait(false);
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None).ConfigureAwait(false);
        foreach (var (item, at) in sent)
        {
            await db.NoticeDeliveries
                .Where(d => d.NoticeId == item.Notice.Id && d.SubscriptionId == item.SubscriptionId && d.Status == DeliveryStatus.Sending && d.Attempts == item.Attempt)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, DeliveryStatus.Sent).SetProperty(d => d.SentAt, at).SetProperty(d => d.LastError, (string?)null), CancellationToken.None)
                .ConfigureAwait(false);
        }

        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        sent.Clear();
    }

    /// <summary>Records one outcome, only if the claim is still this run's (same attempt, still sending).</summary>
    private async Task MarkAsync(Claimed item, Action<NoticeDelivery> outcome)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None).ConfigureAwait(false);
        var delivery = await db.NoticeDeliveries.SingleAsync(d => d.NoticeId == item.Notice.Id && d.SubscriptionId == item.SubscriptionId).ConfigureAwait(false);
        if (delivery.Status != DeliveryStatus.Sending || delivery.Attempts != item.Attempt)
            return;
        outcome(delivery);
        await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private async Task ReleaseAsync(IEnumerable<Claimed> unsent)
    {
        foreach (var item in unsent)
            await MarkAsync(item, d => d.Release(clock.GetUtcNow())).ConfigureAwait(false);
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

    private sealed record DueRow(NoticeDelivery Delivery, string Email, string? Company, SubscriptionStatus SubscriptionStatus);

    private sealed record Claimed(Notice Notice, Guid SubscriptionId, int Attempt, string Email, string? Company, string Token);
}
