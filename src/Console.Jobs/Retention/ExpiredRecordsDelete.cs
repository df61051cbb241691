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
/// against its plan's cutoff, outside any legal hold in force, saying how many rows went per plan. Each database
/// deletes in the way that was fastest for it on a million rows (docs/benchmarks.md):
/// <list type="bullet">
/// <item>SQLite counts the due rows per workspace first and then deletes them for every plan in one statement
/// without RETURNING (about a third faster than a row back per deleted row); both statements are told
/// <c>NOT INDEXED</c> so that they read the range alone (without statistics SQLite's planner would read every expired
/// row of the workspace through the (WorkspaceId, CreatedAt) index for each range).</item>
/// <item>PostgreSQL runs one plain DELETE per plan, whose row count is that plan's count (plans often share a
/// cutoff, so a statement per cutoff could not tell them apart), read through a bitmap of the
/// (WorkspaceId, Id, CreatedAt) index, which visits only the heap pages that hold due rows. A data-modifying CTE
/// that counted per workspace took twice as long, and the planner, left to itself, reads the range in key order
/// and checks every row.</item>
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

    private const string PostgresDefaults = "SET LOCAL enable_indexscan TO DEFAULT; SET LOCAL enable_seqscan TO DEFAULT; SET LOCAL jit TO DEFAULT";

    private readonly string _prefix;
    private readonly List<(string Name, object Value)> _parameters;
    private readonly Dictionary<Guid, Plan> _planOf;

    private ExpiredRecordsDelete(string prefix, List<(string Name, object Value)> parameters, Dictionary<Guid, Plan> planOf)
    {
        _prefix = prefix;
        _parameters = parameters;
        _planOf = planOf;
    }

    /// <summary>SQLite: per workspace, how many rows of a key range are due.</summary>
    private string? RangeCount { get; init; }

    /// <summary>SQLite: the delete of the same rows.</summary>
    private string? RangeDelete { get; init; }

    /// <summary>PostgreSQL: per plan, the delete of its workspaces' due rows, with its own parameters.</summary>
    private IReadOnlyList<(Plan Plan, string Sql, List<(string Name, object Value)> Parameters)> PlanDeletes { get; init; } = [];

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

        string Due(List<(string Name, object Value)> parameters, List<Guid> ids, DateTimeOffset cutoff)
        {
            var list = sqlite
                ? $"{workspaceColumn} IN (SELECT value FROM json_each({Parameter(parameters, JsonSerializer.Serialize(ids.Select(SqliteGuid)))}))"
                : $"{workspaceColumn} = ANY ({Parameter(parameters, ids.ToArray())})";
            return $"{list} AND {createdColumn} < {Parameter(parameters, records.Provider(nameof(IRetainedRecord.CreatedAt), cutoff))}";
        }

        string NotHeld(List<(string Name, object Value)> parameters) =>
            $"{workspaceColumn} NOT IN (SELECT {holds.Column(nameof(LegalHold.WorkspaceId))} FROM {holds.Table} WHERE {holds.Column(nameof(LegalHold.LiftedAt))} IS NULL " +
            $"AND {holds.Column(nameof(LegalHold.From))} <= {Parameter(parameters, holds.Provider(nameof(LegalHold.From), now))} " +
            $"AND ({holds.Column(nameof(LegalHold.Until))} IS NULL OR {holds.Column(nameof(LegalHold.Until))} > {Parameter(parameters, holds.Provider(nameof(LegalHold.Until), now))}))";

        var planOf = workspaces.SelectMany(w => w.Value.Select(id => (id, w.Key))).ToDictionary(x => x.id, x => x.Key);
        var withWorkspaces = cutoffs.Where(c => workspaces[c.Key].Count > 0).ToList();
        if (withWorkspaces.Count == 0)
            return null;

        var id = records.Column(nameof(IRetainedRecord.Id));
        var inRange = $"{id} >= {prefix}low AND {id} < {prefix}high";
        if (!sqlite)
        {
            var deletes = withWorkspaces.Select(c =>
            {
                var parameters = new List<(string Name, object Value)>();
                var sql = $"DELETE FROM {records.Table} WHERE {inRange} AND {Due(parameters, workspaces[c.Key], c.Value)} AND {NotHeld(parameters)}";
                return (c.Key, sql, parameters);
            }).ToList();
            return new ExpiredRecordsDelete<T>(prefix, [], planOf) { PlanDeletes = deletes };
        }

        // In a range, plans with the same cutoff share one condition.
        var shared = new List<(string Name, object Value)>();
        var conditions = withWorkspaces.GroupBy(c => c.Value, c => c.Key)
            .Select(group => $"({Due(shared, group.SelectMany(plan => workspaces[plan]).ToList(), group.Key)})").ToList();
        var where = $"{records.Table} NOT INDEXED WHERE {inRange} AND ({string.Join(" OR ", conditions)}) AND {NotHeld(shared)}";
        var workspaceId = names.DelimitIdentifier(nameof(DeletedCount.WorkspaceId));
        var count = names.DelimitIdentifier(nameof(DeletedCount.Count));
        return new ExpiredRecordsDelete<T>(prefix, shared, planOf)
        {
            RangeCount = $"SELECT {workspaceColumn} AS {workspaceId}, count(*) AS {count} FROM {where} GROUP BY {workspaceColumn}",
            RangeDelete = $"DELETE FROM {where}",
        };
    }

    /// <summary>
    /// Deletes what is due in [<paramref name="low"/>, <paramref name="high"/>) in the context's transaction; how many
    /// rows went, per plan. On SQLite the transaction holds the write lock from its start, so the count and the
    /// delete see the same rows.
    /// </summary>
    public async Task<Dictionary<Plan, int>> DeleteRangeAsync(ConsoleDbContext db, long low, long high, CancellationToken cancellationToken)
    {
        // Through EF (not a bare command), so that the statements run in the context's transaction and its interceptors see them.
        using var factory = db.Database.GetDbConnection().CreateCommand();
        DbParameter[] Parameters(IEnumerable<(string Name, object Value)> parameters) =>
            [Parameter(factory, _prefix + "low", low), Parameter(factory, _prefix + "high", high), .. parameters.Select(p => Parameter(factory, p.Name, p.Value))];
        var counts = new Dictionary<Plan, int>();
        if (RangeCount is null || RangeDelete is null)
        {
            await db.Database.ExecuteSqlRawAsync(PostgresBitmapScan, cancellationToken).ConfigureAwait(false);
            foreach (var (plan, sql, parameters) in PlanDeletes)
            {
                var went = await db.Database.ExecuteSqlRawAsync(sql, Parameters(parameters), cancellationToken).ConfigureAwait(false);
                if (went > 0)
                    counts[plan] = went;
            }

            await db.Database.ExecuteSqlRawAsync(PostgresDefaults, cancellationToken).ConfigureAwait(false);
            return counts;
        }

        var due = await db.Database.SqlQueryRaw<DeletedCount>(RangeCount, Parameters(_parameters)).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var row in due)
        {
            var plan = _planOf[row.WorkspaceId];
            counts[plan] = counts.GetValueOrDefault(plan) + row.Count;
        }

        var deleted = await db.Database.ExecuteSqlRawAsync(RangeDelete, Parameters(_parameters), cancellationToken).ConfigureAwait(false);
        if (deleted != counts.Values.Sum())
            throw new InvalidOperationException($"Keys {low} to {high}: {counts.Values.Sum()} rows were counted as due but {deleted} deleted; the range is rolled back.");
        return counts;
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

        /// <summary>The value as the provider stores it (SQLite keeps DateTimeOffset as a number).</summary>
        public object Provider(string property, object value) =>
            Property(property).GetTypeMapping().Converter is { } converter ? converter.ConvertToProvider(value)! : value;

        private IProperty Property(string name) => entity.FindProperty(name) ?? throw new InvalidOperationException($"{entity.DisplayName()}.{name} is not mapped.");
    }
}

/// <summary>Rows of one workspace a range's delete took.</summary>
internal sealed record DeletedCount(Guid WorkspaceId, int Count);
