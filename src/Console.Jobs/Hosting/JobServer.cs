using AdminConsole.Domain.Persistence;
using Hangfire;
using Hangfire.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AdminConsole.Jobs.Hosting;

/// <summary>
/// This node's job server: its workers take queued runs, its scheduler queues the runs that have come due. Made when the
/// host starts (after the database's start-up), from this application's own storage, filters and activator.
/// </summary>
internal sealed partial class JobServer(IServiceProvider services, DatabaseOptions database, JobHostOptions options, ILogger<JobServer> logger) : IHostedService, IAsyncDisposable
{
    private BackgroundJobServer? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (database.Provider == DatabaseProvider.Postgres)
            await JobStorageSchema.InstallAsync(database, cancellationToken).ConfigureAwait(false);

        // The job host's serializer settings and logging, made once for the process.
        services.GetRequiredService<IGlobalConfiguration>();
        if (!options.Run)
        {
            if (database.Provider == DatabaseProvider.Postgres)
                RunsNoJobs(logger);
            else
                RunsNoJobsAlone(logger);
            return;
        }

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

    [LoggerMessage(Level = LogLevel.Information, Message = "This node runs no jobs (Jobs:Run is false): the other nodes of its database run what it queues")]
    private static partial void RunsNoJobs(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "This console runs no jobs (Jobs:Run is false) and has no other node on SQLite: nothing is purged, sent or reported until it runs them")]
    private static partial void RunsNoJobsAlone(ILogger logger);

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
