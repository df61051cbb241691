using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Web.Infrastructure;

/// <summary>
/// Migrates the database and seeds the demo data when the host starts. Registered before the scheduler and
/// started before the server listens, so no request and no job ever sees an old schema.
/// </summary>
internal sealed class DatabaseStartup(IDbContextFactory<ConsoleDbContext> dbFactory, DemoDataSeeder seeder) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await DatabaseInitializer.MigrateAsync(dbFactory, cancellationToken).ConfigureAwait(false);
        await seeder.SeedIfEnabledAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
