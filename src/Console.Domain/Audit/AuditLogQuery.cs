using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Audit;

public sealed record AuditLogRequest(
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Actor = null,
    Guid? WorkspaceId = null,
    string? Action = null,
    int Skip = 0,
    int Take = 50)
{
    public const int MaxTake = 500;
}

public sealed record AuditLogItem(
    long Sequence, DateTimeOffset At, string ActorId, string ActorName, string ActorRole, string? SourceIp,
    Guid? WorkspaceId, string Action, string TargetType, string TargetId);

public sealed record AuditLogPage(IReadOnlyList<AuditLogItem> Items, int Total);

/// <summary>
/// Which entries a reader may see: every entry, or the entries of some workspaces. Legal-hold entries are
/// compliance evidence: a hold may concern a dispute with the workspace's own company, so readers scoped to
/// workspaces never see them, although they carry the workspace's id.
/// </summary>
public sealed record AuditScope(IQueryable<Guid>? Workspaces, bool IncludesLegalHolds)
{
    /// <summary>The target type of legal-hold entries.</summary>
    public const string LegalHoldTarget = nameof(Model.Lifecycle.LegalHold);

    public static AuditScope Everything { get; } = new(null, true);

    /// <summary>A workspace admin's view: their workspaces' entries, legal holds left out.</summary>
    public static AuditScope OfWorkspaces(IQueryable<Guid> workspaces) => new(workspaces, false);

    public IQueryable<AuditEntry> Apply(IQueryable<AuditEntry> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (Workspaces is { } visible)
            query = query.Where(e => e.WorkspaceId != null && visible.Contains(e.WorkspaceId.Value));
        if (!IncludesLegalHolds)
            query = query.Where(e => e.TargetType != LegalHoldTarget);
        return query;
    }
}

/// <summary>The audit-log page: newest first, filtered and paged in SQL, limited to the workspaces the reader may see.</summary>
public static class AuditLogQuery
{
    public static async Task<AuditLogPage> RunAsync(ConsoleDbContext db, AuditLogRequest request, AuditScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(request);
        var query = Filter(db.AuditEntries.AsNoTracking(), request, scope);
        var total = await query.CountAsync(cancellationToken).ConfigureAwait(false);
        var items = await query
            .OrderByDescending(e => e.Sequence)
            .Skip(Math.Max(0, request.Skip))
            .Take(Math.Clamp(request.Take, 1, AuditLogRequest.MaxTake))
            .Select(e => new AuditLogItem(e.Sequence, e.At, e.ActorId, e.ActorName, e.ActorRole, e.SourceIp, e.WorkspaceId, e.Action, e.TargetType, e.TargetId))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new AuditLogPage(items, total);
    }

    /// <summary>The entries the request selects and the reader may see, unordered and unpaged (for exports).</summary>
    public static IQueryable<AuditEntry> Matching(ConsoleDbContext db, AuditLogRequest request, AuditScope scope)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(request);
        return Filter(db.AuditEntries.AsNoTracking(), request, scope);
    }

    public static Task<AuditEntry?> FindAsync(ConsoleDbContext db, long sequence, AuditScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        return scope.Apply(db.AuditEntries.AsNoTracking().Where(e => e.Sequence == sequence)).SingleOrDefaultAsync(cancellationToken);
    }

    private static IQueryable<AuditEntry> Filter(IQueryable<AuditEntry> query, AuditLogRequest request, AuditScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        query = scope.Apply(query);
        if (request.From is { } from)
            query = query.Where(e => e.At >= from);
        if (request.To is { } to)
            query = query.Where(e => e.At < to);
        if (request.WorkspaceId is { } workspace)
            query = query.Where(e => e.WorkspaceId == workspace);
        if (!string.IsNullOrWhiteSpace(request.Action))
        {
            var action = request.Action.Trim();
            query = query.Where(e => e.Action == action);
        }

        if (!string.IsNullOrWhiteSpace(request.Actor))
        {
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL lower()
            var actor = request.Actor.Trim().ToLower();
            query = query.Where(e => e.ActorName.ToLower().Contains(actor) || e.ActorId == request.Actor.Trim());
#pragma warning restore CA1304, CA1311, CA1862
        }

        return query;
    }
}
