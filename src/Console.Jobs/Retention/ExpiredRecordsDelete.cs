using System.Data.Common;
using System.Globalization;
using System.Text;
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
/// Retention enforcement's statement for one key range of a table of <typeparamref name="T"/>: one DELETE for every
/// plan at once (each workspace's rows against its plan's cutoff), outside any legal hold in force, that RETURNs
/// the workspace of each row it deleted, so the run counts per plan from the statement itself.
/// <para>
/// Written out rather than left to EF for two reasons measured on a million rows: EF's delete cannot return what it
/// deleted (so it took one statement per plan and range), and without statistics SQLite's planner answers EF's
/// version through the (WorkspaceId, CreatedAt) index, reading every expired row of the workspace for each range
/// instead of the range alone. Here SQLite is told <c>NOT INDEXED</c>, which leaves it the rowid range.
/// </para>
/// </summary>
internal sealed class ExpiredRecordsDelete<T>
    where T : class, IRetainedRecord
{
    private readonly string _commandText;
    private readonly List<(string Name, object Value)> _parameters;
    private readonly Dictionary<Guid, Plan> _planOf;
    private readonly string _prefix;

    private ExpiredRecordsDelete(string commandText, List<(string Name, object Value)> parameters, Dictionary<Guid, Plan> planOf, string prefix)
    {
        _commandText = commandText;
        _parameters = parameters;
        _planOf = planOf;
        _prefix = prefix;
    }

    /// <summary>
    /// The statement for these workspaces (by plan) and cutoffs; null when no plan has a workspace. Plans with the
    /// same cutoff share one condition.
    /// </summary>
    public static ExpiredRecordsDelete<T>? Create(ConsoleDbContext db, IReadOnlyDictionary<Plan, List<Guid>> workspaces, IReadOnlyDictionary<Plan, DateTimeOffset> cutoffs, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        var sqlite = db.Database.IsSqlite();
        var prefix = ParameterPrefix(sqlite);
        var names = db.Database.GetService<ISqlGenerationHelper>();
        var records = Columns<T>(db, names);
        var holds = Columns<LegalHold>(db, names);
        var parameters = new List<(string Name, object Value)>();
        string Parameter(object value)
        {
            var name = prefix + "p" + parameters.Count.ToString(CultureInfo.InvariantCulture);
            parameters.Add((name, value));
            return name;
        }

        var conditions = new List<string>();
        foreach (var group in cutoffs.Where(c => workspaces[c.Key].Count > 0).GroupBy(c => c.Value, c => c.Key))
        {
            var ids = group.SelectMany(plan => workspaces[plan]).ToList();
            var list = sqlite
                ? $"{records.Column(nameof(IRetainedRecord.WorkspaceId))} IN (SELECT value FROM json_each({Parameter(JsonSerializer.Serialize(ids.Select(SqliteGuid)))}))"
                : $"{records.Column(nameof(IRetainedRecord.WorkspaceId))} = ANY ({Parameter(ids.ToArray())})";
            conditions.Add($"({list} AND {records.Column(nameof(IRetainedRecord.CreatedAt))} < {Parameter(records.Provider(nameof(IRetainedRecord.CreatedAt), group.Key))})");
        }

        if (conditions.Count == 0)
            return null;

        var held = $"SELECT {holds.Column(nameof(LegalHold.WorkspaceId))} FROM {holds.Table} WHERE {holds.Column(nameof(LegalHold.LiftedAt))} IS NULL " +
            $"AND {holds.Column(nameof(LegalHold.From))} <= {Parameter(holds.Provider(nameof(LegalHold.From), now))} " +
            $"AND ({holds.Column(nameof(LegalHold.Until))} IS NULL OR {holds.Column(nameof(LegalHold.Until))} > {Parameter(holds.Provider(nameof(LegalHold.Until), now))})";
        var id = records.Column(nameof(IRetainedRecord.Id));
        var text = new StringBuilder()
            .Append("DELETE FROM ").Append(records.Table).Append(sqlite ? " NOT INDEXED" : string.Empty)
            .Append(" WHERE ").Append(id).Append(" >= ").Append(prefix).Append("low AND ").Append(id).Append(" < ").Append(prefix).Append("high")
            .Append(" AND (").AppendJoin(" OR ", conditions).Append(')')
            .Append(" AND ").Append(records.Column(nameof(IRetainedRecord.WorkspaceId))).Append(" NOT IN (").Append(held).Append(')')
            .Append(" RETURNING ").Append(records.Column(nameof(IRetainedRecord.WorkspaceId)))
            .ToString();

        // PostgreSQL counts per workspace in the database (a data-modifying CTE) and sends a row per workspace;
        // SQLite, in process, has nothing to send and no such CTE: one row per deleted row, counted here.
        var workspaceId = names.DelimitIdentifier(nameof(DeletedCount.WorkspaceId));
        var count = names.DelimitIdentifier(nameof(DeletedCount.Count));
        text = sqlite
            ? $"{text} AS {workspaceId}, 1 AS {count}"
            : $"WITH deleted AS ({text}) SELECT {records.Column(nameof(IRetainedRecord.WorkspaceId))} AS {workspaceId}, count(*)::int AS {count} FROM deleted GROUP BY 1";
        var planOf = workspaces.SelectMany(w => w.Value.Select(id => (id, w.Key))).ToDictionary(x => x.id, x => x.Key);
        return new ExpiredRecordsDelete<T>(text, parameters, planOf, prefix);
    }

    /// <summary>Deletes what is due in [<paramref name="low"/>, <paramref name="high"/>) in the context's transaction; how many rows went, per plan.</summary>
    public async Task<Dictionary<Plan, int>> ExecuteAsync(ConsoleDbContext db, long low, long high, CancellationToken cancellationToken)
    {
        // Through EF (not a bare command), so that the statement runs in the context's transaction and its interceptors see it.
        using var factory = db.Database.GetDbConnection().CreateCommand();
        var parameters = new List<DbParameter> { Parameter(factory, _prefix + "low", low), Parameter(factory, _prefix + "high", high) };
        parameters.AddRange(_parameters.Select(p => Parameter(factory, p.Name, p.Value)));
        var deleted = await db.Database.SqlQueryRaw<DeletedCount>(_commandText, [.. parameters]).ToListAsync(cancellationToken).ConfigureAwait(false);
        var counts = new Dictionary<Plan, int>();
        foreach (var row in deleted)
        {
            var plan = _planOf[row.WorkspaceId];
            counts[plan] = counts.GetValueOrDefault(plan) + row.Count;
        }

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
