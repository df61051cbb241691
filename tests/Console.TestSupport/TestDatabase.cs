using System.Collections.Concurrent;
using System.Text.Json;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace AdminConsole.TestSupport;

/// <summary>
/// A fresh, empty database on a real server for one test: a temporary SQLite file, or a new database on the
/// PostgreSQL server that ./test.sh starts. Dropped again on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "ADMINCONSOLE_TEST_POSTGRES";

    private readonly string? _sqliteFile;
    private readonly string? _postgresName;
    private readonly SemaphoreSlim _roleLock = new(1, 1);
    private string? _consoleRole;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? sqliteFile, string? postgresName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _sqliteFile = sqliteFile;
        _postgresName = postgresName;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public DatabaseOptions Options => new() { Provider = Provider, ConnectionString = ConnectionString };

    /// <summary>The server's own connection string; a test run without it fails rather than skips.</summary>
    public static string PostgresServer =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{PostgresVariable} is not set. Run ./test.sh, which starts a PostgreSQL server for the tests, " +
                $"or set {PostgresVariable} to a server where the tests may create databases.");

    /// <summary>
    /// A new, empty database. SQLite files are opened unpooled unless <paramref name="pooled"/> (as the console
    /// itself opens them), which benchmarks want: a pooled connection skips the open and schema read per context.
    /// </summary>
    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, bool pooled = false)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), $"adminconsole-test-{Guid.NewGuid():N}.db");
            return new TestDatabase(provider, $"Data Source={file};Pooling={pooled}", file, null);
        }

        var name = $"test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(PostgresServer))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name };
        return new TestDatabase(provider, builder.ConnectionString, null, name);
    }

    /// <summary>
    /// A new database that is a copy of <paramref name="source"/> as it is now (a file copy on SQLite, <c>CREATE DATABASE …
    /// TEMPLATE</c> on PostgreSQL): a scene seeded once and given to many tests. Nothing may hold the source open; its
    /// pooled connections are let go first.
    /// </summary>
    public static async Task<TestDatabase> CopyOfAsync(TestDatabase source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source._sqliteFile is not null)
        {
            SqliteConnection.ClearAllPools();
            var file = Path.Combine(Path.GetTempPath(), $"adminconsole-test-{Guid.NewGuid():N}.db");
            File.Copy(source._sqliteFile, file);
            return new TestDatabase(source.Provider, $"Data Source={file};Pooling=False", file, null) { _untouched = 0 };
        }

        await using (var pooled = new NpgsqlConnection(source.ConnectionString))
            NpgsqlConnection.ClearPool(pooled);
        var name = $"test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(PostgresServer))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE \"{source._postgresName}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new TestDatabase(source.Provider, new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name }.ConnectionString, null, name) { _untouched = 0 };
    }

    /// <summary>
    /// PostgreSQL: the login role of the console's own for this database, as production runs it — the migrations run as
    /// the owner (<see cref="ConnectionString"/>) and grant this role its rights; the connection string it logs in with.
    /// </summary>
    public async Task<string> CreateConsoleRoleAsync()
    {
        if (_postgresName is null)
            throw new InvalidOperationException("Only a PostgreSQL test database has roles.");
        // Several nodes of one test share the database, and so the role: made once, however many start together.
        await _roleLock.WaitAsync();
        try
        {
            if (_consoleRole is null)
            {
                var role = $"console_{_postgresName}";
                await using var connection = new NpgsqlConnection(PostgresServer);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand($"CREATE ROLE \"{role}\" LOGIN", connection);
                await command.ExecuteNonQueryAsync();
                _consoleRole = role;
            }
        }
        finally
        {
            _roleLock.Release();
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Username = _consoleRole }.ConnectionString;
    }

    /// <summary>A database another process made (a benchmark's child reads what its parent seeded); disposing it leaves it there.</summary>
    public static TestDatabase Attach(DatabaseProvider provider, string connectionString) => new(provider, connectionString, null, null);

    /// <summary>
    /// The chain key of the repository's development settings, which the console uses when the tests run it: entries
    /// a test writes are sealed as the console's own, so the console verifies them.
    /// </summary>
    public static AuditChainKey DevelopmentChainKey { get; } = ReadDevelopmentChainKey();

    /// <summary>The key audit entries written through this database's contexts are sealed with; null writes them unsealed.</summary>
    public AuditChainKey? ChainKey { get; set; } = DevelopmentChainKey;

    public ConsoleDbContext CreateContext(params IInterceptor[] interceptors)
    {
        if (ChainKey is { } key)
            interceptors = [new AuditSealInterceptor(key), .. interceptors];
        if (Provider == DatabaseProvider.Sqlite)
        {
            var options = new DbContextOptionsBuilder<SqliteConsoleDbContext>();
            PersistenceServiceCollectionExtensions.ConfigureSqlite(options, ConnectionString);
            options.AddInterceptors(interceptors);
            return new SqliteConsoleDbContext(options.Options);
        }

        var pg = new DbContextOptionsBuilder<PostgresConsoleDbContext>();
        PersistenceServiceCollectionExtensions.ConfigurePostgres(pg, ConnectionString);
        pg.AddInterceptors(interceptors);
        return new PostgresConsoleDbContext(pg.Options);
    }

    public IDbContextFactory<ConsoleDbContext> CreateFactory(params IInterceptor[] interceptors) => new Factory(this, interceptors);

    /// <summary>
    /// Migrates the database. A database nothing has touched yet is first made a copy of a template migrated once per
    /// test process (a file copy on SQLite, <c>CREATE DATABASE … TEMPLATE</c> on PostgreSQL), which takes a fraction of
    /// the migrations' time; the migrator then finds nothing to do, and the seeding of the retention policies runs as
    /// it would. A database a test has written to is migrated in place.
    /// </summary>
    public async Task MigrateAsync()
    {
        if (Interlocked.Exchange(ref _untouched, 0) == 1)
            await CopyTemplateAsync();
        await DatabaseInitializer.MigrateAsync(CreateFactory());
    }

    private int _untouched = 1;

    /// <summary>Per provider, a database of this process migrated once and never connected to again; dropped as the process ends.</summary>
    private static readonly ConcurrentDictionary<DatabaseProvider, Lazy<Task<TestDatabase>>> Templates = new();

    private async Task CopyTemplateAsync()
    {
        if (_sqliteFile is not null)
        {
            if (File.Exists(_sqliteFile))
                return;
            File.Copy((await TemplateAsync(Provider))._sqliteFile!, _sqliteFile);
            return;
        }

        if (_postgresName is null)
            return;
        var template = await TemplateAsync(Provider);
        await using (var own = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString))
        {
            await own.OpenAsync();
            await using var tables = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema'))", own);
            if ((bool)(await tables.ExecuteScalarAsync())!)
                return;
        }

        // Still as CreateAsync made it: made again, from the template. A connection the test pooled to it is let go first.
        await using (var pooled = new NpgsqlConnection(ConnectionString))
            NpgsqlConnection.ClearPool(pooled);
        await using var connection = new NpgsqlConnection(PostgresServer);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE \"{_postgresName}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_postgresName}\" TEMPLATE \"{template._postgresName}\"", connection);
        await create.ExecuteNonQueryAsync();
    }

    private static Task<TestDatabase> TemplateAsync(DatabaseProvider provider) =>
        Templates.GetOrAdd(provider, p => new Lazy<Task<TestDatabase>>(() => MakeTemplateAsync(p))).Value;

    private static async Task<TestDatabase> MakeTemplateAsync(DatabaseProvider provider)
    {
        var template = await CreateAsync(provider);
        template._untouched = 0;
        await template.MigrateAsync();

        // Copied only once nothing holds it open: PostgreSQL refuses a template with connections, SQLite's file must be whole.
        if (provider == DatabaseProvider.Sqlite)
        {
            SqliteConnection.ClearAllPools();
            if (File.Exists(template._sqliteFile + "-wal"))
                throw new InvalidOperationException($"The template {template._sqliteFile} kept a write-ahead log after its connections closed.");
        }
        else
        {
            await using var pooled = new NpgsqlConnection(template.ConnectionString);
            NpgsqlConnection.ClearPool(pooled);
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                template.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            catch (NpgsqlException)
            {
                // The server went first (the test script stops it): nothing is left to drop.
            }
        };
        return template;
    }

    public async ValueTask DisposeAsync()
    {
        _roleLock.Dispose();
        if (_sqliteFile is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
                File.Delete(_sqliteFile + suffix);
        }

        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(PostgresServer);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
            if (_consoleRole is not null)
            {
                await using var dropRole = new NpgsqlCommand($"DROP ROLE IF EXISTS \"{_consoleRole}\"", connection);
                await dropRole.ExecuteNonQueryAsync();
            }
        }
    }

    private static AuditChainKey ReadDevelopmentChainKey()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(ConsoleServer.RepositoryRoot, "appsettings.Development.json")));
        // The setting bears the same name as this property.
        return AuditChainKey.Parse(settings.RootElement.GetProperty("Audit").GetProperty(nameof(ChainKey)).GetString(), "Audit:ChainKey of appsettings.Development.json");
    }

    private sealed class Factory(TestDatabase database, IInterceptor[] interceptors) : IDbContextFactory<ConsoleDbContext>
    {
        public ConsoleDbContext CreateDbContext() => database.CreateContext(interceptors);
    }
}
