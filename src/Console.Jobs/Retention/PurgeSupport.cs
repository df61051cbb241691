using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Jobs;
using AdminConsole.Domain.Model.Lifecycle;
using AdminConsole.Domain.Model.Retention;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using AdminConsole.Domain.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Jobs.Retention;

/// <summary>What the purge jobs share: the policies, the legal-hold rule, and the evidence they write as they go.</summary>
internal static class PurgeSupport
{
    public static async Task<IReadOnlyDictionary<Plan, RetentionTerms>> PoliciesAsync(IDbContextFactory<ConsoleDbContext> dbFactory, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var policies = await db.RetentionPolicies.AsNoTracking().ToDictionaryAsync(p => p.Plan, p => p.Terms, cancellationToken).ConfigureAwait(false);
        var missing = Enum.GetValues<Plan>().Where(p => !policies.ContainsKey(p)).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"No retention policy for {string.Join(", ", missing)}: nothing is purged without one.");
        return policies;
    }

    /// <summary>The workspaces under a legal hold in force at <paramref name="now"/>: part of every purge statement, so a hold placed mid-run counts from the next batch.</summary>
    public static IQueryable<Guid> HeldIds(ConsoleDbContext db, DateTimeOffset now) =>
        db.LegalHolds.InForce(now).Select(h => h.WorkspaceId);

    /// <summary>
    /// Walks the table in ascending key ranges: per range one call of <paramref name="deleteRange"/> (which deletes
    /// what is due in the range and says how many rows went per plan), committed together with the run's counts, in a
    /// transaction of <paramref name="isolation"/> (the provider's default when null). A range that fails to serialize
    /// with a concurrent transaction (another deleted a row it would delete) is rolled back and run again.
    /// The first range holds <see cref="RetentionOptions.BatchSize"/> keys; each next one is sized from the time the
    /// last took, so that a range's deletes take about <see cref="RetentionOptions.StatementTarget"/> (between a
    /// quarter and four times the last size — four times only after a range that took a quarter of the target or less,
    /// so that at the same density the next one takes no longer than the target — and at most
    /// <see cref="RetentionOptions.MaxBatchSize"/>). Returns how many rows went, and the last key the walk covered
    /// (the greatest when it began; a row added since has a greater one).
    /// </summary>
    public static async Task<(long Purged, long LastKey)> PurgeKeyRangesAsync<T>(
        IDbContextFactory<ConsoleDbContext> dbFactory, RetentionOptions options, Guid runId, DataKind kind,
        Func<ConsoleDbContext, long, long, CancellationToken, Task<Dictionary<Plan, int>>> deleteRange, CancellationToken cancellationToken,
        IsolationLevel? isolation = null)
        where T : class, IRetainedRecord
    {
        // One context and (on PostgreSQL) one connection for the walk: a connection back in the pool after each range
        // would be reset (DISCARD ALL) and opened again before the next.
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (!db.Database.IsSqlite())
            await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var first = await db.Set<T>().MinAsync(r => (long?)r.Id, cancellationToken).ConfigureAwait(false) ?? 0;
        var last = await db.Set<T>().MaxAsync(r => (long?)r.Id, cancellationToken).ConfigureAwait(false) ?? -1;

        long total = 0;
        long size = Math.Min(options.BatchSize, options.MaxBatchSize);
        for (var low = first; low <= last;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // The last range ends at the last key: past it the planner's statistics know no rows, and may not choose the index.
            var high = Math.Min(low + size, last + 1);
            Dictionary<Plan, int> deleted;
            TimeSpan took;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    (deleted, took) = await DeleteRangeAsync(db, low, high, runId, kind, deleteRange, isolation, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (Exception e) when (attempt < RangeAttempts && FailedToSerialize(e))
                {
                    // Rolled back whole, counts included: the range runs again in a new snapshot.
                }
            }

            total += deleted.Values.Sum();
            low = high;
            size = NextSize(size, took, options);
            await PauseAsync(db, options, cancellationToken).ConfigureAwait(false);
        }

        return (total, last);
    }

    /// <summary>How often a range is tried before its failure to serialize fails the run (each attempt is rolled back whole).</summary>
    private const int RangeAttempts = 5;

    private const string SerializationFailure = "40001";

    /// <summary>Whether the range failed to serialize with another transaction (EF reports a query's failure wrapped, a command's as it is).</summary>
    private static bool FailedToSerialize(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is DbException { SqlState: SerializationFailure or DeadlockDetected })
                return true;
        }

        return false;
    }

    private const string DeadlockDetected = "40P01";

    private static async Task<(Dictionary<Plan, int> Deleted, TimeSpan Took)> DeleteRangeAsync(
        ConsoleDbContext db, long low, long high, Guid runId, DataKind kind,
        Func<ConsoleDbContext, long, long, CancellationToken, Task<Dictionary<Plan, int>>> deleteRange, IsolationLevel? isolation, CancellationToken cancellationToken)
    {
        var synchronous = await RelaxSyncAsync(db, cancellationToken).ConfigureAwait(false);
        try
        {
            await using var transaction = isolation is { } level
                ? await db.Database.BeginTransactionAsync(level, cancellationToken).ConfigureAwait(false)
                : await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var deleted = await deleteRange(db, low, high, cancellationToken).ConfigureAwait(false);
            var took = watch.Elapsed;
            await CountAsync(db, runId, kind, deleted, cancellationToken).ConfigureAwait(false);
            await AddItemsAsync(db, runId, deleted.Values.Sum(), cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            Committed(kind, deleted.Values.Sum());
            return (deleted, took);
        }
        finally
        {
            await RestoreSyncAsync(db, synchronous).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// SQLite: a range's commit skips the write-ahead log's flush to disk (<c>synchronous = NORMAL</c> on this
    /// connection alone); returns the setting to restore, null elsewhere. Safe for a purge: the log stays in order,
    /// so a power failure can only lose whole ranges from the end, each with its count (the rows are still there,
    /// uncounted, and the next run deletes them again), and the next commit of any other connection, which flushes,
    /// makes them durable. A process that is killed loses nothing either way. Measured with the million-row purge
    /// benchmark (docs/benchmarks.md, 2026-12-02).
    /// </summary>
    private static async Task<object?> RelaxSyncAsync(ConsoleDbContext db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite())
            return null;
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var command = db.Database.GetDbConnection().CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = "PRAGMA synchronous";
            var before = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            command.CommandText = "PRAGMA synchronous = NORMAL";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return before;
        }
    }

    /// <summary>Puts the connection's setting back before it returns to the pool (even when the range failed).</summary>
    private static async Task RestoreSyncAsync(ConsoleDbContext db, object? before)
    {
        if (before is null)
            return;
        var command = db.Database.GetDbConnection().CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = FormattableString.Invariant($"PRAGMA synchronous = {Convert.ToInt64(before, CultureInfo.InvariantCulture)}");
            await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await db.Database.CloseConnectionAsync().ConfigureAwait(false);
    }

    private static long NextSize(long size, TimeSpan took, RetentionOptions options)
    {
        var factor = took <= TimeSpan.Zero ? 4 : Math.Clamp(options.StatementTarget / took, 0.25, 4);
        return Math.Clamp((long)(size * factor), 1, options.MaxBatchSize);
    }

    public static async Task StartEvidenceAsync(
        IDbContextFactory<ConsoleDbContext> dbFactory, Guid runId, DataKind kind, IReadOnlyDictionary<Plan, RetentionTerms> policies, Func<RetentionTerms, int> days, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (plan, terms) in policies)
            db.JobRunEvidence.Add(JobRunEvidence.Start(runId, kind, plan, days(terms)));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Adds to the run's counts of several plans in the same transaction as the delete they count: one statement, in
    /// which each plan's row adds its own count (a parameter per plan, so the statement has one shape whatever the counts).
    /// </summary>
    public static async Task CountAsync(ConsoleDbContext db, Guid runId, DataKind kind, Dictionary<Plan, int> purged, CancellationToken cancellationToken)
    {
        List<Plan> plans = [.. purged.Where(p => p.Value != 0).Select(p => p.Key)];
        if (plans.Count <= 1)
        {
            foreach (var plan in plans)
                await CountAsync(db, runId, kind, plan, purged[plan], cancellationToken).ConfigureAwait(false);
            return;
        }

        var row = Expression.Parameter(typeof(JobRunEvidence), "e");
        Expression added = Expression.Constant(0L);
        foreach (var plan in Enum.GetValues<Plan>())
        {
            var count = Expression.Field(Expression.Constant(new StrongBox<long>(purged.GetValueOrDefault(plan))), nameof(StrongBox<long>.Value));
            added = Expression.Condition(Expression.Equal(Expression.Property(row, nameof(JobRunEvidence.Plan)), Expression.Constant(plan)), count, added);
        }

        var sum = Expression.Lambda<Func<JobRunEvidence, long>>(Expression.Add(Expression.Property(row, nameof(JobRunEvidence.Purged)), added), row);
        await db.JobRunEvidence.Where(e => e.RunId == runId && e.Kind == kind && plans.Contains(e.Plan))
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.Purged, sum), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds to the run's count in the same transaction as the delete it counts.</summary>
    public static async Task CountAsync(ConsoleDbContext db, Guid runId, DataKind kind, Plan plan, int purged, CancellationToken cancellationToken)
    {
        if (purged == 0)
            return;
        await db.JobRunEvidence.Where(e => e.RunId == runId && e.Kind == kind && e.Plan == plan)
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.Purged, e => e.Purged + purged), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Adds to the run's item count in the same transaction as the deletes it counts, so that a run that stops at any
    /// moment (killed, its node lost) shows what it deleted, on the jobs page and in the reports.
    /// </summary>
    /// <summary>Counts what a committed batch deleted in the console's meter (never before the commit: a rolled-back batch deleted nothing).</summary>
    public static void Committed(DataKind kind, long deleted)
    {
        if (deleted > 0)
            ConsoleMeter.ItemsPurged.Add(deleted, ConsoleMeter.Tag("kind", kind.ToString()));
    }

    public static async Task AddItemsAsync(ConsoleDbContext db, Guid runId, long items, CancellationToken cancellationToken)
    {
        if (items == 0)
            return;
        var added = (int)Math.Min(int.MaxValue, items);
        await db.JobRuns.Where(r => r.Id == runId)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Items, r => r.Items + added), cancellationToken).ConfigureAwait(false);
    }

    public static async Task CloseEvidenceAsync(ConsoleDbContext db, Guid runId, DataKind kind, Plan plan, long held, DateTimeOffset? oldest, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var evidence = await db.JobRunEvidence.SingleAsync(e => e.RunId == runId && e.Kind == kind && e.Plan == plan, cancellationToken).ConfigureAwait(false);
        evidence.Close(held, oldest, now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The earlier of two moments, either of which may be missing.</summary>
    public static DateTimeOffset? Earlier(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null || a < b ? a : b;

    public static async Task PauseAsync(ConsoleDbContext db, RetentionOptions options, CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite() && options.PauseBetweenBatches > TimeSpan.Zero)
            await Task.Delay(options.PauseBetweenBatches, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One audit entry per run that deleted anything, with what its evidence says, kind by kind (a run that changed nothing leaves its run record only).</summary>
    public static async Task AuditRunAsync(IDbContextFactory<ConsoleDbContext> dbFactory, string jobName, Guid runId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (await PurgedRecordAsync(db, runId, interrupted: false, cancellationToken).ConfigureAwait(false) is { } record)
        {
            db.Audit(AuditActor.Job(jobName), record, now);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The audit record of what a run purged, from its evidence (null when it purged nothing): kind by kind, the items
    /// purged, held and the worst lag; for a run that was interrupted, what it had deleted when it stopped (its
    /// evidence is committed with each delete, so that is exact) and no closing figures, which it never measured.
    /// </summary>
    public static async Task<AuditRecord?> PurgedRecordAsync(ConsoleDbContext db, Guid runId, bool interrupted, CancellationToken cancellationToken)
    {
        var evidence = await db.JobRunEvidence.AsNoTracking().Where(e => e.RunId == runId).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (evidence.All(e => e.Purged == 0))
            return null;
        object summary = interrupted
            ? new { Interrupted = true, Purged = evidence.GroupBy(e => e.Kind).ToDictionary(g => g.Key.ToString(), g => g.Sum(e => e.Purged)) }
            : evidence.GroupBy(e => e.Kind).ToDictionary(
                g => g.Key.ToString(),
                g => new { Purged = g.Sum(e => e.Purged), Held = g.Sum(e => e.Held), LagSeconds = (long)g.Max(e => e.Lag).TotalSeconds });
        return new AuditRecord("retention.purged", "JobRun", runId.ToString(), null, null, summary);
    }
}
