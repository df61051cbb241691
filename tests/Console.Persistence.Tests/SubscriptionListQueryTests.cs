using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using AdminConsole.TestSupport;

namespace AdminConsole.Persistence.Tests;

/// <summary>The subscribers grid and export over 3,000 subscriptions: filters, sorts, pages and export pages run in SQL.</summary>
public class SubscriptionListQueryTests
{
    private const int Rows = 3_000;
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Page_FiltersByTextAndStatus_SortsAndPagesInSql(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var all = await SeedAsync(database);
        var sql = new SqlRecorder();
        await using var db = database.CreateContext(sql);

        var request = new SubscriptionListRequest(new SubscriptionFilter("ACME", SubscriptionStatus.Confirmed), SubscriptionSortField.CreatedAt, Descending: true, Skip: 20, Take: 25);
        var page = await SubscriptionListQuery.RunAsync(db, request);

        var expected = all
            .Where(s => (s.NormalizedEmail.Contains("acme", StringComparison.Ordinal) || s.Company?.Contains("acme", StringComparison.OrdinalIgnoreCase) == true)
                && s.Status == SubscriptionStatus.Confirmed)
            .OrderByDescending(s => s.CreatedAt).ThenBy(s => s.Id)
            .ToList();
        Assert.True(expected.Count > 45, "The seed has too few matches to test paging.");
        Assert.Equal(expected.Count, page.Total);
        Assert.Equal(expected.Skip(20).Take(25).Select(s => s.Id), page.Items.Select(i => i.Id));

        // The filtered count and one page, both cut by the database.
        Assert.Equal(2, sql.Commands.Count);
        var select = Assert.Single(sql.Commands, c => c.Contains("LIMIT", StringComparison.Ordinal));
        Assert.Contains("OFFSET", select, StringComparison.Ordinal);
        Assert.Contains("\"Status\" = ", select, StringComparison.Ordinal);
        Assert.Contains("\"CreatedAt\" DESC", select, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Counts_AreThoseOfEveryStatus(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var all = await SeedAsync(database);
        await using var db = database.CreateContext();

        var counts = await SubscriptionListQuery.CountAsync(db);

        Assert.Equal(all.Count(s => s.Status == SubscriptionStatus.Pending), counts.Pending);
        Assert.Equal(all.Count(s => s.Status == SubscriptionStatus.Confirmed), counts.Confirmed);
        Assert.Equal(all.Count(s => s.Status == SubscriptionStatus.Unsubscribed), counts.Unsubscribed);
        Assert.Equal(Rows, counts.Total);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ExportPages_WalkEveryMatchOnceByEmail_EachPageOneBoundedQuery(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var all = await SeedAsync(database);
        var sql = new SqlRecorder();
        await using var db = database.CreateContext(sql);
        var filter = new SubscriptionFilter(Status: SubscriptionStatus.Pending);

        var exported = new List<SubscriptionListItem>();
        SubscriptionListItem? last = null;
        while (true)
        {
            var page = await SubscriptionListQuery.ExportPageAsync(db, filter, last);
            exported.AddRange(page);
            if (page.Count < SubscriptionListQuery.ExportPageSize)
                break;
            last = page[^1];
        }

        var expected = all.Where(s => s.Status == SubscriptionStatus.Pending).OrderBy(s => s.NormalizedEmail, StringComparer.Ordinal).Select(s => s.Id).ToList();
        Assert.True(expected.Count > SubscriptionListQuery.ExportPageSize, "The seed has too few matches to span pages.");
        Assert.Equal(expected, exported.Select(s => s.Id));
        Assert.Equal(expected.Count / SubscriptionListQuery.ExportPageSize + 1, sql.Commands.Count);
        Assert.All(sql.Commands, c => Assert.DoesNotContain("OFFSET", c, StringComparison.Ordinal));
    }

    /// <summary>Every seventh subscription is at acme, every fifth names ACME as its company; a third confirmed, a third unsubscribed, the rest pending.</summary>
    private static async Task<List<Subscription>> SeedAsync(TestDatabase database)
    {
        var subscriptions = Enumerable.Range(0, Rows).Select(i =>
        {
            var created = Start.AddMinutes(i * 37 % 9973);
            var email = i % 7 == 0 ? $"user{i:D5}@acme.test" : $"User{i:D5}@example.com";
            var (subscription, confirm) = Subscription.Request(email, i % 5 == 0 ? "ACME Corp" : null, created);
            if (i % 3 != 2)
                return subscription;
            subscription.Confirm(confirm, created.AddHours(1));
            if (i % 2 == 0)
                subscription.Unsubscribe(created.AddHours(2));
            return subscription;
        }).ToList();
        foreach (var chunk in subscriptions.Chunk(1_000))
        {
            await using var db = database.CreateContext();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.Subscriptions.AddRange(chunk);
            await db.SaveChangesAsync();
        }

        return subscriptions;
    }
}
