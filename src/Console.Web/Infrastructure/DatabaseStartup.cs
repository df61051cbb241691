using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Web.Infrastructure;

/// <summary>
/// Migrates the database and seeds the demo data when the host starts. Registered before the scheduler and
/// started before the server listens, so no request and no job ever sees an old schema.
/// </summary>
internal sealed class DatabaseStartup(IDbContextFactory<ConsoleDbContext> dbFactory, DatabaseOptions options, IHostEnvironment environment, DemoDataSeeder seeder) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await DatabaseInitializer.MigrateAsync(dbFactory, options, cancellationToken).ConfigureAwait(false);

        // The audit log is evidence against whoever holds the console's connection string too: outside Development
        // the console does not run with a role that could rewrite it.
        if (!environment.IsDevelopment() && await DatabaseInitializer.AuditLogProtectionProblemAsync(dbFactory, cancellationToken).ConfigureAwait(false) is { } problem)
            throw new StartupConfigurationException(problem);
        await seeder.SeedIfEnabledAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
