using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using AdminConsole.Domain.Model.Lifecycle;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace AdminConsole.Jobs.Retention;

/// <summary>
/// Retention enforcement's delete of one key range of a table of <typeparamref name="T"/>: each workspace's rows
/// against its plan's cutoff, outside any legal hold in force, saying how many rows went per plan. Each range is one
/// plain DELETE for all the plans that share a cutoff, read through the (WorkspaceId, Id, CreatedAt) index: those
/// workspaces' slices of the range, the creation time checked in the index, so that only the rows that are due are
/// visited, each heap page once. The counts of those plans but one are asked for first, in one statement and the
/// same snapshot, from the index alone; the last plan's is the rest of the delete's. Measured on a million rows
/// (docs/benchmarks.md):
/// <list type="bullet">
/// <item>a DELETE per plan passed over each heap page of the range once per plan (rows of several plans share a
/// page); one DELETE for the plans, with a count first, took about 4 % less time in the PostgreSQL benchmark and
/// 10 % less of the server's CPU time in psql;</item>
/// <item>PostgreSQL reads the range as a bitmap, which visits only the heap pages that hold due rows, and counts
/// with an index-only scan (pages of rows a month old are marked visible to all by vacuum); counting in a
/// data-modifying CTE took two to three times as long as the delete alone, and the planner, left to itself, reads
/// the range in key order through the primary key and checks every row;</item>
/// <item>SQLite is told the index (<c>INDEXED BY</c>); reading the range in key order and counting per workspace
/// first read every row of the range twice.</item>
/// </list>
/// The counts are exact because nothing the statements read can change while the range is under way: on SQLite the
/// range's transaction holds the write lock from its start; on PostgreSQL it is REPEATABLE READ (one snapshot for
/// the holds read, the counts and the delete; a row another transaction deletes meanwhile fails the range, which
/// <see cref="PurgeSupport.PurgeKeyRangesAsync{T}"/> runs again) and it locks the legal holds against writes before
/// its snapshot, so that a hold placed or lifted meanwhile waits for the range's commit and counts from the next
/// range. The workspaces held when the range begins are left out of its statements.
/// Written out rather than left to EF, whose delete can neither count per plan nor choose the access path.
/// </summary>
internal sealed class ExpiredRecordsDelete<T>
    where T : class, IRetainedRecord
{
    /// <summary>
    /// PostgreSQL, for the range's deletes: a bitmap scan (neither a plain index scan nor a sequential one). Its
    /// counts are asked for before, where an index-only scan (which needs index scans on) reads the key-range index
    /// alone. Both without JIT compilation, which costs more than such a statement saves. Each setting lasts until the
    /// range's commit, and is sent in the command of the statement that first needs it (Npgsql sends a command's
    /// statements together), not in one of its own.
    /// </summary>
    private const string PostgresBitmapScan = "SET LOCAL enable_indexscan = off; SET LOCAL enable_seqscan = off";

    private const string PostgresDefaultScans = "SET LOCAL enable_indexscan TO DEFAULT; SET LOCAL enable_seqscan TO DEFAULT";

    private const string PostgresNoJit = "SET LOCAL jit = off";

    /// <summary>Ranges of fewer keys are deleted whatever the plan: a plan that skips the key-range index costs little there.</summary>
    private const long MinimumSplit = 1_000;

    /// <summary>The name of the parameter that lists the delete's workspaces (each count's list adds its place).</summary>
    private const string Workspaces = "workspaces";

    private readonly string _prefix;
    private readonly bool _sqlite;
    private readonly DateTimeOffset _now;
    private readonly IReadOnlyList<CutoffGroup> _groups;
    private readonly HashSet<Guid> _seenHeld = [];
    private readonly string _keyRangeIndex;
    private readonly string _delete;
    private readonly Func<string, string, string> _count;
    private readonly string _lockHolds;

    /// <summary>Whether the range's transaction has <see cref="PostgresBitmapScan"/> set (each range is one transaction).</summary>
    private bool _bitmapScan;

    private ExpiredRecordsDelete(string prefix, bool sqlite, DateTimeOffset now, IReadOnlyList<CutoffGroup> groups, string keyRangeIndex, string delete, Func<string, string, string> count, string lockHolds)
    {
        _prefix = prefix;
        _sqlite = sqlite;
        _now = now;
        _groups = groups;
        _keyRangeIndex = keyRangeIndex;
        _delete = delete;
        _count = count;
        _lockHolds = lockHolds;
    }

    /// <summary>The plans that share a cutoff (as the provider stores it), with each plan's workspaces that have rows due.</summary>
    private sealed record CutoffGroup(object Cutoff, IReadOnlyList<(Plan Plan, List<Guid> Workspaces)> Plans);

    /// <summary>Every workspace a range found under a legal hold in force as it began.</summary>
    public IReadOnlySet<Guid> SeenHeld => _seenHeld;

    /// <summary>The isolation each range's transaction needs for its counts to be exact (see the class).</summary>
    public IsolationLevel? Isolation => _sqlite ? null : IsolationLevel.RepeatableRead;

    /// <summary>The statements for these workspaces (by plan) and cutoffs; null when no plan has a workspace.</summary>
    public static ExpiredRecordsDelete<T>? Create(ConsoleDbContext db, IReadOnlyDictionary<Plan, List<Guid>> workspaces, IReadOnlyDictionary<Plan, DateTimeOffset> cutoffs, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        var sqlite = db.Database.IsSqlite();
        var prefix = ParameterPrefix(sqlite);
        var names = db.Database.GetService<ISqlGenerationHelper>();
        var records = Columns<T>(db, names);
        var groups = cutoffs.Where(c => workspaces[c.Key].Count > 0).GroupBy(c => c.Value)
            .Select(g => new CutoffGroup(records.Provider(nameof(IRetainedRecord.CreatedAt), g.Key), [.. g.Select(c => (c.Key, workspaces[c.Key]))]))
            .ToList();
        if (groups.Count == 0)
            return null;

        var id = records.Column(nameof(IRetainedRecord.Id));
        var table = sqlite ? $"{records.Table} INDEXED BY {names.DelimitIdentifier(records.KeyRangeIndex())}" : records.Table;
        string Due(string workspaces) =>
            $"{id} >= {prefix}low AND {id} < {prefix}high AND {records.Column(nameof(IRetainedRecord.WorkspaceId))} " +
            (sqlite ? $"IN (SELECT value FROM json_each({prefix}{workspaces}))" : $"= ANY ({prefix}{workspaces})") +
            $" AND {records.Column(nameof(IRetainedRecord.CreatedAt))} < {prefix}cutoff";
        var holds = Columns<LegalHold>(db, names);
        return new ExpiredRecordsDelete<T>(
            prefix, sqlite, now, groups, records.KeyRangeIndex(),
            $"DELETE FROM {table} WHERE {Due(Workspaces)}",
            (plan, workspaces) => $"SELECT {plan} AS {names.DelimitIdentifier(nameof(PlanCount.Index))}, (SELECT count(*) FROM {table} WHERE {Due(workspaces)}) AS {names.DelimitIdentifier(nameof(PlanCount.Value))}",
            $"LOCK TABLE {holds.Table} IN SHARE MODE; {PostgresNoJit}");
    }

    /// <summary>
    /// Deletes what is due in [<paramref name="low"/>, <paramref name="high"/>) in the context's transaction (begun with
    /// <see cref="Isolation"/>); how many rows went, per plan. On SQLite the transaction holds the write lock from its start.
    /// </summary>
    public async Task<Dictionary<Plan, int>> DeleteRangeAsync(ConsoleDbContext db, long low, long high, CancellationToken cancellationToken)
    {
        // Before anything that takes the transaction's snapshot (PostgreSQL's documented way for a lock to cover it).
        if (!_sqlite)
            await db.Database.ExecuteSqlRawAsync(_lockHolds, cancellationToken).ConfigureAwait(false);
        _bitmapScan = false;
        var held = (await PurgeSupport.HeldIds(db, _now).ToListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet();
        _seenHeld.UnionWith(held);
        var counts = new Dictionary<Plan, int>();
        foreach (var group in _groups)
        {
            List<(Plan Plan, List<Guid> Workspaces)> free = [.. group.Plans.Select(p => (p.Plan, p.Workspaces.Where(w => !held.Contains(w)).ToList())).Where(p => p.Item2.Count > 0)];
            if (free.Count == 0)
                continue;
            foreach (var (plan, went) in await DeleteAsync(db, group.Cutoff, free, low, high, cancellationToken).ConfigureAwait(false))
            {
                if (went > 0)
                    counts[plan] = counts.GetValueOrDefault(plan) + went;
            }
        }

        return counts;
    }

    /// <summary>
    /// One cutoff's delete of [<paramref name="low"/>, <paramref name="high"/>), with each plan's count. On PostgreSQL
    /// the plan is asked for first: past some size of range (a quarter of a million-row table, with half of it due, in
    /// the benchmark) the planner estimates a bitmap of all the workspaces' due rows through the (WorkspaceId,
    /// CreatedAt) index, the Id range checked on every heap page of the table, cheaper than the range's slice of the
    /// key-range index; it is not (1.8 times the time per key, docs/benchmarks.md). Such a range is deleted in two
    /// halves instead, each asked again. Then one statement counts the plans but the last, and the delete follows.
    /// On PostgreSQL each of the three carries the scan settings it needs in its own command: a range of one cutoff
    /// costs the same three round trips whatever the number of plans.
    /// </summary>
    private async Task<Dictionary<Plan, int>> DeleteAsync(
        ConsoleDbContext db, object cutoff, List<(Plan Plan, List<Guid> Workspaces)> plans, long low, long high, CancellationToken cancellationToken)
    {
        List<(string, List<Guid>)> all = [(Workspaces, [.. plans.SelectMany(p => p.Workspaces)])];
        if (!_sqlite && high - low > MinimumSplit && !await ReadsTheKeyRangeIndexAsync(db, Parameters(db, cutoff, low, high, all), cancellationToken).ConfigureAwait(false))
        {
            var middle = low + ((high - low) / 2);
            var first = await DeleteAsync(db, cutoff, plans, low, middle, cancellationToken).ConfigureAwait(false);
            foreach (var (plan, went) in await DeleteAsync(db, cutoff, plans, middle, high, cancellationToken).ConfigureAwait(false))
                first[plan] = first.GetValueOrDefault(plan) + went;
            return first;
        }

        // Through EF (not a bare command), so that the statements run in the context's transaction and its interceptors see them.
        var counts = new Dictionary<Plan, int>();
        var counted = plans.SkipLast(1).ToList();
        if (counted.Count > 0)
        {
            var query = string.Join(" UNION ALL ", counted.Select((_, i) => _count(i.ToString(CultureInfo.InvariantCulture), Workspaces + i.ToString(CultureInfo.InvariantCulture))));
            var lists = counted.Select((p, i) => (Workspaces + i.ToString(CultureInfo.InvariantCulture), p.Workspaces));
            var sql = Scans(bitmap: false) + query;
            var rows = await db.Database.SqlQueryRaw<PlanCount>(sql, Parameters(db, cutoff, low, high, lists))
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var row in rows)
                counts[counted[row.Index].Plan] = checked((int)row.Value);
        }

        var delete = Scans(bitmap: true) + _delete;
        var deleted = await db.Database.ExecuteSqlRawAsync(delete, Parameters(db, cutoff, low, high, all), cancellationToken).ConfigureAwait(false);
        var rest = deleted - counts.Values.Sum();
        if (rest < 0)
            throw new InvalidOperationException($"The range [{low}, {high}) counted {counts.Values.Sum()} rows due and deleted {deleted}: its counts are not exact, and it is rolled back.");
        counts[plans[^1].Plan] = rest;
        return counts;
    }

    /// <summary>A row of the counts: the plan's place in the statement, and how many of its rows are due in the range.</summary>
    private sealed class PlanCount
    {
        public int Index { get; set; }

        public long Value { get; set; }
    }

    /// <summary>The range, the cutoff, and each named list of workspaces, as the provider takes them.</summary>
    private DbParameter[] Parameters(ConsoleDbContext db, object cutoff, long low, long high, IEnumerable<(string Name, List<Guid> Workspaces)> lists)
    {
        using var factory = db.Database.GetDbConnection().CreateCommand();
        return
        [
            Parameter(factory, _prefix + "low", low), Parameter(factory, _prefix + "high", high), Parameter(factory, _prefix + "cutoff", cutoff),
            .. lists.Select(l => Parameter(factory, _prefix + l.Name, _sqlite ? JsonSerializer.Serialize(l.Workspaces.Select(SqliteGuid)) : l.Workspaces.ToArray())),
        ];
    }

    /// <summary>
    /// PostgreSQL: the settings for a delete's scans (<paramref name="bitmap"/>) or a count's, to go first in the
    /// next statement's command when they change; nothing on SQLite, or when they are set already.
    /// </summary>
    private string Scans(bool bitmap)
    {
        if (_sqlite || _bitmapScan == bitmap)
            return "";
        _bitmapScan = bitmap;
        return (bitmap ? PostgresBitmapScan : PostgresDefaultScans) + "; ";
    }

    private async Task<bool> ReadsTheKeyRangeIndexAsync(ConsoleDbContext db, DbParameter[] parameters, CancellationToken cancellationToken)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = Scans(bitmap: true) + "EXPLAIN (FORMAT JSON) " + _delete;
            command.Parameters.AddRange(parameters);
            var plan = Convert.ToString(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) ?? "";
            return plan.Contains($"\"Index Name\": \"{_keyRangeIndex}\"", StringComparison.Ordinal);
        }
    }

    /// <summary>How each provider's SQL names a parameter.</summary>
    private static string ParameterPrefix(bool sqlite) => sqlite ? "$" : "@";

    private static DbParameter Parameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        return parameter;
    }

    /// <summary>How the SQLite provider writes a Guid: upper-case text.</summary>
    private static string SqliteGuid(Guid id) => id.ToString("D").ToUpperInvariant();

    private static TableColumns Columns<TEntity>(ConsoleDbContext db, ISqlGenerationHelper names)
    {
        var entity = db.Model.FindEntityType(typeof(TEntity)) ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not mapped.");
        var table = entity.GetTableName() ?? throw new InvalidOperationException($"{typeof(TEntity).Name} has no table.");
        return new TableColumns(entity, StoreObjectIdentifier.Table(table, entity.GetSchema()), names);
    }

    private sealed class TableColumns(IEntityType entity, StoreObjectIdentifier store, ISqlGenerationHelper names)
    {
        public string Table => names.DelimitIdentifier(store.Name, store.Schema);

        public string Column(string property) => names.DelimitIdentifier(Property(property).GetColumnName(store)!);

        /// <summary>The name of the (WorkspaceId, Id, CreatedAt) index the deletes read.</summary>
        public string KeyRangeIndex()
        {
            string[] columns = [nameof(IRetainedRecord.WorkspaceId), nameof(IRetainedRecord.Id), nameof(IRetainedRecord.CreatedAt)];
            var index = entity.GetIndexes().SingleOrDefault(i => i.Properties.Select(p => p.Name).SequenceEqual(columns))
                ?? throw new InvalidOperationException($"{entity.DisplayName()} has no ({string.Join(", ", columns)}) index.");
            return index.GetDatabaseName(store) ?? throw new InvalidOperationException($"{entity.DisplayName()}'s key-range index has no name.");
        }

        /// <summary>The value as the provider stores it (SQLite keeps DateTimeOffset as a number).</summary>
        public object Provider(string property, object value) =>
            Property(property).GetTypeMapping().Converter is { } converter ? converter.ConvertToProvider(value)! : value;

        private IProperty Property(string name) => entity.FindProperty(name) ?? throw new InvalidOperationException($"{entity.DisplayName()}.{name} is not mapped.");
    }
}
