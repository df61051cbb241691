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

            // A console running for days (another job's run of two days ago) on which no retention job has ever finished.
            var earlier = AdminConsole.Domain.Model.Jobs.JobRun.Start("reminders", Now.AddDays(-2));
            earlier.Finish(Now.AddDays(-2).AddSeconds(1), 0, 0, null);
            db.JobRuns.Add(earlier);
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
        Assert.Equal(new Dictionary<string, int> { ["review-overdue"] = 1, ["certification-expired"] = 0, ["retention-behind"] = 3, ["ai-provider-retains-data"] = 0, ["ai-provider-not-authorized"] = 0,
            ["model-not-evaluated"] = 0, ["model-review-overdue"] = 0, ["model-provider-not-authorized"] = 0, ["hipaa-model-retains-data"] = 0 }, counts);
        Assert.Equal(Now, snapshots[0].TakenAt);

        Assert.False(await read.AuditEntries.AnyAsync(), "A snapshot changes nothing the console governs: no audit entry.");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task AConsoleJustStarted_WaitsForItsRetentionJobsFirstRuns_SoTheFirstDayShowsNoFalseViolation(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var retention = new RetentionOptions();
        var jobs = PostureJobs.Retention(retention);
        var runs = jobs.Select(j => AdminConsole.Domain.Model.Jobs.JobRun.Start(j.JobName, Now)).ToList();
        await using (var db = database.CreateContext())
        {
            db.JobRuns.AddRange(runs);
            await db.SaveChangesAsync();
        }

        var clock = new FakeClock(Now.AddSeconds(2));
        var snapshotter = new PostureSnapshotter(database.CreateFactory(), clock, retention) { StartupWait = TimeSpan.Zero };

        // Every job started at once: the retention runs are still under way, so no snapshot yet (this run waits no longer).
        Assert.Equal(0, (await snapshotter.RunAsync(CancellationToken.None)).Items);
        await using (var db = database.CreateContext())
            Assert.False(await db.PostureSnapshots.AnyAsync());

        // They finish; the next hourly run takes the day's snapshot, with nothing behind.
        await using (var db = database.CreateContext())
        {
            foreach (var run in await db.JobRuns.ToListAsync())
                run.Finish(Now.AddSeconds(30), 0, 0, null);
            await db.SaveChangesAsync();
        }

        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, (await snapshotter.RunAsync(CancellationToken.None)).Items);
        await using var read = database.CreateContext();
        var snapshot = await read.PostureSnapshots.AsNoTracking().SingleAsync();
        Assert.Equal(0, snapshot.Counts.Single(c => c.RuleCode == "retention-behind").Count);
    }
}
