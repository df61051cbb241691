using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AdminConsole.EfDesign;

// The connection strings are never opened: `migrations add` only needs the provider.
internal sealed class SqliteFactory : IDesignTimeDbContextFactory<SqliteConsoleDbContext>
{
    public SqliteConsoleDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SqliteConsoleDbContext>();
        PersistenceServiceCollectionExtensions.ConfigureSqlite(builder, "Data Source=design.db");
        return new SqliteConsoleDbContext(builder.Options);
    }
}

internal sealed class PostgresFactory : IDesignTimeDbContextFactory<PostgresConsoleDbContext>
{
    public PostgresConsoleDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PostgresConsoleDbContext>();
        PersistenceServiceCollectionExtensions.ConfigurePostgres(builder, "Host=localhost;Database=design");
        return new PostgresConsoleDbContext(builder.Options);
    }
}
