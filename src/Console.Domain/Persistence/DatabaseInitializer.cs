using AdminConsole.Domain.Model.Retention;
using AdminConsole.Domain.Model.Workspaces;
using Microsoft.EntityFrameworkCore;

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
        await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        await SeedRetentionPoliciesAsync(factory, cancellationToken).ConfigureAwait(false);
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
