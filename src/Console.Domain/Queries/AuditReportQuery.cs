using AdminConsole.Domain.Model.Reports;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Queries;

public sealed record AuditReportPage(IReadOnlyList<AuditReport> Items, int Total)
{
    public bool AnyInProgress => Items.Any(r => r.Status is AuditReportStatus.Queued or AuditReportStatus.Running);
}

/// <summary>The report archive, newest first, without the files.</summary>
public static class AuditReportQuery
{
    public const int MaxTake = 100;

    /// <param name="workspaceIds">The workspaces whose reports the reader may see; null: every report, all-workspace ones included.</param>
    public static async Task<AuditReportPage> PageAsync(ConsoleDbContext db, IQueryable<Guid>? workspaceIds, int skip, int take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var reports = db.AuditReports.AsNoTracking();
        if (workspaceIds is not null)
            reports = reports.Where(r => r.WorkspaceId != null && workspaceIds.Contains(r.WorkspaceId.Value));
        var total = await reports.CountAsync(cancellationToken).ConfigureAwait(false);
        var items = await reports.OrderByDescending(r => r.RequestedAt).ThenBy(r => r.Id)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, MaxTake))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new AuditReportPage(items, total);
    }
}
