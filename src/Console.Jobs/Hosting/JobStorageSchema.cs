using AdminConsole.Domain.Persistence;
using Hangfire.PostgreSql;
using Npgsql;

namespace AdminConsole.Jobs.Hosting;

/// <summary>
/// On PostgreSQL the job storage's tables are in the console's database, schema <see cref="JobHostOptions.PostgresSchema"/>.
/// They are made and upgraded like the console's own: by the migration role when one is set, which then grants the
/// console's role the rows of those tables and nothing more (it creates nothing, anywhere). Nodes starting together
/// install one after the other, under an advisory lock.
/// </summary>
public static class JobStorageSchema
{
    /// <summary>The advisory lock under which a node installs the schema (a key of the console's own).</summary>
    private const long InstallLock = 4711396254537347701;

    public static async Task InstallAsync(DatabaseOptions database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        var asOwner = !string.IsNullOrWhiteSpace(database.MigrationConnectionString);
        await using var connection = new NpgsqlConnection(asOwner ? database.MigrationConnectionString : database.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({InstallLock})", cancellationToken).ConfigureAwait(false);
        try
        {
            PostgreSqlObjectsInstaller.Install(connection, JobHostOptions.PostgresSchema);
            if (asOwner)
            {
                var quoted = DatabaseInitializer.ConsoleRole(database);
                const string schema = "\"" + JobHostOptions.PostgresSchema + "\"";
                await ExecuteAsync(connection, $"GRANT USAGE ON SCHEMA {schema} TO {quoted}", cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, $"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {quoted}", cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, $"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {quoted}", cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({InstallLock})", CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
