using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using AdminConsole.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Persistence.Tests;

/// <summary>The workspaces grid over 10,000 rows: every filter, sort and page must be done by the database.</summary>
public class WorkspaceListQueryTests
{
    private const int Rows = 10_000;
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Page_Of10000Workspaces_FiltersSortsAndPagesInSql(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var all = await SeedAsync(database);
        var sql = new SqlRecorder();
        await using var db = database.CreateContext(sql);

        var request = new WorkspaceListRequest(Search: "ACME", Plan: Plan.Enterprise, SortBy: WorkspaceSortField.CreatedAt, Descending: true, Skip: 50, Take: 25);
        var page = await WorkspaceListQuery.RunAsync(db, request);

        var expected = all
            .Where(w => w.Name.Contains("acme", StringComparison.OrdinalIgnoreCase) && w.Plan == Plan.Enterprise)
            .OrderByDescending(w => w.CreatedAt).ThenBy(w => w.Id)
            .ToList();
        Assert.Equal(expected.Count, page.Total);
        Assert.Equal(expected.Skip(50).Take(25).Select(w => w.Id), page.Items.Select(i => i.Id));

        // Two statements: the filtered count, and one page of rows, filtered, sorted and cut by the database.
        Assert.Equal(2, sql.Commands.Count);
        var count = Assert.Single(sql.Commands, c => !c.Contains("LIMIT", StringComparison.Ordinal));
        Assert.Contains("COUNT(*)", count, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("lower(", count, StringComparison.OrdinalIgnoreCase);
        var select = Assert.Single(sql.Commands, c => c.Contains("LIMIT", StringComparison.Ordinal));
        Assert.Contains("OFFSET", select, StringComparison.Ordinal);
        var where = select[select.IndexOf("WHERE", StringComparison.Ordinal)..];
        Assert.Contains("lower(", where, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"Plan\" = ", where, StringComparison.Ordinal);
        Assert.Contains("ORDER BY", where, StringComparison.Ordinal);
        Assert.Contains("\"CreatedAt\" DESC", where, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task SortByMembers_LastPage_ReturnsTheRemainder(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        await SeedAsync(database);
        await using var db = database.CreateContext();

        var page = await WorkspaceListQuery.RunAsync(db, new WorkspaceListRequest(SortBy: WorkspaceSortField.Members, Skip: Rows - 10, Take: 25));

        Assert.Equal(Rows, page.Total);
        Assert.Equal(10, page.Items.Count);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task OversizedPageRequest_IsCappedAtTheMaximum(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        await SeedAsync(database);
        await using var db = database.CreateContext();

        var page = await WorkspaceListQuery.RunAsync(db, new WorkspaceListRequest(Take: 1_000_000, Skip: -5));

        Assert.Equal(WorkspaceListRequest.MaxTake, page.Items.Count);
    }

    private static async Task<List<Workspace>> SeedAsync(TestDatabase database)
    {
        var names = new[] { "Acme", "Globex", "Initech", "Umbrella", "Hooli" };
        var plans = Enum.GetValues<Plan>();
        var workspaces = Enumerable.Range(0, Rows)
            .Select(i => Workspace.Create($"{names[i % names.Length]} {i:D5}", plans[i / 7 % plans.Length], (DataRegion)(i % 2), Start.AddMinutes(i * 37 % 9973)))
            .ToList();
        foreach (var chunk in workspaces.Chunk(2_000))
        {
            await using var db = database.CreateContext();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.Workspaces.AddRange(chunk);
            await db.SaveChangesAsync();
        }

        return workspaces;
    }
}
