using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Queries;

public enum WorkspaceSortField
{
    Name = 0,
    Plan = 1,
    Region = 2,
    Status = 3,
    Members = 4,
    CreatedAt = 5,
    UpdatedAt = 6,
}

public sealed record WorkspaceListRequest(
    string? Search = null,
    Plan? Plan = null,
    DataRegion? Region = null,
    WorkspaceStatus? Status = null,
    WorkspaceSortField SortBy = WorkspaceSortField.Name,
    bool Descending = false,
    int Skip = 0,
    int Take = 25)
{
    public const int MaxTake = 200;
    public const int SearchMaxLength = 100;
}

public sealed record WorkspaceListItem(
    Guid Id,
    string Name,
    Plan Plan,
    DataRegion Region,
    WorkspaceStatus Status,
    int Members,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record WorkspaceListPage(IReadOnlyList<WorkspaceListItem> Items, int Total);

/// <summary>
/// The workspaces grid: filtering, sorting and paging all happen in SQL, so the page costs the same with
/// ten workspaces or a hundred thousand.
/// </summary>
public static class WorkspaceListQuery
{
    public static Task<WorkspaceListPage> RunAsync(ConsoleDbContext db, WorkspaceListRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return RunAsync(db.Workspaces, request, cancellationToken);
    }

    /// <param name="workspaces">The workspaces the reader may see; the page is cut from these.</param>
    public static async Task<WorkspaceListPage> RunAsync(IQueryable<Workspace> workspaces, WorkspaceListRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspaces);
        ArgumentNullException.ThrowIfNull(request);

        var query = Filter(workspaces.AsNoTracking(), request);
        var total = await query.CountAsync(cancellationToken).ConfigureAwait(false);
        var take = Math.Clamp(request.Take, 1, WorkspaceListRequest.MaxTake);
        var skip = Math.Max(0, request.Skip);

        var items = await Sort(query, request.SortBy, request.Descending)
            .Skip(skip)
            .Take(take)
            .Select(w => new WorkspaceListItem(w.Id, w.Name, w.Plan, w.Region, w.Status, w.Members.Count, w.CreatedAt, w.UpdatedAt))
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return new WorkspaceListPage(items, total);
    }

    private static IQueryable<Workspace> Filter(IQueryable<Workspace> query, WorkspaceListRequest request)
    {
        if (ListQuery.SearchTerm(request.Search, WorkspaceListRequest.SearchMaxLength) is { } term)
        {
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL lower(); culture rules do not apply there
            query = query.Where(w => w.Name.ToLower().Contains(term));
#pragma warning restore CA1304, CA1311, CA1862
        }

        if (request.Plan is { } plan)
            query = query.Where(w => w.Plan == plan);
        if (request.Region is { } region)
            query = query.Where(w => w.Region == region);
        if (request.Status is { } status)
            query = query.Where(w => w.Status == status);
        return query;
    }

    private static IOrderedQueryable<Workspace> Sort(IQueryable<Workspace> query, WorkspaceSortField field, bool descending)
    {
        var sorted = field switch
        {
            WorkspaceSortField.Plan => query.SortBy(w => w.Plan, descending),
            WorkspaceSortField.Region => query.SortBy(w => w.Region, descending),
            WorkspaceSortField.Status => query.SortBy(w => w.Status, descending),
            WorkspaceSortField.Members => query.SortBy(w => w.Members.Count, descending),
            WorkspaceSortField.CreatedAt => query.SortBy(w => w.CreatedAt, descending),
            WorkspaceSortField.UpdatedAt => query.SortBy(w => w.UpdatedAt, descending),
            _ => query.SortBy(w => w.Name, descending),
        };

        // A unique tie-breaker keeps pages stable when many rows share the sort value.
        return sorted.ThenBy(w => w.Id);
    }
}
