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
/// The retention job purging the expired half of a table of prompt logs, against one raw DELETE of the same rows in
/// the same run: rows/s and their ratio, the longest single statement of the job, and the longest wait of a UI write
/// (a workspace rename, every 20 ms) made while either side runs; five rounds and their median. Two workloads: a
/// million rows in four workspaces (one per plan), and two million rows interleaved over 100, 2,400 and 10,000
/// workspaces of every plan (in the demo data's proportions), so that the cost's growth with the number of workspaces
/// shows.
/// </summary>
internal static class PurgeBenchmark
{
    private static readonly AuditActor Admin = new("admin-1", "Ada Admin", "ConsoleAdmin", null);

    /// <summary>Each pair (a raw DELETE, then the job, each on a freshly seeded copy) runs this often: either side varies by ±15 % from one run to the next on this machine.</summary>
    private const int Rounds = 5;

    /// <summary>The workspace counts of the many-workspace workload.</summary>
    public static readonly int[] WorkspaceCounts = [100, 2_400, 10_000];

    /// <param name="rows">How many prompt logs to seed (half of them expired).</param>
    /// <param name="workspaces">Over how many workspaces (4: one per plan).</param>
    /// <param name="trace">Writes each statement and commit of the measured job to stderr: when it ended (ms from the job's start), how long it took, what it was.</param>
    public static async Task RunAsync(int rows = 1_000_000, int workspaces = 4, bool trace = false, int rounds = Rounds)
    {
        var providers = new List<DatabaseProvider> { DatabaseProvider.Sqlite };
        if (Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable) is { Length: > 0 })
            providers.Add(DatabaseProvider.Postgres);

        // ADMINCONSOLE_BENCH_PROVIDER=Sqlite or Postgres: one database only.
        if (Enum.TryParse<DatabaseProvider>(Environment.GetEnvironmentVariable("ADMINCONSOLE_BENCH_PROVIDER"), out var only))
            providers.RemoveAll(p => p != only);
        Report.Section($"Retention: purging {rows:N0} prompt logs over {workspaces:N0} workspaces, half of them expired");
        foreach (var provider in providers)
        {
            // Both sides once on a small table first, so that neither is measured with EF's query compilation.
            await RawDeleteAsync(provider, 1_000, workspaces);
            await JobAsync(provider, 1_000, workspaces);
            var results = new List<(double Walk, double Whole, TimeSpan Longest, TimeSpan LongestWrite)>();
            for (var round = 1; round <= (trace ? 1 : rounds); round++)
            {
                var (rawRate, rawTime, rawLongestWrite) = await RawDeleteAsync(provider, rows, workspaces);
                var (jobRate, jobTime, walk, longest, longestWrite, writes) = await JobAsync(provider, rows, workspaces, trace);
                var walkRate = rows / 2 / walk.TotalSeconds;
                results.Add((walkRate / rawRate, jobRate / rawRate, longest, longestWrite));
                Report.Line($"- {provider}, {workspaces:N0} workspaces, round {round}: one raw DELETE {rows / 2:N0} rows in {rawTime.TotalMilliseconds:N0} ms ({rawRate:N0} rows/s, a UI write waiting up to {rawLongestWrite.TotalMilliseconds:N0} ms); " +
                    $"the job's key-range walk in {walk.TotalMilliseconds:N0} ms ({walkRate:N0} rows/s) = {walkRate / rawRate:P0} of the raw DELETE; " +
                    $"the whole run with its evidence in {jobTime.TotalMilliseconds:N0} ms ({jobRate:N0} rows/s) = {jobRate / rawRate:P0}; " +
                    $"longest statement {longest.TotalMilliseconds:N0} ms; longest wait of a UI write {longestWrite.TotalMilliseconds:N0} ms over {writes} writes");
            }

            static double Median(IEnumerable<double> values) => values.Order().ElementAt(values.Count() / 2);
            Report.Line($"- **{provider}, {workspaces:N0} workspaces, median of {results.Count} rounds**: the key-range walk at {Median(results.Select(r => r.Walk)):P0} of the raw DELETE " +
                $"(lowest {results.Min(r => r.Walk):P0}), the whole run at {Median(results.Select(r => r.Whole)):P0} (lowest {results.Min(r => r.Whole):P0}); " +
                $"longest statement of all rounds {results.Max(r => r.Longest).TotalMilliseconds:N0} ms, longest wait of a UI write {results.Max(r => r.LongestWrite).TotalMilliseconds:N0} ms");
        }
    }

    private static async Task<(double Rate, TimeSpan Time, TimeSpan LongestWrite)> RawDeleteAsync(DatabaseProvider provider, int rows, int workspaces)
    {
        await using var database = await SeedAsync(provider, rows, workspaces);
        var cutoff = DateTimeOffset.UtcNow - TimeSpan.FromDays(30);
        await using var db = database.CreateContext();
        await using var writer = await UiWriter.StartAsync(database);
        var watch = Stopwatch.StartNew();
        var deleted = await db.PromptLogs.Where(p => p.CreatedAt < cutoff).ExecuteDeleteAsync();
        watch.Stop();
        var (longestWrite, _) = await writer.StopAsync();
        Check(deleted, rows / 2);
        return (deleted / watch.Elapsed.TotalSeconds, watch.Elapsed, longestWrite);
    }

    /// <summary>
    /// A UI write made every 20 ms while one side runs (the same on both, so that neither is measured on a quieter
    /// machine): a workspace rename, through the console's own command, with its audit entry.
    /// </summary>
    private sealed class UiWriter : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private long _longest;
        private int _writes;

        private UiWriter(WorkspaceCommands commands, Guid workspace) => _loop = Task.Run(() => WriteAsync(commands, workspace));

        public static async Task<UiWriter> StartAsync(TestDatabase database)
        {
            Guid workspace;
            await using (var db = database.CreateContext())
                workspace = await db.Workspaces.Where(w => w.Plan == Plan.Free).OrderBy(w => w.Id).Select(w => w.Id).FirstAsync();
            var commands = new WorkspaceCommands(database.CreateFactory(), TimeProvider.System);
            await commands.UpdateAsync(Admin, workspace, "Warm-up", Plan.Free);
            return new UiWriter(commands, workspace);
        }

        private async Task WriteAsync(WorkspaceCommands commands, Guid workspace)
        {
            while (!_stop.IsCancellationRequested)
            {
                var write = Stopwatch.StartNew();
                await commands.UpdateAsync(Admin, workspace, $"Renamed {_writes}", Plan.Free);
                _longest = Math.Max(_longest, write.Elapsed.Ticks);
                _writes++;
                await Task.Delay(20);
            }
        }

        /// <summary>The longest wait of a write, and how many there were.</summary>
        public async Task<(TimeSpan Longest, int Writes)> StopAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            return (TimeSpan.FromTicks(_longest), _writes);
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _stop.Dispose();
        }
    }

    private static async Task<(double Rate, TimeSpan Time, TimeSpan Walk, TimeSpan Longest, TimeSpan LongestWrite, int Writes)> JobAsync(DatabaseProvider provider, int rows, int workspaces, bool trace = false)
    {
        await using var database = await SeedAsync(provider, rows, workspaces);
        var timer = new StatementTimer(trace ? Console.Error : null);
        var factory = database.CreateFactory(timer, timer.Commits);
        await using var writer = await UiWriter.StartAsync(database);
        var start = TimeSpan.FromTicks(Stopwatch.GetTimestamp() * TimeSpan.TicksPerSecond / Stopwatch.Frequency);
        var watch = Stopwatch.StartNew();
        timer.Start();
        var result = await new JobRunRecorder(factory, TimeProvider.System)
            .RunAsync(RetentionEnforcer.JobName, new RetentionEnforcer(factory, TimeProvider.System, Options()).RunAsync, CancellationToken.None);
        watch.Stop();
        var (longestWrite, writes) = await writer.StopAsync();
        Check(result.Items, rows / 2);
        var walk = timer.LastPromptDeleteEnd - start;
        var (statements, inStatements) = timer.Statements;
        if (rows > 1_000)
        {
            Report.Line($"  - {provider}, the job: {statements:N0} statements, {inStatements.TotalMilliseconds:N0} ms of its {watch.Elapsed.TotalMilliseconds:N0} ms in them");
            Report.Line($"  - {provider}, the longest statement: {OneLine(timer.LongestText, 160)}");
        }
        return (result.Items / watch.Elapsed.TotalSeconds, watch.Elapsed, walk, timer.Longest, longestWrite, writes);
    }

    /// <summary>The job's defaults; ADMINCONSOLE_BENCH_STATEMENT_TARGET (milliseconds) tries another range target.</summary>
    private static RetentionOptions Options() =>
        int.TryParse(Environment.GetEnvironmentVariable("ADMINCONSOLE_BENCH_STATEMENT_TARGET"), out var ms)
            ? new RetentionOptions { StatementTarget = TimeSpan.FromMilliseconds(ms) }
            : new RetentionOptions();

    /// <summary>A statement on one line, cut to <paramref name="length"/> characters (with an ellipsis where it was cut).</summary>
    private static string OneLine(string sql, int length)
    {
        var text = string.Join(' ', sql.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        return text.Length > length ? text[..length] + " …" : text;
    }

    private static void Check(int deleted, int expected)
    {
        if (deleted != expected)
            throw new InvalidOperationException($"{deleted} rows deleted, not {expected}");
    }

    /// <summary>
    /// The workspaces (four: one per plan; more: every plan in the demo data's proportions, 39 % Free, 25 % Plus, 20 %
    /// Business, 16 % Enterprise), with default policies (prompt history 30 days); every other row 40 days old, the rest
    /// a day old, the rows of the workspaces interleaved (row x in workspace x × 7919 mod their number).
    /// </summary>
    private static async Task<TestDatabase> SeedAsync(DatabaseProvider provider, int rows, int workspaces)
    {
        var database = await TestDatabase.CreateAsync(provider, pooled: true);
        await database.MigrateAsync();
        var now = DateTimeOffset.UtcNow;
        await using (var db = database.CreateContext())
        {
            for (var i = 0; i < workspaces; i++)
            {
                var share = 100 * i / workspaces;
                var plan = workspaces == 4 ? (Plan)i : share < 39 ? Plan.Free : share < 64 ? Plan.Plus : share < 84 ? Plan.Business : Plan.Enterprise;
                db.Workspaces.Add(Workspace.Create($"{plan} workspace {i}", plan, DataRegion.EU, now));
            }

            await db.SaveChangesAsync();
            var (expired, fresh) = (now - TimeSpan.FromDays(40), now - TimeSpan.FromDays(1));
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
            if (provider == DatabaseProvider.Sqlite)
            {
                var binary = new DateTimeOffsetToBinaryConverter();
                await db.Database.ExecuteSqlRawAsync(
                    """
                    CREATE TEMP TABLE bench_workspaces (n INTEGER PRIMARY KEY, id TEXT NOT NULL);
                    INSERT INTO bench_workspaces SELECT row_number() OVER (ORDER BY "Id") - 1, "Id" FROM workspaces;
                    WITH RECURSIVE n(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM n WHERE x + 1 < $rows)
                    INSERT INTO prompt_logs ("WorkspaceId", "UserObjectId", "Content", "CreatedAt")
                    SELECT w.id, $user, 'What did we decide about the Q3 roadmap? ' || x, CASE x % 2 WHEN 0 THEN $expired ELSE $fresh END
                    FROM n JOIN bench_workspaces w ON w.n = (x * 7919) % $workspaces;
                    DROP TABLE bench_workspaces;
                    """,
                    new SqliteParameter("$rows", rows), new SqliteParameter("$workspaces", workspaces), new SqliteParameter("$user", Guid.NewGuid()),
                    new SqliteParameter("$expired", binary.ConvertToProvider(expired)), new SqliteParameter("$fresh", binary.ConvertToProvider(fresh)));
            }
            else
            {
                await db.Database.ExecuteSqlRawAsync(
                    """
                    INSERT INTO prompt_logs ("WorkspaceId", "UserObjectId", "Content", "CreatedAt")
                    SELECT w."Id", @user, 'What did we decide about the Q3 roadmap? ' || x, CASE x % 2 WHEN 0 THEN @expired ELSE @fresh END
                    FROM generate_series(0, @rows - 1) AS x
                    JOIN (SELECT row_number() OVER (ORDER BY "Id") - 1 AS n, "Id" FROM workspaces) AS w ON w.n = (x::bigint * 7919) % @workspaces
                    ORDER BY x
                    """,
                    new NpgsqlParameter("rows", rows), new NpgsqlParameter("workspaces", (long)workspaces), new NpgsqlParameter("user", Guid.NewGuid()),
                    new NpgsqlParameter("expired", expired), new NpgsqlParameter("fresh", fresh));

                // Freshly loaded: let the planner know the table before either side runs. No automatic vacuum or analyze
                // of the table in the middle of either side: the job commits range by range, so one would start during
                // its walk (half the rows dead after a few ranges) where it can only start after the raw DELETE.
                await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE prompt_logs");
                await db.Database.ExecuteSqlRawAsync("ALTER TABLE prompt_logs SET (autovacuum_enabled = false)");

                // As in production, where rows a month old sit on pages that autovacuum has long since marked visible
                // to every transaction: the first vacuum after a bulk load marks none of them, the next ones do.
                for (var vacuum = 0; vacuum < 5; vacuum++)
                {
                    var unmarked = await db.Database.SqlQueryRaw<int>(
                        """SELECT relpages - relallvisible AS "Value" FROM pg_class WHERE oid = 'prompt_logs'::regclass""").ToListAsync();
                    if (unmarked.Single() == 0)
                        break;
                    await db.Database.ExecuteSqlRawAsync("VACUUM prompt_logs");
                }

                // And the seeding's dirty pages written out now, not by a checkpoint during one of the sides.
                await db.Database.ExecuteSqlRawAsync("CHECKPOINT");
            }
        }

        return database;
    }

    /// <summary>With a trace writer, each commit of the job as it ends.</summary>
    private sealed class CommitTrace(TextWriter? trace) : DbTransactionInterceptor
    {
        public long Start { get; set; }

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (trace is not null && Start != 0)
                trace.WriteLine(FormattableString.Invariant($"{Stopwatch.GetElapsedTime(Start).TotalMilliseconds,9:F1} {eventData.Duration.TotalMilliseconds,7:F1} COMMIT"));
            return Task.CompletedTask;
        }
    }

    /// <summary>The longest single command the job sent; with a trace writer, every command and commit as it ends.</summary>
    private sealed class StatementTimer(TextWriter? trace) : DbCommandInterceptor
    {
        private long _start;

        public CommitTrace Commits { get; } = new(trace);

        public void Start()
        {
            _start = Stopwatch.GetTimestamp();
            Commits.Start = _start;
        }

        private void Trace(DbCommand command, TimeSpan duration)
        {
            if (trace is null || _start == 0)
                return;
            // The key range a delete covers, as [low-high].
            var range = command.Parameters.Cast<DbParameter>().Where(p => p.ParameterName.EndsWith("low", StringComparison.Ordinal) || p.ParameterName.EndsWith("high", StringComparison.Ordinal)).Select(p => p.Value?.ToString());
            trace.WriteLine(FormattableString.Invariant($"{Stopwatch.GetElapsedTime(_start).TotalMilliseconds,9:F1} {duration.TotalMilliseconds,7:F1} [{string.Join("-", range)}] {OneLine(command.CommandText, 60)}"));
        }

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
            Trace(command, duration);
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
