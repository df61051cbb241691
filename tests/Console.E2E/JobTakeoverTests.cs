using AdminConsole.Domain.Model.Jobs;
using AdminConsole.Domain.Model.Lifecycle;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.Jobs.Hosting;
using AdminConsole.Jobs.Retention;
using AdminConsole.TestSupport;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit.Abstractions;

namespace AdminConsole.E2E;

/// <summary>Two console nodes on one PostgreSQL database: one killed (SIGKILL) mid-run, and runs asked for on both at once.</summary>
public sealed class JobTakeoverTests(ITestOutputHelper output)
{
    private const int Rows = 60_000;

    /// <summary>The README's bound: the takeover time (Jobs:TakeoverAfter, 30 s) and one poll (Jobs:PollInterval, 1 s), with room for a loaded machine.</summary>
    private static readonly TimeSpan TakeoverBound = new JobHostOptions().TakeoverAfter + new JobHostOptions().PollInterval + TimeSpan.FromSeconds(5);

    [Fact]
    public async Task ANodeKilledMidPurge_HasItsRunTakenOverByTheOtherNode_WithinTheStatedTime_AndTheCountsAddUp()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await database.MigrateAsync();
        await SeedAsync(database);
        var expired = Enumerable.Range(0, Rows).Count(x => x % 2 == 0);

        // The hourly default interval: after the first run only a takeover can run the purge again within the test.
        var slow = new Dictionary<string, string>
        {
            ["Retention__BatchSize"] = "60",
            ["Retention__MaxBatchSize"] = "60",
            ["Retention__StatementTarget"] = "00:00:00.100",
            [RunLog.AtDebug] = "Debug",
        };
        var nodes = await Task.WhenAll(ConsoleServer.StartAsync(database, slow), ConsoleServer.StartAsync(database, slow));
        var (a, b) = (nodes[0], nodes[1]);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            long purgedAtKill;
            do
            {
                await Task.Delay(25);
                purgedAtKill = await PurgedAsync(database);
            }
            while (purgedAtKill < expired / 5 && DateTime.UtcNow < deadline);
            Guid running;
            await using (var db = database.CreateContext())
                running = (await db.JobRuns.SingleAsync(r => r.JobName == RetentionEnforcer.JobName)).Id;
            var (victim, survivor) = Started(a, running) ? (a, b) : (b, a);
            Assert.True(Started(victim, running), "Neither node logged the start of the purge.");
            await victim.DisposeAsync();
            var killedAt = DateTimeOffset.UtcNow;
            purgedAtKill = await PurgedAsync(database);
            output.WriteLine($"killed the node running {running} at {killedAt:HH:mm:ss.fff}, after {purgedAtKill} of {expired} rows");
            Assert.InRange(purgedAtKill, expired / 5, expired - 1);

            deadline = DateTime.UtcNow.Add(TakeoverBound + TimeSpan.FromSeconds(60));
            JobRun? next = null;
            while (DateTime.UtcNow < deadline && (next = await RunAfterAsync(database, running)) is not { Outcome: JobRunOutcome.Succeeded })
                await Task.Delay(250);
            Assert.True(next is { Outcome: JobRunOutcome.Succeeded }, $"The survivor did not finish the purge.\n{survivor.Output}");
            output.WriteLine($"taken over at {next!.StartedAt:HH:mm:ss.fff}, {(next.StartedAt - killedAt).TotalSeconds:0.0} s after the kill");
            Assert.True(next.StartedAt - killedAt <= TakeoverBound, $"The takeover took {(next.StartedAt - killedAt).TotalSeconds:0.0} s, more than {TakeoverBound.TotalSeconds} s.");
            Assert.True(Started(survivor, next.Id), "The run after the kill is not in the survivor's log.");

            await using var check = database.CreateContext();
            var runs = await check.JobRuns.Where(r => r.JobName == RetentionEnforcer.JobName).OrderBy(r => r.StartedAt).ToListAsync();
            Assert.Equal(2, runs.Count);
            Assert.Equal((JobRunOutcome.Interrupted, purgedAtKill), (runs[0].Outcome, (long)runs[0].Items));
            Assert.Equal(expired, runs[0].Items + runs[1].Items);
            Assert.Equal(Rows - expired, await check.PromptLogs.LongCountAsync());
        }
        finally
        {
            await a.DisposeAsync();
            await b.DisposeAsync();
        }
    }

    [Fact]
    public async Task RunsAskedForOnBothNodesAtOnce_RunOneAfterTheOther_NeverTogether()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await database.MigrateAsync();
        await SeedAsync(database);
        var slow = new Dictionary<string, string> { ["Retention__BatchSize"] = "500", ["Retention__MaxBatchSize"] = "500", [RunLog.AtDebug] = "Debug" };
        var nodes = await Task.WhenAll(ConsoleServer.StartAsync(database, slow), ConsoleServer.StartAsync(database, slow));
        try
        {
            // Eight runs of each purge queued in one moment, as if *Run now* were clicked on both nodes: twenty
            // workers free between the two nodes take them at once. The first retention run has the rows to purge.
            var storageOptions = new PostgreSqlStorageOptions { SchemaName = JobHostOptions.PostgresSchema, PrepareSchemaIfNecessary = false };
            var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(database.ConnectionString, storageOptions), storageOptions);
            var client = new BackgroundJobClient(storage);
            string[] jobs = [RetentionEnforcer.JobName, TrashPurger.JobName, EmbeddingPurger.JobName];
            var asked = DateTimeOffset.UtcNow;
            foreach (var job in jobs)
            {
                for (var i = 0; i < 8; i++)
                    client.Create(JobChain.Call(job), new EnqueuedState());
            }

            // Done when the job storage has nothing queued or running and no run record is open, twice in a row (a run
            // just fetched is for a moment neither queued nor yet processing).
            var monitoring = storage.GetMonitoringApi();
            var deadline = DateTime.UtcNow.AddSeconds(120);
            var quiet = 0;
            while (DateTime.UtcNow < deadline && quiet < 2)
            {
                await Task.Delay(250);
                var busy = monitoring.EnqueuedCount("default") > 0 || monitoring.ProcessingCount() > 0 || await AnyRunningAsync(database, jobs);
                quiet = busy ? 0 : quiet + 1;
            }

            await using var db = database.CreateContext();
            foreach (var job in jobs)
            {
                var runs = await db.JobRuns.Where(r => r.JobName == job).OrderBy(r => r.StartedAt).ToListAsync();
                output.WriteLine($"{job}: {string.Join(", ", runs.Select(r => $"{r.StartedAt:HH:mm:ss.fff}–{r.FinishedAt:HH:mm:ss.fff} {r.Outcome}"))}");
                Assert.True(runs.Count(r => r.StartedAt >= asked.AddSeconds(-1)) >= 8, $"{job}: {runs.Count} runs.");
                Assert.All(runs, r => Assert.Equal(JobRunOutcome.Succeeded, r.Outcome));
                foreach (var (earlier, later) in runs.Zip(runs.Skip(1)))
                    Assert.True(earlier.FinishedAt <= later.StartedAt, $"{job}: the run at {later.StartedAt:HH:mm:ss.fff} started before the one at {earlier.StartedAt:HH:mm:ss.fff} finished.");
            }

            // Both nodes took some: the runs were kept apart across nodes, not by one node's workers.
            var ran = nodes.Select(RunLog.Starts).ToList();
            output.WriteLine($"runs started per node: {string.Join(", ", ran)}");
            Assert.All(ran, n => Assert.True(n > 0));
            Assert.Equal(Rows - Enumerable.Range(0, Rows).Count(x => x % 2 == 0), await db.PromptLogs.LongCountAsync());
        }
        finally
        {
            foreach (var node in nodes)
                await node.DisposeAsync();
        }
    }

    private static async Task<bool> AnyRunningAsync(TestDatabase database, string[] jobs)
    {
        await using var db = database.CreateContext();
        return await db.JobRuns.AnyAsync(r => jobs.Contains(r.JobName) && r.FinishedAt == null);
    }

    private static async Task<JobRun?> RunAfterAsync(TestDatabase database, Guid interrupted)
    {
        await using var db = database.CreateContext();
        return await db.JobRuns.AsNoTracking().Where(r => r.JobName == RetentionEnforcer.JobName && r.Id != interrupted).OrderBy(r => r.StartedAt).FirstOrDefaultAsync();
    }

    private static async Task<long> PurgedAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        return await db.JobRunEvidence.Where(e => e.Kind == DataKind.PromptLog).SumAsync(e => e.Purged);
    }

    private static bool Started(ConsoleServer node, Guid run) => RunLog.Started(node, RetentionEnforcer.JobName, run);

    /// <summary>A free workspace with <see cref="Rows"/> prompt logs, every other one 40 days old (past the 30 days it keeps).</summary>
    private static async Task SeedAsync(TestDatabase database)
    {
        var now = DateTimeOffset.UtcNow;
        var workspace = Workspace.Create("Free workspace", Plan.Free, DataRegion.EU, now.AddDays(-400));
        await using var db = database.CreateContext();
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync();
        await db.Database.ExecuteSqlRawAsync(
            """
            INSERT INTO prompt_logs ("WorkspaceId", "UserObjectId", "Content", "CreatedAt")
            SELECT @w, @user, 'Summarise the incident review ' || x, CASE x % 2 WHEN 0 THEN @old ELSE @fresh END
            FROM generate_series(0, @rows - 1) AS x ORDER BY x
            """,
            new NpgsqlParameter("rows", Rows), new NpgsqlParameter("w", workspace.Id), new NpgsqlParameter("user", Guid.NewGuid()),
            new NpgsqlParameter("old", now.AddDays(-40)), new NpgsqlParameter("fresh", now.AddDays(-1)));
    }
}
