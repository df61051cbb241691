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
/// Retention enforcement's delete of one key range of a table of <typeparamref name="T"/>: each row against its
/// workspace's plan's cutoff, outside any legal hold in force, saying how many rows went per plan. The database finds
/// what is due: the statement reads the range through the primary key, passes over the rows too new for any plan's
/// cutoff, joins the rest to their workspace (its plan, hence its cutoff) and returns each deleted row's plan. Nothing
/// in it grows with the number of workspaces: it carries the range, one cutoff per plan and the workspaces held as the
/// range began (none, usually), never a list of the workspaces to purge. Measured on two million rows over 100, 2,400
/// and 10,000 workspaces (docs/benchmarks.md, 2026-12-04): a list of the workspaces in each statement cost PostgreSQL
/// a plan of 16 ms per range with 2,400 of them, and the ranges shrank to match.
/// The counts are exact because nothing the statement reads can change while the range is under way: on SQLite the
/// range's transaction holds the write lock from its start; on PostgreSQL it is REPEATABLE READ (one snapshot for the
/// holds read and the delete; a row another transaction deletes meanwhile fails the range, which
/// <see cref="PurgeSupport.PurgeKeyRangesAsync{T}"/> runs again) and it locks the legal holds against writes before
/// its snapshot, so that a hold placed or lifted meanwhile waits for the range's commit and counts from the next
/// range. Each deleted row's plan is the one its workspace had in that snapshot, the one whose cutoff deleted it.
/// Written out rather than left to EF, whose delete can neither return a joined column nor count per plan.
/// </summary>
internal sealed class ExpiredRecordsDelete<T>
    where T : class, IRetainedRecord
{
    /// <summary>PostgreSQL, for the range's transaction: no JIT compilation, which costs more than such a statement saves.</summary>
    private const string PostgresNoJit = "SET LOCAL jit = off";

    private readonly string _prefix;
    private readonly bool _sqlite;
    private readonly DateTimeOffset _now;
    private readonly object _latest;
    private readonly IReadOnlyList<(Plan Plan, string Stored, object Cutoff)> _plans;
    private readonly HashSet<Guid> _seenHeld = [];
    private readonly string _delete;
    private readonly string _lockHolds;

    private ExpiredRecordsDelete(string prefix, bool sqlite, DateTimeOffset now, object latest, IReadOnlyList<(Plan, string, object)> plans, string delete, string lockHolds)
    {
        _prefix = prefix;
        _sqlite = sqlite;
        _now = now;
        _latest = latest;
        _plans = plans;
        _delete = delete;
        _lockHolds = lockHolds;
    }

    /// <summary>Every workspace a range found under a legal hold in force as it began.</summary>
    public IReadOnlySet<Guid> SeenHeld => _seenHeld;

    /// <summary>The isolation each range's transaction needs for its counts to be exact (see the class).</summary>
    public IsolationLevel? Isolation => _sqlite ? null : IsolationLevel.RepeatableRead;

    /// <summary>The statement for these cutoffs (one per plan).</summary>
    public static ExpiredRecordsDelete<T> Create(ConsoleDbContext db, IReadOnlyDictionary<Plan, DateTimeOffset> cutoffs, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(cutoffs);
        var sqlite = db.Database.IsSqlite();
        var prefix = ParameterPrefix(sqlite);
        var names = db.Database.GetService<ISqlGenerationHelper>();
        var records = Columns<T>(db, names);
        var workspaces = Columns<Workspace>(db, names);
        var plans = cutoffs.OrderBy(c => c.Key)
            .Select(c => (c.Key, (string)workspaces.Provider(nameof(Workspace.Plan), c.Key), records.Provider(nameof(IRetainedRecord.CreatedAt), c.Value)))
            .ToList();
        var latest = records.Provider(nameof(IRetainedRecord.CreatedAt), cutoffs.Values.Max());

        string Column(string alias, string property) => alias + records.Column(property);
        var plan = workspaces.Column(nameof(Workspace.Plan));
        var key = workspaces.Column(nameof(Workspace.Id));
        var cases = string.Concat(plans.Select((_, i) => FormattableString.Invariant($"WHEN {prefix}plan{i} THEN {prefix}cutoff{i} ")));

        // The range, the rows old enough for some plan (the others are passed over before any join), outside the holds;
        // then each row's own plan's cutoff, unless every plan has the same.
        string Due(string r) =>
            $"{Column(r, nameof(IRetainedRecord.Id))} >= {prefix}low AND {Column(r, nameof(IRetainedRecord.Id))} < {prefix}high " +
            $"AND {Column(r, nameof(IRetainedRecord.CreatedAt))} < {prefix}latest AND {Column(r, nameof(IRetainedRecord.WorkspaceId))} " +
            (sqlite ? $"NOT IN (SELECT value FROM json_each({prefix}held))" : $"<> ALL ({prefix}held)");
        var oneCutoff = cutoffs.Values.Distinct().Count() == 1;
        var value = names.DelimitIdentifier("Value");
        string delete;
        if (sqlite)
        {
            var workspace = $"FROM {workspaces.Table} WHERE {key} = {records.Table}.{records.Column(nameof(IRetainedRecord.WorkspaceId))}";
            delete = $"DELETE FROM {records.Table} WHERE {Due("")}" +
                (oneCutoff ? "" : $" AND {records.Column(nameof(IRetainedRecord.CreatedAt))} < (SELECT CASE {plan} {cases}END {workspace})") +
                $" RETURNING (SELECT {plan} {workspace}) AS {value}";
        }
        else
        {
            delete = $"WITH gone AS (DELETE FROM {records.Table} AS r USING {workspaces.Table} AS w WHERE {Due("r.")} AND w.{key} = {Column("r.", nameof(IRetainedRecord.WorkspaceId))}" +
                (oneCutoff ? "" : $" AND {Column("r.", nameof(IRetainedRecord.CreatedAt))} < CASE w.{plan} {cases}END") +
                $" RETURNING w.{plan} AS plan) SELECT plan AS {names.DelimitIdentifier(nameof(PlanCount.Plan))}, count(*) AS {names.DelimitIdentifier(nameof(PlanCount.Count))} FROM gone GROUP BY plan";
        }

        var holds = Columns<LegalHold>(db, names);
        return new ExpiredRecordsDelete<T>(prefix, sqlite, now, latest, plans, delete, $"LOCK TABLE {holds.Table} IN SHARE MODE; {PostgresNoJit}");
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
        var held = await PurgeSupport.HeldIds(db, _now).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false);
        _seenHeld.UnionWith(held);

        // Through EF (not a bare command), so that the statement runs in the context's transaction and its interceptors see it.
        var counts = new Dictionary<Plan, int>();
        if (_sqlite)
        {
            foreach (var stored in await db.Database.SqlQueryRaw<string>(_delete, Parameters(db, low, high, held)).ToListAsync(cancellationToken).ConfigureAwait(false))
                Add(stored, 1);
        }
        else
        {
            foreach (var row in await db.Database.SqlQueryRaw<PlanCount>(_delete, Parameters(db, low, high, held)).ToListAsync(cancellationToken).ConfigureAwait(false))
                Add(row.Plan, checked((int)row.Count));
        }

        return counts;

        void Add(string stored, int count)
        {
            var plan = _plans.FirstOrDefault(p => p.Stored == stored);
            if (plan.Stored is null)
                throw new InvalidOperationException($"The range [{low}, {high}) deleted rows of a workspace on plan '{stored}', which has no cutoff: it is rolled back.");
            counts[plan.Plan] = counts.GetValueOrDefault(plan.Plan) + count;
        }
    }

    /// <summary>A row of a range's counts: a plan as stored, and how many of its workspaces' rows went.</summary>
    private sealed class PlanCount
    {
        public string Plan { get; set; } = "";

        public long Count { get; set; }
    }

    /// <summary>The range, the cutoffs, and the workspaces held, as the provider takes them.</summary>
    private DbParameter[] Parameters(ConsoleDbContext db, long low, long high, List<Guid> held)
    {
        using var factory = db.Database.GetDbConnection().CreateCommand();
        return
        [
            Parameter(factory, _prefix + "low", low), Parameter(factory, _prefix + "high", high), Parameter(factory, _prefix + "latest", _latest),
            Parameter(factory, _prefix + "held", _sqlite ? JsonSerializer.Serialize(held.Select(SqliteGuid)) : held.ToArray()),
            .. _plans.SelectMany((p, i) => new[]
            {
                Parameter(factory, _prefix + "plan" + i.ToString(CultureInfo.InvariantCulture), p.Stored),
                Parameter(factory, _prefix + "cutoff" + i.ToString(CultureInfo.InvariantCulture), p.Cutoff),
            }),
        ];
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

        /// <summary>The value as the provider stores it (SQLite keeps DateTimeOffset as a number; plans are kept as their names).</summary>
        public object Provider(string property, object value) =>
            Property(property).GetTypeMapping().Converter is { } converter ? converter.ConvertToProvider(value)! : value;

        private IProperty Property(string name) => entity.FindProperty(name) ?? throw new InvalidOperationException($"{entity.DisplayName()}.{name} is not mapped.");
    }
}
