using System.Diagnostics;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using AdminConsole.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Bench;

/// <summary>
/// One page of the workspaces list over 10,000 and 100,000 rows with paging, sorting and filtering in SQL,
/// against the baseline of loading the table and paging in memory (what a grid bound to a full list does).
/// </summary>
internal static class ListQueryBenchmark
{
    private const int Iterations = 50;

    public static async Task RunAsync()
    {
        Report.Section("Workspaces list query: one page in SQL vs. loading the table (median of 50 pages)");
        var providers = new List<DatabaseProvider> { DatabaseProvider.Sqlite };
        if (Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable) is { Length: > 0 })
            providers.Add(DatabaseProvider.Postgres);
        else
            Report.Line($"- PostgreSQL skipped: {TestDatabase.PostgresVariable} is not set");

        foreach (var provider in providers)
        {
            foreach (var rows in new[] { 10_000, 100_000 })
            {
                await using var database = await TestDatabase.CreateAsync(provider);
                await database.MigrateAsync();
                await SeedAsync(database, rows);
                var requests = new[]
                {
                    new WorkspaceListRequest(Skip: rows / 2, Take: 25),
                    new WorkspaceListRequest(Search: "acme", SortBy: WorkspaceSortField.CreatedAt, Descending: true, Take: 25),
                    new WorkspaceListRequest(Plan: Plan.Enterprise, SortBy: WorkspaceSortField.Members, Skip: 100, Take: 25),
                };
                var inSql = await TimeAsync(database, requests, (db, r) => WorkspaceListQuery.RunAsync(db, r));
                var inMemory = await TimeAsync(database, requests, InMemoryBaselineAsync);
                Report.Line($"- {provider}, {rows:N0} rows: in SQL {Report.Stats(inSql, "ms")}; baseline in memory {Report.Stats(inMemory, "ms")} — {Report.Median(inMemory) / Report.Median(inSql):0}× slower");
            }
        }
    }

    private static async Task<List<double>> TimeAsync(TestDatabase database, WorkspaceListRequest[] requests, Func<ConsoleDbContext, WorkspaceListRequest, Task<WorkspaceListPage>> query)
    {
        var times = new List<double>();
        for (var i = -3; i < Iterations; i++)
        {
            await using var db = database.CreateContext();
            var watch = Stopwatch.StartNew();
            var page = await query(db, requests[(i + 3) % requests.Length]);
            if (i >= 0)
                times.Add(watch.Elapsed.TotalMilliseconds);
            if (page.Items.Count == 0 && page.Total > 0)
                throw new InvalidOperationException("empty page");
        }

        return times;
    }

    private static async Task<WorkspaceListPage> InMemoryBaselineAsync(ConsoleDbContext db, WorkspaceListRequest request)
    {
        var all = await db.Workspaces.AsNoTracking()
            .Select(w => new WorkspaceListItem(w.Id, w.Name, w.Plan, w.Region, w.Status, w.Members.Count, w.CreatedAt, w.UpdatedAt))
            .ToListAsync();
        IEnumerable<WorkspaceListItem> query = all;
        if (!string.IsNullOrEmpty(request.Search))
            query = query.Where(w => w.Name.Contains(request.Search, StringComparison.OrdinalIgnoreCase));
        if (request.Plan is { } plan)
            query = query.Where(w => w.Plan == plan);
        var filtered = query.ToList();
        IEnumerable<WorkspaceListItem> sorted = request.SortBy switch
        {
            WorkspaceSortField.CreatedAt => request.Descending ? filtered.OrderByDescending(w => w.CreatedAt) : filtered.OrderBy(w => w.CreatedAt),
            WorkspaceSortField.Members => request.Descending ? filtered.OrderByDescending(w => w.Members) : filtered.OrderBy(w => w.Members),
            _ => request.Descending ? filtered.OrderByDescending(w => w.Name, StringComparer.Ordinal) : filtered.OrderBy(w => w.Name, StringComparer.Ordinal),
        };
        return new WorkspaceListPage(sorted.Skip(request.Skip).Take(request.Take).ToList(), filtered.Count);
    }

    private static async Task SeedAsync(TestDatabase database, int rows)
    {
        var names = new[] { "Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne" };
        var plans = Enum.GetValues<Plan>();
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var offset = 0; offset < rows; offset += 5_000)
        {
            await using var db = database.CreateContext();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = offset; i < Math.Min(rows, offset + 5_000); i++)
            {
                var w = Workspace.Create($"{names[i % names.Length]} {i:D6}", plans[i / 3 % plans.Length], (DataRegion)(i % 2), start.AddMinutes(i * 7919 % 500_000));
                if (i % 4 == 0)
                    w.AddMember(Guid.NewGuid(), "Member", $"m{i}@example.com", start);
                db.Workspaces.Add(w);
            }

            await db.SaveChangesAsync();
        }
    }
}
