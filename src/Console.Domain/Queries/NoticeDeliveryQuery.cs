using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Queries;

public sealed record NoticeSummary(
    Guid Id, NoticeKind Kind, string Title, DateTimeOffset PublishedAt, DateTimeOffset EffectiveAt, int Recipients,
    int Sent, int Failed, int Skipped, int Pending, DateTimeOffset? LastSentAt, DateTimeOffset? DeliveryFinishedAt);

public sealed record ObjectionRow(Guid Id, string NoticeTitle, string Email, string? Company, string? Reason, DateTimeOffset CreatedAt);

public sealed record DeliveryRow(Guid SubscriptionId, string Email, string? Company, DeliveryStatus Status, int Attempts, DateTimeOffset QueuedAt, DateTimeOffset? SentAt, DateTimeOffset DueAt, string? LastError);

/// <summary>The delivery record of notices: per-notice counts, the deliveries themselves, and objections received.</summary>
public static class NoticeDeliveryQuery
{
    public static async Task<IReadOnlyList<NoticeSummary>> ForSubprocessorAsync(ConsoleDbContext db, Guid subprocessorId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var notices = await db.Notices.AsNoTracking().Where(n => n.SubprocessorId == subprocessorId)
            .OrderByDescending(n => n.PublishedAt).ToListAsync(cancellationToken).ConfigureAwait(false);
        var ids = notices.Select(n => n.Id).ToList();
        var counts = await db.NoticeDeliveries.AsNoTracking().Where(d => ids.Contains(d.NoticeId))
            .GroupBy(d => new { d.NoticeId, d.Status })
            .Select(g => new { g.Key.NoticeId, g.Key.Status, Count = g.Count(), LastSent = g.Max(d => d.SentAt) })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return notices.Select(n =>
        {
            int Count(DeliveryStatus status) => counts.Where(c => c.NoticeId == n.Id && c.Status == status).Sum(c => c.Count);
            var lastSent = counts.Where(c => c.NoticeId == n.Id && c.Status == DeliveryStatus.Sent).Select(c => c.LastSent).FirstOrDefault();
            return new NoticeSummary(
                n.Id, n.Kind, n.Title, n.PublishedAt, n.EffectiveAt, n.Recipients, Count(DeliveryStatus.Sent), Count(DeliveryStatus.Failed), Count(DeliveryStatus.Skipped),
                Count(DeliveryStatus.Queued) + Count(DeliveryStatus.Sending), lastSent, n.DeliveryFinishedAt);
        }).ToList();
    }

    public static async Task<IReadOnlyList<ObjectionRow>> ObjectionsAsync(ConsoleDbContext db, Guid subprocessorId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await (
                from o in db.Objections.AsNoTracking()
                join n in db.Notices on o.NoticeId equals n.Id
                join s in db.Subscriptions on o.SubscriptionId equals s.Id
                where o.SubprocessorId == subprocessorId
                orderby o.CreatedAt descending
                select new ObjectionRow(o.Id, n.Title, s.Email, s.Company, o.Reason, o.CreatedAt))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One page of a notice's deliveries (paged and filtered in SQL), and how many match.</summary>
    public static async Task<(IReadOnlyList<DeliveryRow> Rows, int Total)> DeliveriesAsync(
        ConsoleDbContext db, Guid noticeId, DeliveryStatus? status, int skip, int take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query =
            from d in db.NoticeDeliveries.AsNoTracking()
            join s in db.Subscriptions on d.SubscriptionId equals s.Id
            where d.NoticeId == noticeId
            select new { d, s.Email, s.Company };
        if (status is { } wanted)
            query = query.Where(x => x.d.Status == wanted);
        var total = await query.CountAsync(cancellationToken).ConfigureAwait(false);
        var rows = await query.OrderBy(x => x.Email).ThenBy(x => x.d.SubscriptionId).Skip(skip).Take(take)
            .Select(x => new DeliveryRow(x.d.SubscriptionId, x.Email, x.Company, x.d.Status, x.d.Attempts, x.d.QueuedAt, x.d.SentAt, x.d.DueAt, x.d.LastError))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return (rows, total);
    }
}
