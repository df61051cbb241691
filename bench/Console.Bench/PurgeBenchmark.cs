using System.Data.Common;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.Jobs;
using AdminConsole.Jobs.Retention;
using AdminConsole.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;

namespace AdminConsole.Bench;

/// <summary>
/// The retention job purging 1,000,000 prompt logs of which half have expired, against one raw DELETE of the
/// same rows in the same run: rows/s and their ratio, the longest single statement of the job, and the longest
/// wait of a UI write (a workspace rename, every 20 ms) made while the job runs.
/// </summary>
internal static class PurgeBenchmark
{
    private static readonly AuditActor Admin = new("admin-1", "Ada Admin", "ConsoleAdmin", null);

    public static async Task RunAsync(int rows = 1_000_000)
    {
        var providers = new List<DatabaseProvider> { DatabaseProvider.Sqlite };
        if (Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable) is { Length: > 0 })
            providers.Add(DatabaseProvider.Postgres);
        Report.Section($"Retention: purging {rows:N0} prompt logs, half of them expired");
        foreach (var provider in providers)
        {
            // Both sides once on a small table first, so that neither is measured with EF's query compilation.
            await RawDeleteAsync(provider, 1_000);
            await JobAsync(provider, 1_000);
            var (rawRate, rawTime) = await RawDeleteAsync(provider, rows);
            var (jobRate, jobTime, walk, longest, longestWrite, writes) = await JobAsync(provider, rows);
            var walkRate = rows / 2 / walk.TotalSeconds;
            Report.Line($"- {provider}: one raw DELETE {rows / 2:N0} rows in {rawTime.TotalMilliseconds:N0} ms ({rawRate:N0} rows/s); " +
                $"the job's key-range walk in {walk.TotalMilliseconds:N0} ms ({walkRate:N0} rows/s) = {walkRate / rawRate:P0} of the raw DELETE; " +
                $"the whole run with its evidence in {jobTime.TotalMilliseconds:N0} ms ({jobRate:N0} rows/s) = {jobRate / rawRate:P0}; " +
                $"longest statement {longest.TotalMilliseconds:N0} ms; longest wait of a UI write {longestWrite.TotalMilliseconds:N0} ms over {writes} writes");
        }
    }

    private static async Task<(double Rate, TimeSpan Time)> RawDeleteAsync(DatabaseProvider provider, int rows)
    {
        await using var database = await SeedAsync(provider, rows);
        var cutoff = DateTimeOffset.UtcNow - TimeSpan.FromDays(30);
        await using var db = database.CreateContext();
        var watch = Stopwatch.StartNew();
        var deleted = await db.PromptLogs.Where(p => p.CreatedAt < cutoff).ExecuteDeleteAsync();
        watch.Stop();
        Check(deleted, rows / 2);
        return (deleted / watch.Elapsed.TotalSeconds, watch.Elapsed);
    }

    private static async Task<(double Rate, TimeSpan Time, TimeSpan Walk, TimeSpan Longest, TimeSpan LongestWrite, int Writes)> JobAsync(DatabaseProvider provider, int rows)
    {
        await using var database = await SeedAsync(provider, rows);
        var timer = new StatementTimer();
        var factory = database.CreateFactory(timer);
        Guid workspace;
        await using (var db = database.CreateContext())
            workspace = await db.Workspaces.Where(w => w.Plan == Plan.Free).Select(w => w.Id).SingleAsync();
        var commands = new WorkspaceCommands(database.CreateFactory(), TimeProvider.System);
        await commands.UpdateAsync(Admin, workspace, "Warm-up", Plan.Free);
        using var stop = new CancellationTokenSource();
        var longestWrite = TimeSpan.Zero;
        var writes = 0;
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var write = Stopwatch.StartNew();
                await commands.UpdateAsync(Admin, workspace, $"Renamed {writes}", Plan.Free);
                longestWrite = TimeSpan.FromTicks(Math.Max(longestWrite.Ticks, write.Elapsed.Ticks));
                writes++;
                await Task.Delay(20);
            }
        });

        var start = TimeSpan.FromTicks(Stopwatch.GetTimestamp() * TimeSpan.TicksPerSecond / Stopwatch.Frequency);
        var watch = Stopwatch.StartNew();
        var result = await new JobRunRecorder(factory, TimeProvider.System)
            .RunAsync(RetentionEnforcer.JobName, new RetentionEnforcer(factory, TimeProvider.System, new RetentionOptions()).RunAsync, CancellationToken.None);
        watch.Stop();
        await stop.CancelAsync();
        await writer;
        Check(result.Items, rows / 2);
        var walk = timer.LastPromptDeleteEnd - start;
        var (statements, inStatements) = timer.Statements;
        if (rows > 1_000)
        {
            Report.Line($"  - {provider}, the job: {statements:N0} statements, {inStatements.TotalMilliseconds:N0} ms of its {watch.Elapsed.TotalMilliseconds:N0} ms in them");
            var text = string.Join(' ', timer.LongestText.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
            Report.Line($"  - {provider}, the longest statement: {(text.Length > 160 ? text[..160] + " …" : text)}");
        }
        return (result.Items / watch.Elapsed.TotalSeconds, watch.Elapsed, walk, timer.Longest, longestWrite, writes);
    }

    private static void Check(int deleted, int expected)
    {
        if (deleted != expected)
            throw new InvalidOperationException($"{deleted} rows deleted, not {expected}");
    }

    /// <summary>Four workspaces (one per plan, default policies: prompt history 30 days); every other row 40 days old, the rest a day old.</summary>
    private static async Task<TestDatabase> SeedAsync(DatabaseProvider provider, int rows)
    {
        var database = await TestDatabase.CreateAsync(provider, pooled: true);
        await database.MigrateAsync();
        var now = DateTimeOffset.UtcNow;
        var ids = new List<Guid>();
        await using (var db = database.CreateContext())
        {
            foreach (var plan in Enum.GetValues<Plan>())
            {
                var workspace = Workspace.Create($"{plan} workspace", plan, DataRegion.EU, now);
                db.Workspaces.Add(workspace);
                ids.Add(workspace.Id);
            }

            await db.SaveChangesAsync();
            var (expired, fresh) = (now - TimeSpan.FromDays(40), now - TimeSpan.FromDays(1));
            if (provider == DatabaseProvider.Sqlite)
            {
                var binary = new DateTimeOffsetToBinaryConverter();
                await db.Database.ExecuteSqlRawAsync(
                    """
                    WITH RECURSIVE n(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM n WHERE x + 1 < $rows)
                    INSERT INTO prompt_logs ("WorkspaceId", "UserObjectId", "Content", "CreatedAt")
                    SELECT CASE x % 4 WHEN 0 THEN $w0 WHEN 1 THEN $w1 WHEN 2 THEN $w2 ELSE $w3 END, $user,
                           'What did we decide about the Q3 roadmap? ' || x, CASE x % 2 WHEN 0 THEN $expired ELSE $fresh END
                    FROM n
                    """,
                    new SqliteParameter("$rows", rows), new SqliteParameter("$w0", ids[0]), new SqliteParameter("$w1", ids[1]), new SqliteParameter("$w2", ids[2]),
                    new SqliteParameter("$w3", ids[3]), new SqliteParameter("$user", Guid.NewGuid()),
                    new SqliteParameter("$expired", binary.ConvertToProvider(expired)), new SqliteParameter("$fresh", binary.ConvertToProvider(fresh)));
            }
            else
            {
                db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
                await db.Database.ExecuteSqlRawAsync(
                    """
                    INSERT INTO prompt_logs ("WorkspaceId", "UserObjectId", "Content", "CreatedAt")
                    SELECT (ARRAY[@w0, @w1, @w2, @w3])[x % 4 + 1], @user, 'What did we decide about the Q3 roadmap? ' || x,
                           CASE x % 2 WHEN 0 THEN @expired ELSE @fresh END
                    FROM generate_series(0, @rows - 1) AS x
                    """,
                    new NpgsqlParameter("rows", rows), new NpgsqlParameter("w0", ids[0]), new NpgsqlParameter("w1", ids[1]), new NpgsqlParameter("w2", ids[2]),
                    new NpgsqlParameter("w3", ids[3]), new NpgsqlParameter("user", Guid.NewGuid()),
                    new NpgsqlParameter("expired", expired), new NpgsqlParameter("fresh", fresh));

                // Freshly loaded: let the planner know the table before either side runs.
                await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE prompt_logs");
            }
        }

        return database;
    }

    /// <summary>The longest single command the job sent.</summary>
    private sealed class StatementTimer : DbCommandInterceptor
    {
        private long _longest;

        private long _lastPromptDeleteEnd;

        public TimeSpan Longest => TimeSpan.FromTicks(Interlocked.Read(ref _longest));

        /// <summary>When (on the <see cref="Stopwatch"/> time line) the last delete of prompt logs returned: the end of the key-range walk.</summary>
        public TimeSpan LastPromptDeleteEnd => TimeSpan.FromTicks(Interlocked.Read(ref _lastPromptDeleteEnd));

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            Record(command, eventData.Duration);
            if (IsPromptDelete(command))
                Interlocked.Exchange(ref _lastPromptDeleteEnd, Stopwatch.GetTimestamp() * TimeSpan.TicksPerSecond / Stopwatch.Frequency);
            return ValueTask.FromResult(result);
        }

        private readonly ConditionalWeakTable<DbCommand, StrongBox<long>> _started = new();

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            _started.AddOrUpdate(command, new StrongBox<long>(Stopwatch.GetTimestamp()));
            return ValueTask.FromResult(result);
        }

        /// <summary>A reader's statement lasts until the reader is done: a DELETE … RETURNING streams its rows after the first.</summary>
        public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
        {
            if (_started.TryGetValue(command, out var started))
                Record(command, Stopwatch.GetElapsedTime(started.Value));
            if (IsPromptDelete(command))
                Interlocked.Exchange(ref _lastPromptDeleteEnd, Stopwatch.GetTimestamp() * TimeSpan.TicksPerSecond / Stopwatch.Frequency);
            return result;
        }

        private static bool IsPromptDelete(DbCommand command) =>
            command.CommandText.Contains("DELETE FROM", StringComparison.Ordinal) && command.CommandText.Contains("prompt_logs", StringComparison.Ordinal);

        private long _statements;

        private long _statementTicks;

        /// <summary>How many commands the job sent, and their time together.</summary>
        public (long Count, TimeSpan Time) Statements => (Interlocked.Read(ref _statements), TimeSpan.FromTicks(Interlocked.Read(ref _statementTicks)));

        /// <summary>The text of the longest command (for the report: which statement it was).</summary>
        public string LongestText { get; private set; } = "";

        private void Record(DbCommand command, TimeSpan duration)
        {
            Interlocked.Increment(ref _statements);
            Interlocked.Add(ref _statementTicks, duration.Ticks);
            long seen;
            do
            {
                seen = Interlocked.Read(ref _longest);
            }
            while (duration.Ticks > seen && Interlocked.CompareExchange(ref _longest, duration.Ticks, seen) != seen);
            if (duration.Ticks > seen)
                LongestText = command.CommandText;
        }
    }
}
