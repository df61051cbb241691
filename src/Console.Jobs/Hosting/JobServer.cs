using AdminConsole.Domain.Persistence;
using Hangfire;
using Hangfire.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Jobs.Hosting;

/// <summary>
/// This node's job server: its workers take queued runs, its scheduler queues the runs that have come due. Made when the
/// host starts (after the database's start-up), from this application's own storage, filters and activator.
/// </summary>
internal sealed class JobServer(IServiceProvider services, DatabaseOptions database, JobHostOptions options) : IHostedService, IAsyncDisposable
{
    private BackgroundJobServer? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (database.Provider == DatabaseProvider.Postgres)
            await JobStorageSchema.InstallAsync(database, cancellationToken).ConfigureAwait(false);

        // The job host's serializer settings and logging, made once for the process.
        services.GetRequiredService<IGlobalConfiguration>();
        var server = new BackgroundJobServerOptions
        {
            // This node as the dashboard names it: host and process, as the run logs do.
            ServerName = JobRunRecorder.Node,
            WorkerCount = options.Workers,
            SchedulePollingInterval = options.PollInterval,
            FilterProvider = services.GetRequiredService<IJobFilterProvider>(),
            Activator = services.GetRequiredService<JobActivator>(),

            // Shutting down, runs are cancelled (each stops at its next batch) and queued again for another node.
            StopTimeout = TimeSpan.FromSeconds(5),
            ShutdownTimeout = TimeSpan.FromSeconds(15),
        };
        _server = new BackgroundJobServer(server, services.GetRequiredService<JobStorage>());
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is null)
            return;
        _server.SendStop();
        await _server.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        _server?.Dispose();
        return ValueTask.CompletedTask;
    }
}
