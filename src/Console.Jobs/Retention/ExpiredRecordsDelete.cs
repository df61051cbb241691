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
/// plain DELETE per plan, whose row count is that plan's count (plans often share a cutoff, so a statement per cutoff
/// could not tell them apart), read through the (WorkspaceId, Id, CreatedAt) index: each plan's workspaces' slice of
/// the range, the creation time checked in the index, so that only the rows that are due are visited. Measured on a
/// million rows (docs/benchmarks.md):
/// <list type="bullet">
/// <item>SQLite is told the index (<c>INDEXED BY</c>); reading the range in key order and counting per workspace
/// first read every row of the range twice, and a row back per deleted row cost a third on top of the delete.</item>
/// <item>PostgreSQL reads it as a bitmap, which visits only the heap pages that hold due rows; a data-modifying CTE
/// that counted per workspace took twice as long, and the planner, left to itself, reads the range in key order
/// through the primary key and checks every row.</item>
/// </list>
/// Written out rather than left to EF, whose delete can neither count per plan nor choose the access path.
/// </summary>
internal sealed class ExpiredRecordsDelete<T>
    where T : class, IRetainedRecord
{
    /// <summary>
    /// PostgreSQL, for the range's deletes only: a bitmap scan (neither a plain index scan nor a sequential one) and
    /// no JIT compilation, which costs more than such a statement saves. Reset before the run's counts are written.
    /// </summary>
    private const string PostgresBitmapScan = "SET LOCAL enable_indexscan = off; SET LOCAL enable_seqscan = off; SET LOCAL jit = off";

    /// <summary>Ranges of fewer keys are deleted whatever the plan: a plan that skips the key-range index costs little there.</summary>
    private const long MinimumSplit = 1_000;

    private const string PostgresDefaults = "SET LOCAL enable_indexscan TO DEFAULT; SET LOCAL enable_seqscan TO DEFAULT; SET LOCAL jit TO DEFAULT";

    private readonly string _prefix;
    private readonly bool _sqlite;
    private readonly DateTimeOffset _now;
    private readonly IReadOnlyList<PlanDelete> _planDeletes;
    private readonly HashSet<Guid> _seenHeld = [];
    private readonly string _keyRangeIndex;

    private ExpiredRecordsDelete(string prefix, bool sqlite, DateTimeOffset now, IReadOnlyList<PlanDelete> planDeletes, string keyRangeIndex)
    {
        _keyRangeIndex = keyRangeIndex;
        _prefix = prefix;
        _sqlite = sqlite;
        _now = now;
        _planDeletes = planDeletes;
    }

    /// <summary>
    /// One plan's delete of a range, in two forms that each keep every workspace under a legal hold in force at the
    /// statement: <see cref="Guarded"/> deletes nothing at all when any of the plan's workspaces is held (a check made
    /// once per statement), <see cref="PerRow"/> checks each row's workspace against the holds. The range takes the
    /// guarded form for a plan none of whose workspaces was held when the range began, which spares every row the
    /// check (docs/benchmarks.md); a hold placed in between makes that plan's delete take nothing in the range.
    /// </summary>
    private sealed record PlanDelete(Plan Plan, HashSet<Guid> Workspaces, string Guarded, string PerRow, List<(string Name, object Value)> Parameters);

    /// <summary>Every workspace a range found under a legal hold in force as it began.</summary>
    public IReadOnlySet<Guid> SeenHeld => _seenHeld;

    /// <summary>The statements for these workspaces (by plan) and cutoffs; null when no plan has a workspace.</summary>
    public static ExpiredRecordsDelete<T>? Create(ConsoleDbContext db, IReadOnlyDictionary<Plan, List<Guid>> workspaces, IReadOnlyDictionary<Plan, DateTimeOffset> cutoffs, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        var sqlite = db.Database.IsSqlite();
        var prefix = ParameterPrefix(sqlite);
        var names = db.Database.GetService<ISqlGenerationHelper>();
        var records = Columns<T>(db, names);
        var holds = Columns<LegalHold>(db, names);
        var workspaceColumn = records.Column(nameof(IRetainedRecord.WorkspaceId));
        var createdColumn = records.Column(nameof(IRetainedRecord.CreatedAt));

        string Parameter(List<(string Name, object Value)> parameters, object value)
        {
            var name = prefix + "p" + parameters.Count.ToString(CultureInfo.InvariantCulture);
            parameters.Add((name, value));
            return name;
        }

        string List(List<(string Name, object Value)> parameters, List<Guid> ids) => sqlite
            ? $"(SELECT value FROM json_each({Parameter(parameters, JsonSerializer.Serialize(ids.Select(SqliteGuid)))}))"
            : $"ANY ({Parameter(parameters, ids.ToArray())})";

        string InForce(List<(string Name, object Value)> parameters) =>
            $"{holds.Column(nameof(LegalHold.LiftedAt))} IS NULL " +
            $"AND {holds.Column(nameof(LegalHold.From))} <= {Parameter(parameters, holds.Provider(nameof(LegalHold.From), now))} " +
            $"AND ({holds.Column(nameof(LegalHold.Until))} IS NULL OR {holds.Column(nameof(LegalHold.Until))} > {Parameter(parameters, holds.Provider(nameof(LegalHold.Until), now))})";

        var withWorkspaces = cutoffs.Where(c => workspaces[c.Key].Count > 0).ToList();
        if (withWorkspaces.Count == 0)
            return null;

        var id = records.Column(nameof(IRetainedRecord.Id));
        var table = sqlite ? $"{records.Table} INDEXED BY {names.DelimitIdentifier(records.KeyRangeIndex())}" : records.Table;
        var holdWorkspace = holds.Column(nameof(LegalHold.WorkspaceId));
        var deletes = withWorkspaces.Select(c =>
        {
            var parameters = new List<(string Name, object Value)>();
            var list = List(parameters, workspaces[c.Key]);
            var due = $"DELETE FROM {table} WHERE {id} >= {prefix}low AND {id} < {prefix}high AND {workspaceColumn} {(sqlite ? "IN" : "=")} {list} " +
                $"AND {createdColumn} < {Parameter(parameters, records.Provider(nameof(IRetainedRecord.CreatedAt), c.Value))}";
            var inForce = InForce(parameters);
            return new PlanDelete(
                c.Key,
                [.. workspaces[c.Key]],
                $"{due} AND NOT EXISTS (SELECT 1 FROM {holds.Table} WHERE {holdWorkspace} {(sqlite ? "IN" : "=")} {list} AND {inForce})",
                $"{due} AND {workspaceColumn} NOT IN (SELECT {holdWorkspace} FROM {holds.Table} WHERE {inForce})",
                parameters);
        }).ToList();
        return new ExpiredRecordsDelete<T>(prefix, sqlite, now, deletes, records.KeyRangeIndex());
    }

    /// <summary>
    /// Deletes what is due in [<paramref name="low"/>, <paramref name="high"/>) in the context's transaction; how many
    /// rows went, per plan. On SQLite the transaction holds the write lock from its start.
    /// </summary>
    public async Task<Dictionary<Plan, int>> DeleteRangeAsync(ConsoleDbContext db, long low, long high, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<Plan, int>();
        var held = await PurgeSupport.HeldIds(db, _now).ToListAsync(cancellationToken).ConfigureAwait(false);
        _seenHeld.UnionWith(held);
        // PostgreSQL's settings in statements of their own: each delete's plan is asked for under them.
        if (!_sqlite)
            await db.Database.ExecuteSqlRawAsync(PostgresBitmapScan, cancellationToken).ConfigureAwait(false);
        foreach (var delete in _planDeletes)
        {
            var sql = delete.Workspaces.Overlaps(held) ? delete.PerRow : delete.Guarded;
            var went = await DeleteAsync(db, sql, delete.Parameters, low, high, cancellationToken).ConfigureAwait(false);
            if (went > 0)
                counts[delete.Plan] = went;
        }

        if (!_sqlite)
            await db.Database.ExecuteSqlRawAsync(PostgresDefaults, cancellationToken).ConfigureAwait(false);
        return counts;
    }

    /// <summary>
    /// One plan's delete of [<paramref name="low"/>, <paramref name="high"/>). On PostgreSQL the plan is asked for first:
    /// past some size of range (a quarter of a million-row table, with half of it due, in the benchmark) the planner
    /// estimates a bitmap of all the workspaces' due rows through the (WorkspaceId, CreatedAt) index, the Id range checked
    /// on every heap page of the table, cheaper than the range's slice of the key-range index; it is not (1.8 times the
    /// time per key, docs/benchmarks.md). Such a range is deleted in two halves instead, each asked again.
    /// </summary>
    private async Task<int> DeleteAsync(ConsoleDbContext db, string sql, List<(string Name, object Value)> parameters, long low, long high, CancellationToken cancellationToken)
    {
        // Through EF (not a bare command), so that the statements run in the context's transaction and its interceptors see them.
        using var factory = db.Database.GetDbConnection().CreateCommand();
        DbParameter[] Parameters(long from, long to) =>
            [Parameter(factory, _prefix + "low", from), Parameter(factory, _prefix + "high", to), .. parameters.Select(p => Parameter(factory, p.Name, p.Value))];
        if (!_sqlite && high - low > MinimumSplit && !await ReadsTheKeyRangeIndexAsync(db, sql, Parameters(low, high), cancellationToken).ConfigureAwait(false))
        {
            var middle = low + ((high - low) / 2);
            return await DeleteAsync(db, sql, parameters, low, middle, cancellationToken).ConfigureAwait(false)
                + await DeleteAsync(db, sql, parameters, middle, high, cancellationToken).ConfigureAwait(false);
        }

        return await db.Database.ExecuteSqlRawAsync(sql, Parameters(low, high), cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> ReadsTheKeyRangeIndexAsync(ConsoleDbContext db, string sql, DbParameter[] parameters, CancellationToken cancellationToken)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = "EXPLAIN (FORMAT JSON) " + sql;
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
