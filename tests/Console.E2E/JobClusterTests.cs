using AdminConsole.Domain.Model.Jobs;
using AdminConsole.Domain.Persistence;
using AdminConsole.Jobs.Retention;
using AdminConsole.TestSupport;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace AdminConsole.E2E;

/// <summary>Two console processes on one PostgreSQL database share its job storage.</summary>
public sealed class JobClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private static readonly string[] Jobs = [RetentionEnforcer.JobName, TrashPurger.JobName, EmbeddingPurger.JobName];

    [Fact]
    public async Task TwoNodes_FireEachJobOncePerSchedule_AndTheSurvivorTakesOverWhenOneIsKilled()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await database.MigrateAsync();
        var settings = new Dictionary<string, string> { ["Retention__Interval"] = Interval.ToString(), [RunLog.AtDebug] = "Debug" };
        var nodes = await Task.WhenAll(ConsoleServer.StartAsync(database, settings), ConsoleServer.StartAsync(database, settings));
        var (a, b) = (nodes[0], nodes[1]);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(14));
            var together = await RunsAsync(database);
            AssertOncePerSchedule(together, minimum: 4);
            await AssertEachRunLoggedByOneNodeAsync(together, a, b);

            // Kill the node that ran the latest run: the other must carry on alone.
            var latest = together.MaxBy(r => r.StartedAt)!;
            var (victim, survivor) = Ran(a, latest) ? (a, b) : (b, a);
            var killedAt = DateTimeOffset.UtcNow;
            await victim.DisposeAsync();
            output.WriteLine($"killed {(victim == a ? "A" : "B")} at {killedAt:HH:mm:ss.fff}");

            // A run the killed node had under way stays claimed by it until the claim has not been renewed for
            // Jobs:TakeoverAfter (30 s), then the survivor takes it over; the other jobs' next runs are the survivor's at once.
            await Task.Delay(TimeSpan.FromSeconds(45));
            var all = await RunsAsync(database);
            AssertOncePerSchedule(all, minimum: 8);
            var after = all.Where(r => r.StartedAt > killedAt.AddSeconds(1)).ToList();
            var end = DateTimeOffset.UtcNow;
            foreach (var job in Jobs)
            {
                var ofJob = after.Where(r => r.JobName == job).ToList();
                Assert.True(ofJob.Count >= 4, $"{job}: the survivor ran it {ofJob.Count} times after the kill.");
                Assert.True(end - ofJob.Max(r => r.StartedAt) < Interval * 4, $"{job} stopped running on the survivor.");
            }

            await LinesArriveAsync(after, survivor);
            Assert.All(after, r => Assert.True(Ran(survivor, r), $"Run {r.Id} of {r.JobName} after the kill is not in the survivor's log."));
            Assert.All(all, r => Assert.NotEqual(JobRunOutcome.Failed, r.Outcome));
        }
        finally
        {
            await a.DisposeAsync();
            await b.DisposeAsync();
        }
    }

    private static async Task<List<JobRun>> RunsAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        var runs = await db.JobRuns.AsNoTracking().Where(r => Jobs.Contains(r.JobName)).ToListAsync();
        return runs.OrderBy(r => r.StartedAt).ToList();
    }

    /// <summary>Per job: consecutive runs start about one interval apart (never two for one firing), and none overlaps the next.</summary>
    private void AssertOncePerSchedule(List<JobRun> runs, int minimum)
    {
        foreach (var job in Jobs)
        {
            var ofJob = runs.Where(r => r.JobName == job).ToList();
            output.WriteLine($"{job}: {string.Join(", ", ofJob.Select(r => $"{r.StartedAt:HH:mm:ss.fff}"))}");
            Assert.True(ofJob.Count >= minimum, $"{job} ran {ofJob.Count} times, fewer than {minimum}.");
            foreach (var (earlier, later) in ofJob.Zip(ofJob.Skip(1)))
            {
                Assert.True(later.StartedAt - earlier.StartedAt >= Interval * 0.5, $"{job} ran twice for one firing: {earlier.StartedAt:HH:mm:ss.fff} and {later.StartedAt:HH:mm:ss.fff}.");
                Assert.True(earlier.FinishedAt is { } finished && finished <= later.StartedAt, $"{job}: the run at {earlier.StartedAt:HH:mm:ss.fff} overlaps the next.");
            }
        }
    }

    /// <summary>
    /// Each run is in exactly one node's log. A run that has just started is in the database before its line has
    /// come through the node's output pipe, so the lines are given a few seconds to arrive.
    /// </summary>
    private static async Task AssertEachRunLoggedByOneNodeAsync(List<JobRun> runs, ConsoleServer a, ConsoleServer b)
    {
        await LinesArriveAsync(runs, a, b);
        Assert.All(runs, r => Assert.True(Ran(a, r) ^ Ran(b, r), $"Run {r.Id} of {r.JobName} is in the log of {(Ran(a, r) ? "both nodes" : "neither node")}."));
    }

    /// <summary>Waits up to five seconds for every run's start line to show in the output of one of the nodes.</summary>
    private static async Task LinesArriveAsync(List<JobRun> runs, params ConsoleServer[] nodes)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(5);
        while (runs.Any(r => !nodes.Any(n => Ran(n, r))) && DateTimeOffset.UtcNow < deadline)
            await Task.Delay(100);
    }

    private static bool Ran(ConsoleServer node, JobRun run) => RunLog.Started(node, run.JobName, run.Id);
}
