using AdminConsole.Domain.Model.Lifecycle;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Queries;

/// <summary>Reads over prompt logs, AI outputs and provider request records.</summary>
public static class RetainedRecordQuery
{
    /// <summary>
    /// When the workspace's oldest record was created, or null when it has none: the first entry of the
    /// (WorkspaceId, CreatedAt) index. Asked as an ordered first row rather than a minimum, so that SQLite's planner
    /// takes that index and not the (WorkspaceId, Id, CreatedAt) one, through which it read every row of the
    /// workspace (about 350 ms on 250,000 rows; docs/benchmarks.md).
    /// </summary>
    public static Task<DateTimeOffset?> OldestCreatedAtAsync<T>(this IQueryable<T> records, Guid workspaceId, CancellationToken cancellationToken)
        where T : class, IRetainedRecord =>
        records.AsNoTracking().Where(r => r.WorkspaceId == workspaceId).OrderBy(r => r.CreatedAt).Select(r => (DateTimeOffset?)r.CreatedAt).FirstOrDefaultAsync(cancellationToken);
}
