using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Queries;

public sealed record RegistrySummary(
    int Proposed, int InNoticePeriod, int Authorized, int Retired, int ReviewsOverdue, int ReviewsDueSoon, int CertificationsExpiringSoon);

/// <summary>The dashboard's registry figures: subprocessors per status, reviews overdue or due within 30 days, certifications about to lapse.</summary>
public static class RegistrySummaryQuery
{
    public const int DueSoonDays = 30;

    public static async Task<RegistrySummary> RunAsync(ConsoleDbContext db, DateOnly today, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var perStatus = await db.Subprocessors.AsNoTracking()
            .GroupBy(s => s.Status).Select(g => new { Status = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        int Count(SubprocessorStatus status) => perStatus.Where(p => p.Status == status).Sum(p => p.Count);

        // The registry holds tens to hundreds of entries: the review rules run on the loaded authorized ones.
        var active = await db.Subprocessors.AsNoTracking().Include(s => s.Reviews)
            .Where(s => s.Status != SubprocessorStatus.Retired)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var overdue = active.Count(s => s.IsReviewOverdue(today));
        var dueSoon = active.Count(s => s.ReviewDueOn() is { } due && due >= today && due <= today.AddDays(DueSoonDays));
        var expiring = active.Count(s => s.Certifications.Any(c => c.ExpiresSoon(today) || c.IsExpired(today)));
        return new RegistrySummary(
            Count(SubprocessorStatus.Proposed), Count(SubprocessorStatus.NoticePeriod), Count(SubprocessorStatus.Authorized), Count(SubprocessorStatus.Retired),
            overdue, dueSoon, expiring);
    }
}
