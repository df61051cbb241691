using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using AdminConsole.Jobs.Posture;
using AdminConsole.Jobs.Retention;
using AdminConsole.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Jobs.Tests;

public class PostureSnapshotTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 0, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task TheFirstRunOfADayTakesItsSnapshot_LaterRunsThatDayDoNothing_TheNextDayTakesAnother(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        await using (var db = database.CreateContext())
        {
            var proposedAt = Now.AddYears(-2);
            var overdue = Subprocessor.Propose(
                new SubprocessorDetails("Overdue Inc", "Processing", ProcessingCategory.Hosting, ["Pages"], ["US"], [], "DPA", false, 30, RiskTier.Low, null), proposedAt);
            overdue.PublishNotice(proposedAt, proposedAt.AddDays(30), Subprocessor.DefaultNoticePeriod);
            overdue.Authorize(proposedAt.AddDays(30));
            db.Subprocessors.Add(overdue);
            await db.SaveChangesAsync();
        }

        var clock = new FakeClock(Now);
        var snapshotter = new PostureSnapshotter(database.CreateFactory(), clock, new RetentionOptions());

        var first = await snapshotter.RunAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(23));
        var sameDay = await snapshotter.RunAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(1));
        var nextDay = await snapshotter.RunAsync(CancellationToken.None);

        Assert.Equal((1, 0, 1), (first.Items, sameDay.Items, nextDay.Items));
        await using var read = database.CreateContext();
        var snapshots = await read.PostureSnapshots.AsNoTracking().OrderBy(s => s.Day).ToListAsync();
        Assert.Equal([new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 2)], snapshots.Select(s => s.Day));

        // No retention job has run in this database: each of the three counts as behind.
        var counts = snapshots[0].Counts.ToDictionary(c => c.RuleCode, c => c.Count);
        Assert.Equal(new Dictionary<string, int> { ["review-overdue"] = 1, ["certification-expired"] = 0, ["retention-behind"] = 3, ["ai-provider-retains-data"] = 0, ["ai-provider-not-authorized"] = 0 }, counts);
        Assert.Equal(Now, snapshots[0].TakenAt);

        Assert.False(await read.AuditEntries.AnyAsync(), "A snapshot changes nothing the console governs: no audit entry.");
    }
}
