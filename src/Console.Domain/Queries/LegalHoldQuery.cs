using AdminConsole.Domain.Model.Lifecycle;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Queries;

public sealed record LegalHoldRow(
    Guid Id,
    Guid WorkspaceId,
    string WorkspaceName,
    string Reason,
    DateTimeOffset From,
    DateTimeOffset? Until,
    string PlacedBy,
    DateTimeOffset PlacedAt,
    string? LiftedBy,
    DateTimeOffset? LiftedAt,
    bool InForce);

public sealed record LegalHoldPage(IReadOnlyList<LegalHoldRow> Items, int Total);

/// <summary>Legal holds as officers and auditors read them: every hold ever placed, or those in force, newest first, paged in SQL.</summary>
public static class LegalHoldQuery
{
    public const int MaxTake = 200;

    /// <summary><see cref="LegalHold.IsInForce"/> in SQL: started, not ended, not lifted. The purges skip what these hold.</summary>
    public static IQueryable<LegalHold> InForce(this IQueryable<LegalHold> holds, DateTimeOffset now) =>
        holds.Where(h => h.LiftedAt == null && h.From <= now && (h.Until == null || h.Until > now));

    /// <param name="workspaceId">One workspace's holds, or every workspace's when null.</param>
    public static async Task<LegalHoldPage> RunAsync(ConsoleDbContext db, Guid? workspaceId, bool inForceOnly, DateTimeOffset now, int skip, int take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var holds = db.LegalHolds.AsNoTracking();
        if (workspaceId is { } id)
            holds = holds.Where(h => h.WorkspaceId == id);
        if (inForceOnly)
            holds = holds.InForce(now);

        var total = await holds.CountAsync(cancellationToken).ConfigureAwait(false);
        var rows = await holds.OrderByDescending(h => h.PlacedAt).ThenBy(h => h.Id)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, MaxTake))
            .Select(h => new
            {
                h.Id, h.WorkspaceId, WorkspaceName = db.Workspaces.Where(w => w.Id == h.WorkspaceId).Select(w => w.Name).Single(),
                h.Reason, h.From, h.Until, h.PlacedBy, h.PlacedAt, h.LiftedBy, h.LiftedAt,
            })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var items = rows.Select(h => new LegalHoldRow(
            h.Id, h.WorkspaceId, h.WorkspaceName, h.Reason, h.From, h.Until, h.PlacedBy, h.PlacedAt, h.LiftedBy, h.LiftedAt,
            LegalHold.IsInForce(h.From, h.Until, h.LiftedAt, now))).ToList();
        return new LegalHoldPage(items, total);
    }
}
