namespace AdminConsole.Domain.Persistence;

public enum DatabaseProvider
{
    Sqlite = 0,
    Postgres = 1,
}

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// ADO.NET connection string. For SQLite a relative <c>Data Source</c> is resolved against the
    /// content root and its folder is created on first run.
    /// </summary>
    public string ConnectionString { get; set; } = "Data Source=data/console.db";

    /// <summary>
    /// PostgreSQL: the connection string of the role that owns the schema and runs the migrations. When set, the
    /// console runs as the role of <see cref="ConnectionString"/>, which the migration grants what it needs and no
    /// more: it may add audit entries and read them, never change, delete or own them.
    /// </summary>
    public string? MigrationConnectionString { get; set; }
}
