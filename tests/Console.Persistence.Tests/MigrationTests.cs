using AdminConsole.Domain.Persistence;
using AdminConsole.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Persistence.Tests;

public class MigrationTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Migrations_CoverTheWholeModel_NoPendingModelChanges(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.CreateContext();

        Assert.False(db.Database.HasPendingModelChanges(), $"The {provider} migrations lag behind the model: run tools/migrations.sh <Name>.");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task MigratedSchema_EqualsTheSchemaTheModelCreates(DatabaseProvider provider)
    {
        await using var migrated = await TestDatabase.CreateAsync(provider);
        await using var created = await TestDatabase.CreateAsync(provider);
        await migrated.MigrateAsync();
        await using (var db = created.CreateContext())
            await db.Database.EnsureCreatedAsync();

        await using var migratedDb = migrated.CreateContext();
        await using var createdDb = created.CreateContext();
        var fromMigrations = await SchemaDump.ReadAsync(migratedDb);
        var fromModel = await SchemaDump.ReadAsync(createdDb);

        Assert.Contains(fromModel, line => line.StartsWith("workspaces.Name", StringComparison.Ordinal));
        Assert.Equal(fromModel, fromMigrations);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Migrate_RunTwice_IsANoOp(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        await database.MigrateAsync();

        await using var db = database.CreateContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
    }
}
