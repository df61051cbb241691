using AdminConsole.Domain.Model.Jobs;
using AdminConsole.Domain.Model.Lifecycle;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.Jobs.Retention;
using AdminConsole.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using Xunit.Abstractions;

namespace AdminConsole.E2E;

/// <summary>The console process killed (SIGKILL) in the middle of a retention purge, then started again.</summary>
public sealed class RetentionCrashTests(ITestOutputHelper output)
{
    private const int Rows = 60_000;

    /// <summary>
    /// Shorter than a PostgreSQL cluster's failover (the restarted node takes the dead one's work over only once it
    /// has missed its check-ins), so the interval trigger the dead node held is overdue by the time it is let go of,
    /// at the same moment as the recovery firing of the interrupted run.
    /// </summary>
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(4);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task KilledMidPurge_AndRestarted_FinishesWithCountsThatAddUp_KeepsWhatTheRulesKeep_AndRecordsTheInterruptedRun(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var (free, enterprise, held) = await SeedAsync(database, provider);

        // Every third row belongs to each workspace, every other row is 40 days old (past the 30 days of prompt
        // history every plan keeps by default): the held workspace's old rows stay, the others' go.
        var expired = Enumerable.Range(0, Rows).Count(x => x % 2 == 0 && x % 3 != 2);
        var keptOld = Enumerable.Range(0, Rows).Count(x => x % 2 == 0 && x % 3 == 2);

        // Small ranges with a pause between them: the purge takes seconds, long enough to be killed half-way.
        var slow = new Dictionary<string, string>
        {
            ["Retention__BatchSize"] = "500",
            ["Retention__MaxBatchSize"] = "500",
            ["Retention__PauseBetweenBatches"] = "00:00:00.030",
            ["Retention__StatementTarget"] = "00:00:00.100",
            ["Retention__Interval"] = Interval.ToString(),
        };
        // PostgreSQL does not pause between ranges (it has no single writer to make room for): smaller ones instead.
        if (provider == DatabaseProvider.Postgres)
            (slow["Retention__BatchSize"], slow["Retention__MaxBatchSize"]) = ("60", "60");
        var first = await ConsoleServer.StartAsync(database, slow);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        long purgedAtKill;
        do
        {
            await Task.Delay(25);
            purgedAtKill = await PurgedAsync(database, null);
        }
        while (purgedAtKill < expired / 5 && DateTime.UtcNow < deadline);
        await first.DisposeAsync();
        purgedAtKill = await PurgedAsync(database, null);
        output.WriteLine($"killed after {purgedAtKill} of {expired} prompt logs were purged");
        Assert.InRange(purgedAtKill, expired / 5, expired - 1);

        await using (var db = database.CreateContext())
        {
            var dead = await db.JobRuns.SingleAsync(r => r.JobName == RetentionEnforcer.JobName);
            Assert.Equal(JobRunOutcome.Running, dead.Outcome);

            // What the interrupted run recorded is exactly what is gone: its counts commit with its deletes.
            Assert.Equal(Rows - purgedAtKill, await db.PromptLogs.LongCountAsync());
        }

        await using var second = await ConsoleServer.StartAsync(database, new Dictionary<string, string> { ["Retention__Interval"] = Interval.ToString() });
        deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline && !await FinishedAsync(database))
            await Task.Delay(250);

        // Let the schedule fire a few more times: each run after the restart must follow the one before by an interval.
        await Task.Delay(Interval * 2);
        await using var check = database.CreateContext();
        var runs = await check.JobRuns.Where(r => r.JobName == RetentionEnforcer.JobName).OrderBy(r => r.StartedAt).ToListAsync();
        foreach (var run in runs)
            output.WriteLine($"{run.StartedAt:HH:mm:ss.fff} {run.Outcome} items={run.Items} errors={run.Errors} {run.Error}");
        foreach (var line in second.Output.Split('\n').Where(l => l.Contains("recover", StringComparison.OrdinalIgnoreCase)))
            output.WriteLine(line);
        Assert.True(await FinishedAsync(database), $"The restarted console did not finish the purge.\n{second.Output}");
        foreach (var (earlier, later) in runs.Skip(1).Zip(runs.Skip(2)))
            Assert.True(later.StartedAt - earlier.FinishedAt >= Interval * 0.5, $"The run at {later.StartedAt:HH:mm:ss.fff} followed the one before it too soon: the restart ran the interrupted firing twice.");
        Assert.Equal(JobRunOutcome.Interrupted, runs[0].Outcome);
        Assert.NotNull(runs[0].FinishedAt);
        var finished = runs.First(r => r.Outcome == JobRunOutcome.Succeeded);

        // The counts add up: what the interrupted run recorded plus what the run after it purged is every expired row.
        Assert.Equal(expired, await PurgedAsync(database, runs[0].Id) + finished.Items);
        Assert.Equal(expired, await check.JobRunEvidence.Where(e => e.Kind == DataKind.PromptLog).SumAsync(e => e.Purged));

        // The killed run is shown with what it deleted (its item count grew with each committed range), and what it
        // deleted was audited when the next run found it.
        Assert.Equal(await PurgedAsync(database, runs[0].Id), runs[0].Items);
        var audited = await check.AuditEntries.Where(e => e.Action == "retention.purged" && e.TargetId == runs[0].Id.ToString()).Select(e => e.After).SingleAsync();
        Assert.Contains($"\"PromptLog\":{runs[0].Items}", audited, StringComparison.Ordinal);

        // Nothing a rule keeps was purged: every fresh row, and every old row of the held workspace.
        Assert.Equal(Rows - expired, await check.PromptLogs.LongCountAsync());
        Assert.Equal(keptOld + Enumerable.Range(0, Rows).Count(x => x % 2 == 1 && x % 3 == 2), await check.PromptLogs.LongCountAsync(p => p.WorkspaceId == held));
        Assert.Equal(Enumerable.Range(0, Rows).Count(x => x % 2 == 1 && x % 3 != 2), await check.PromptLogs.LongCountAsync(p => p.WorkspaceId == free || p.WorkspaceId == enterprise));

        // The evidence of the finishing run: the hold is counted, and nothing unheld is past the promise.
        var evidence = await check.JobRunEvidence.Where(e => e.RunId == finished.Id && e.Kind == DataKind.PromptLog).ToListAsync();
        Assert.Equal(keptOld, evidence.Sum(e => e.Held));
        Assert.All(evidence, e => Assert.Equal(TimeSpan.Zero, e.Lag));
    }

    private static async Task<long> PurgedAsync(TestDatabase database, Guid? runId)
    {
        await using var db = database.CreateContext();
        return await db.JobRunEvidence.Where(e => e.Kind == DataKind.PromptLog && (runId == null || e.RunId == runId)).SumAsync(e => e.Purged);
    }

    private static async Task<bool> FinishedAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        return await db.JobRuns.AnyAsync(r => r.JobName == RetentionEnforcer.JobName && r.Outcome == JobRunOutcome.Succeeded);
    }

    private static async Task<(Guid Free, Guid Enterprise, Guid Held)> SeedAsync(TestDatabase database, DatabaseProvider provider)
    {
        var now = DateTimeOffset.UtcNow;
        var free = Workspace.Create("Free workspace", Plan.Free, DataRegion.EU, now.AddDays(-400));
        var enterprise = Workspace.Create("Enterprise workspace", Plan.Enterprise, DataRegion.US, now.AddDays(-400));
        var held = Workspace.Create("Held workspace", Plan.Free, DataRegion.EU, now.AddDays(-400));
        await using var db = database.CreateContext();
        db.Workspaces.AddRange(free, enterprise, held);
        db.LegalHolds.Add(LegalHold.Place(held.Id, "Litigation 2026-114", now.AddDays(-1), null, "Olivia Officer", now.AddDays(-1)));
        await db.SaveChangesAsync();

        var (old, fresh) = (now.AddDays(-40), now.AddDays(-1));
        if (provider == DatabaseProvider.Sqlite)
        {
            var binary = new DateTimeOffsetToBinaryConverter();
            await db.Database.ExecuteSqlRawAsync(
                """
                WITH RECURSIVE n(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM n WHERE x + 1 < $rows)
                INSERT INTO prompt_logs ("WorkspaceId", "UserObjectId", "Content", "CreatedAt")
                SELECT CASE x % 3 WHEN 0 THEN $w0 WHEN 1 THEN $w1 ELSE $w2 END, $user, 'Summarise the incident review ' || x,
                       CASE x % 2 WHEN 0 THEN $old ELSE $fresh END
                FROM n ORDER BY x
                """,
                new SqliteParameter("$rows", Rows), new SqliteParameter("$w0", free.Id), new SqliteParameter("$w1", enterprise.Id), new SqliteParameter("$w2", held.Id),
                new SqliteParameter("$user", Guid.NewGuid()), new SqliteParameter("$old", binary.ConvertToProvider(old)), new SqliteParameter("$fresh", binary.ConvertToProvider(fresh)));
        }
        else
        {
            await db.Database.ExecuteSqlRawAsync(
                """
                INSERT INTO prompt_logs ("WorkspaceId", "UserObjectId", "Content", "CreatedAt")
                SELECT (ARRAY[@w0, @w1, @w2])[x % 3 + 1], @user, 'Summarise the incident review ' || x, CASE x % 2 WHEN 0 THEN @old ELSE @fresh END
                FROM generate_series(0, @rows - 1) AS x ORDER BY x
                """,
                new NpgsqlParameter("rows", Rows), new NpgsqlParameter("w0", free.Id), new NpgsqlParameter("w1", enterprise.Id), new NpgsqlParameter("w2", held.Id),
                new NpgsqlParameter("user", Guid.NewGuid()), new NpgsqlParameter("old", old), new NpgsqlParameter("fresh", fresh));
        }

        return (free.Id, enterprise.Id, held.Id);
    }
}
