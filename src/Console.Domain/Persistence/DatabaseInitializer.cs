using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Retention;
using AdminConsole.Domain.Model.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace AdminConsole.Domain.Persistence;

public static class DatabaseInitializer
{
    /// <summary>Applies pending migrations; on SQLite also switches the file to WAL so readers never wait for the writer.</summary>
    public static async Task MigrateAsync(IDbContextFactory<ConsoleDbContext> factory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        await MigrateQuietlyAsync(db, cancellationToken).ConfigureAwait(false);
        await SeedRetentionPoliciesAsync(factory, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Applies pending migrations. On PostgreSQL with a migration role (<see cref="DatabaseOptions.MigrationConnectionString"/>)
    /// they run as that role, which then grants the console's own role what it needs: every console table to read and
    /// write, except the audit log, which it may only add to and read.
    /// </summary>
    public static async Task MigrateAsync(IDbContextFactory<ConsoleDbContext> factory, DatabaseOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Provider != DatabaseProvider.Postgres || string.IsNullOrWhiteSpace(options.MigrationConnectionString))
        {
            await MigrateAsync(factory, cancellationToken).ConfigureAwait(false);
            return;
        }

        var builder = new DbContextOptionsBuilder<PostgresConsoleDbContext>();
        PersistenceServiceCollectionExtensions.ConfigurePostgres(builder, options.MigrationConnectionString);
        await using (var owner = new PostgresConsoleDbContext(builder.Options))
        {
            await MigrateQuietlyAsync(owner, cancellationToken).ConfigureAwait(false);
            await GrantAsync(owner, ConsoleRole(options), cancellationToken).ConfigureAwait(false);
        }

        await SeedRetentionPoliciesAsync(factory, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Migrates after making the history table if it is missing: on an empty PostgreSQL database the migrator reads
    /// the history before creating it, and that failed read is logged as an error at every first start.
    /// </summary>
    private static async Task MigrateQuietlyAsync(ConsoleDbContext db, CancellationToken cancellationToken)
    {
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// On PostgreSQL, why the console's own role could rewrite the audit log (it is a superuser, owns the log's
    /// table, or may update, delete or truncate it), or null when it can only add and read entries.
    /// </summary>
    public static async Task<string?> AuditLogProtectionProblemAsync(IDbContextFactory<ConsoleDbContext> factory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (!db.Database.IsNpgsql())
            return null;
        var rights = await db.Database.SqlQueryRaw<AuditLogRights>(
            """
            SELECT current_user AS "Role",
                   r.rolsuper AS "Superuser",
                   t.tableowner = current_user AS "Owner",
                   has_table_privilege('audit_entries', 'UPDATE') OR has_table_privilege('audit_entries', 'DELETE')
                       OR has_table_privilege('audit_entries', 'TRUNCATE') OR has_table_privilege('audit_entries', 'TRIGGER') AS "MayChange"
            FROM pg_roles r CROSS JOIN pg_tables t
            WHERE r.rolname = current_user AND t.schemaname = current_schema() AND t.tablename = 'audit_entries'
            """).SingleAsync(cancellationToken).ConfigureAwait(false);
        var why = rights.Superuser ? "is a superuser" : rights.Owner ? "owns the audit_entries table" : rights.MayChange ? "may update, delete or truncate audit_entries" : null;
        return why is null
            ? null
            : $"The console's database role '{rights.Role}' {why}, so whoever holds its connection string could rewrite the audit log. "
              + "Run the console as a role of its own and migrations as the owner: set Database:MigrationConnectionString to the owner's connection "
              + "and Database:ConnectionString to the console's role (README, 'PostgreSQL roles').";
    }

    /// <summary>The advisory lock under which a node grants the console's role its rights (a key of the console's own), held until the grants commit.</summary>
    private const string GrantLock = "SELECT pg_advisory_xact_lock(4711396254537347700)";

    /// <summary>
    /// The console's own PostgreSQL role (the user of <see cref="DatabaseOptions.ConnectionString"/>), quoted as an
    /// identifier: what the migration role grants its rights to, on the console's tables and on the job storage's.
    /// </summary>
    public static string ConsoleRole(DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var role = new NpgsqlConnectionStringBuilder(options.ConnectionString).Username
            ?? throw new InvalidOperationException("Database:ConnectionString names no user (Username=…): the console's role must be named to be granted its rights.");
        return "\"" + role.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static async Task GrantAsync(PostgresConsoleDbContext owner, string quoted, CancellationToken cancellationToken)
    {
        var auditTable = owner.Model.FindEntityType(typeof(AuditEntry))!.GetTableName();
        var tables = owner.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        var statements = new List<string>
        {
            // Nothing to create: the migrations make every table, the job storage's included (in a schema of its own).
            $"GRANT USAGE ON SCHEMA public TO {quoted}",
            $"REVOKE CREATE ON SCHEMA public FROM {quoted}",
            $"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
            $"GRANT SELECT ON \"__EFMigrationsHistory\" TO {quoted}",
        };
        foreach (var table in tables)
        {
            var rights = table == auditTable ? "SELECT, INSERT" : "SELECT, INSERT, UPDATE, DELETE";
            statements.Add($"REVOKE ALL ON \"{table}\" FROM {quoted}");
            statements.Add($"GRANT {rights} ON \"{table}\" TO {quoted}");
        }

        // Nodes that start together grant together: PostgreSQL fails a GRANT whose catalog row another transaction is
        // changing ("tuple concurrently updated"), so the grants of one node wait for another's commit.
        await using var transaction = await owner.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await owner.Database.ExecuteSqlRawAsync(GrantLock, cancellationToken).ConfigureAwait(false);
        foreach (var statement in statements)
        {
#pragma warning disable EF1002 // table and role names come from the model and the configuration, quoted
            await owner.Database.ExecuteSqlRawAsync(statement, cancellationToken).ConfigureAwait(false);
#pragma warning restore EF1002
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private sealed class AuditLogRights
    {
        public string Role { get; set; } = string.Empty;

        public bool Superuser { get; set; }

        public bool Owner { get; set; }

        public bool MayChange { get; set; }
    }

    /// <summary>Every plan has a retention policy from the start: the defaults, within every published commitment.</summary>
    private static async Task SeedRetentionPoliciesAsync(IDbContextFactory<ConsoleDbContext> factory, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var present = await db.RetentionPolicies.Select(p => p.Plan).ToListAsync(cancellationToken).ConfigureAwait(false);
        var now = DateTimeOffset.UtcNow;
        foreach (var plan in Enum.GetValues<Plan>().Except(present))
            db.RetentionPolicies.Add(RetentionPolicy.Create(plan, RetentionTerms.DefaultFor(plan), now, "console defaults"));
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            // Another node seeded them at the same moment.
        }
    }
}
