using AdminConsole.Domain.Audit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminConsole.Domain.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IDbContextFactory{ConsoleDbContext}"/> (one context per operation, as Blazor
    /// circuits and jobs need) and a scoped <see cref="ConsoleDbContext"/> for request-scoped code.
    /// </summary>
    /// <param name="sealing">The audit chain key, if configured: every audit entry and the chain head are sealed with it as they are saved.</param>
    public static IServiceCollection AddConsoleDatabase(this IServiceCollection services, DatabaseOptions options, string contentRoot, AuditSealing? sealing = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        sealing ??= AuditSealing.None;
        services.AddSingleton(sealing);
        var interceptor = sealing.Key is { } key ? new AuditSealInterceptor(key) : null;
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = ResolveSqliteConnectionString(options.ConnectionString, contentRoot);
                services.AddDbContextFactory<SqliteConsoleDbContext>((sp, o) =>
                {
                    ConfigureSqlite(o, sqlite, interceptor);
                    o.AddInterceptors(new CommittedChangesInterceptor(sp.GetServices<IWorkspaceChangeListener>));
                });
                services.AddSingleton<IDbContextFactory<ConsoleDbContext>, ConsoleDbContextFactory<SqliteConsoleDbContext>>();
                break;
            case DatabaseProvider.Postgres:
                services.AddDbContextFactory<PostgresConsoleDbContext>((sp, o) =>
                {
                    ConfigurePostgres(o, options.ConnectionString, interceptor);
                    o.AddInterceptors(new CommittedChangesInterceptor(sp.GetServices<IWorkspaceChangeListener>));
                });
                services.AddSingleton<IDbContextFactory<ConsoleDbContext>, ConsoleDbContextFactory<PostgresConsoleDbContext>>();
                break;
            default:
                throw new InvalidOperationException($"Database:Provider '{options.Provider}' is not supported; use Sqlite or Postgres.");
        }

        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContext());
        return services;
    }

    public static void ConfigureSqlite(DbContextOptionsBuilder builder, string connectionString, AuditSealInterceptor? sealing = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseSqlite(connectionString, o => o.MigrationsAssembly(typeof(ConsoleDbContext).Assembly.FullName));
        builder.AddInterceptors(SqliteLockWait.Instance);
        if (sealing is not null)
            builder.AddInterceptors(sealing);
    }

    public static void ConfigurePostgres(DbContextOptionsBuilder builder, string connectionString, AuditSealInterceptor? sealing = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseNpgsql(connectionString, o => o.MigrationsAssembly(typeof(ConsoleDbContext).Assembly.FullName));
        if (sealing is not null)
            builder.AddInterceptors(sealing);
    }

    /// <summary>Makes a relative SQLite file absolute under the content root and creates its folder.</summary>
    public static string ResolveSqliteConnectionString(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var source = builder.DataSource;
        var inMemory = string.IsNullOrEmpty(source) || source == ":memory:" || builder.Mode == SqliteOpenMode.Memory;
        if (!inMemory)
        {
            var path = Path.IsPathRooted(source) ? source : Path.GetFullPath(Path.Combine(contentRoot, source));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            builder.DataSource = path;
        }

        return builder.ToString();
    }

    private sealed class ConsoleDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<ConsoleDbContext>
        where TContext : ConsoleDbContext
    {
        public ConsoleDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
