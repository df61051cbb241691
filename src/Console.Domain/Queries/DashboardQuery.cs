using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Queries;

public sealed record PlanCount(Plan Plan, int Workspaces);

public sealed record RegionCount(DataRegion Region, int Workspaces);

public sealed record RecentWorkspaceChange(Guid Id, string Name, Plan Plan, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record DashboardSummary(
    int ActiveWorkspaces,
    int Members,
    int Teams,
    IReadOnlyList<PlanCount> PerPlan,
    IReadOnlyList<RegionCount> PerRegion,
    IReadOnlyList<RecentWorkspaceChange> Recent);

public static class DashboardQuery
{
    public const int RecentCount = 8;

    public static Task<DashboardSummary> RunAsync(ConsoleDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return RunAsync(db, db.Workspaces, cancellationToken);
    }

    /// <param name="workspaces">The workspaces the reader may see: every figure is about these.</param>
    public static async Task<DashboardSummary> RunAsync(ConsoleDbContext db, IQueryable<Workspace> workspaces, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(workspaces);
        var visibleIds = workspaces.Select(w => w.Id);
        var active = workspaces.AsNoTracking().Where(w => w.Status == WorkspaceStatus.Active);

        var perPlanRows = await active.GroupBy(w => w.Plan)
            .Select(g => new { Plan = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var perRegionRows = await active.GroupBy(w => w.Region)
            .Select(g => new { Region = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);

        // Every plan and region is listed, with zero where there is none, so the chart keeps its axes.
        var perPlan = Enum.GetValues<Plan>()
            .Select(p => new PlanCount(p, perPlanRows.Where(r => r.Plan == p).Sum(r => r.Count)))
            .ToList();
        var perRegion = Enum.GetValues<DataRegion>()
            .Select(r => new RegionCount(r, perRegionRows.Where(x => x.Region == r).Sum(x => x.Count)))
            .ToList();

        var members = await db.Members.AsNoTracking().CountAsync(m => visibleIds.Contains(m.WorkspaceId), cancellationToken).ConfigureAwait(false);
        var teams = await db.Teams.AsNoTracking().CountAsync(t => visibleIds.Contains(t.WorkspaceId), cancellationToken).ConfigureAwait(false);
        var recent = await workspaces.AsNoTracking()
            .OrderByDescending(w => w.UpdatedAt).ThenBy(w => w.Id)
            .Take(RecentCount)
            .Select(w => new RecentWorkspaceChange(w.Id, w.Name, w.Plan, w.CreatedAt, w.UpdatedAt))
            .ToListAsync(cancellationToken).ConfigureAwait(false);

        return new DashboardSummary(perPlan.Sum(p => p.Workspaces), members, teams, perPlan, perRegion, recent);
    }
}
