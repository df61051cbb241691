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
}

/// <summary>
/// Sends the queued notice mails. Each delivery is claimed (with its link) in a short transaction, sent, then
/// marked sent on its own, so a process killed at any moment leaves at most the one message in flight unrecorded:
/// its claim runs out and it is sent again, under the same Message-ID. Nothing is lost; a graceful stop
/// (cancellation) only ever stops between messages and hands unsent claims back at once.
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
        try
        {
            var serverDown = false;
            while (!serverDown)
            {
                var claimed = await ClaimAsync(cancellationToken).ConfigureAwait(false);
                if (claimed.Count == 0)
                    break;
                for (var i = 0; i < claimed.Count; i++)
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
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
                        await MarkAsync(item, d => d.MarkSent(clock.GetUtcNow())).ConfigureAwait(false);
                        sent++;
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
        var rows = await (
                from d in db.NoticeDeliveries
                join s in db.Subscriptions on d.SubscriptionId equals s.Id
                where (d.Status == DeliveryStatus.Queued || d.Status == DeliveryStatus.Sending) && d.DueAt <= now
                orderby d.DueAt
                select new { Delivery = d, s.Email, s.Company, s.Status })
            .Take(options.BatchSize)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0)
            return [];
        var noticeIds = rows.Select(r => r.Delivery.NoticeId).Distinct().ToList();
        var notices = await db.Notices.AsNoTracking().Where(n => noticeIds.Contains(n.Id)).ToDictionaryAsync(n => n.Id, cancellationToken).ConfigureAwait(false);
        var claimed = new List<Claimed>(rows.Count);
        foreach (var row in rows)
        {
            if (row.Status != SubscriptionStatus.Confirmed)
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

    private sealed record Claimed(Notice Notice, Guid SubscriptionId, int Attempt, string Email, string? Company, string Token);
}
