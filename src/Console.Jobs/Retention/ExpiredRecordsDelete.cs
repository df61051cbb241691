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
/// workspace's plan's cutoff, outside any legal hold in force, saying how many rows went per promise. The database finds
/// what is due: one plain DELETE per cutoff reads the range through the primary key, checks the creation time, and
/// leaves out the workspaces held as the range began (none, usually); where some plans have another cutoff, it keeps
/// to the workspaces of its own plans (a semi-join on the workspaces table). Nothing in it grows with the number of
/// workspaces: it carries the range, the cutoff, its plans and the workspaces held, never a list of the workspaces to
/// purge. Its row count is what went under that cutoff, for all the plans that share it together: the count sits on
/// the first of those plans (the evidence of a run lists plans of one promise together). Measured on two million rows
/// over 100, 2,400 and 10,000 workspaces (docs/benchmarks.md, 2026-12-04):
/// <list type="bullet">
/// <item>a list of the workspaces in each statement cost PostgreSQL a plan of 16 ms per range with 2,400 of them, and
/// the ranges shrank to match;</item>
/// <item>each deleted row's plan, returned by the delete and counted (per plan), took three times as long as the
/// delete alone on PostgreSQL: the returned row is read again, and joined to its workspace.</item>
/// </list>
/// The counts are exact because nothing the statements read can change while the range is under way: on SQLite the
/// range's transaction holds the write lock from its start; on PostgreSQL it is REPEATABLE READ (one snapshot for the
/// holds read and the deletes; a row another transaction deletes meanwhile fails the range, which
/// <see cref="PurgeSupport.PurgeKeyRangesAsync{T}"/> runs again) and it locks the legal holds against writes before
/// its snapshot, so that a hold placed or lifted meanwhile waits for the range's commit and counts from the next range.
/// Written out rather than left to EF, whose delete cannot be told how to leave out the held workspaces in one parameter.
/// </summary>
internal sealed class ExpiredRecordsDelete<T>
    where T : class, IRetainedRecord
{
    /// <summary>PostgreSQL, for the range's transaction: no JIT compilation, which costs more than such a statement saves.</summary>
    private const string PostgresNoJit = "SET LOCAL jit = off";

    private readonly string _prefix;
    private readonly bool _sqlite;
    private readonly DateTimeOffset _now;
    private readonly IReadOnlyList<CutoffGroup> _groups;
    private readonly HashSet<Guid> _seenHeld = [];
    private readonly string _lockHolds;

    private ExpiredRecordsDelete(string prefix, bool sqlite, DateTimeOffset now, IReadOnlyList<CutoffGroup> groups, string lockHolds)
    {
        _prefix = prefix;
        _sqlite = sqlite;
        _now = now;
        _groups = groups;
        _lockHolds = lockHolds;
    }

    /// <summary>The plans that share a cutoff (as the provider stores it and their names as stored), and their delete.</summary>
    private sealed record CutoffGroup(object Cutoff, IReadOnlyList<Plan> Plans, IReadOnlyList<string> Stored, string Delete);

    /// <summary>Every workspace a range found under a legal hold in force as it began.</summary>
    public IReadOnlySet<Guid> SeenHeld => _seenHeld;

    /// <summary>The isolation each range's transaction needs for its counts to be exact (see the class).</summary>
    public IsolationLevel? Isolation => _sqlite ? null : IsolationLevel.RepeatableRead;

    /// <summary>The statements for these cutoffs (one per plan).</summary>
    public static ExpiredRecordsDelete<T> Create(ConsoleDbContext db, IReadOnlyDictionary<Plan, DateTimeOffset> cutoffs, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(cutoffs);
        var sqlite = db.Database.IsSqlite();
        var prefix = ParameterPrefix(sqlite);
        var names = db.Database.GetService<ISqlGenerationHelper>();
        var records = Columns<T>(db, names);
        var workspaces = Columns<Workspace>(db, names);
        var id = records.Column(nameof(IRetainedRecord.Id));
        var workspaceId = records.Column(nameof(IRetainedRecord.WorkspaceId));
        var held = sqlite ? $"NOT IN (SELECT value FROM json_each({prefix}held))" : $"<> ALL ({prefix}held)";
        var groups = cutoffs.GroupBy(c => c.Value).Select(g =>
        {
            List<Plan> plans = [.. g.Select(c => c.Key).Order()];
            var stored = plans.ConvertAll(p => (string)workspaces.Provider(nameof(Workspace.Plan), p));
            var delete = $"DELETE FROM {records.Table} WHERE {id} >= {prefix}low AND {id} < {prefix}high " +
                $"AND {records.Column(nameof(IRetainedRecord.CreatedAt))} < {prefix}cutoff AND {workspaceId} {held}";
            if (plans.Count < cutoffs.Count)
            {
                var list = string.Join(", ", plans.Select((_, i) => FormattableString.Invariant($"{prefix}plan{i}")));
                delete += $" AND {workspaceId} IN (SELECT {workspaces.Column(nameof(Workspace.Id))} FROM {workspaces.Table} WHERE {workspaces.Column(nameof(Workspace.Plan))} IN ({list}))";
            }

            return new CutoffGroup(records.Provider(nameof(IRetainedRecord.CreatedAt), g.Key), plans, stored, delete);
        }).ToList();
        var holds = Columns<LegalHold>(db, names);
        return new ExpiredRecordsDelete<T>(prefix, sqlite, now, groups, $"LOCK TABLE {holds.Table} IN SHARE MODE; {PostgresNoJit}");
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

        // Through EF (not a bare command), so that the statements run in the context's transaction and its interceptors see them.
        var counts = new Dictionary<Plan, int>();
        foreach (var group in _groups)
        {
            var deleted = await db.Database.ExecuteSqlRawAsync(group.Delete, Parameters(db, group, low, high, held), cancellationToken).ConfigureAwait(false);
            if (deleted > 0)
                counts[group.Plans[0]] = deleted;
        }

        return counts;
    }

    /// <summary>The range, the group's cutoff and plans, and the workspaces held, as the provider takes them.</summary>
    private DbParameter[] Parameters(ConsoleDbContext db, CutoffGroup group, long low, long high, List<Guid> held)
    {
        using var factory = db.Database.GetDbConnection().CreateCommand();
        return
        [
            Parameter(factory, _prefix + "low", low), Parameter(factory, _prefix + "high", high), Parameter(factory, _prefix + "cutoff", group.Cutoff),
            Parameter(factory, _prefix + "held", _sqlite ? JsonSerializer.Serialize(held.Select(SqliteGuid)) : held.ToArray()),
            .. group.Stored.Select((plan, i) => Parameter(factory, _prefix + "plan" + i.ToString(CultureInfo.InvariantCulture), plan)),
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
