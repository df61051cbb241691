using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AdminConsole.Jobs.Hosting;

/// <summary>
/// On every node, as it starts and then every <see cref="JobHostOptions.ScheduleCheck"/>: each interval job's chain has
/// a live link (<see cref="JobChain.Ensure"/>), and each calendar job is registered with the job storage. Several
/// nodes doing so at once add nothing twice: both are made under the storage's locks.
/// </summary>
internal sealed partial class JobScheduleKeeper(JobCatalog catalog, JobChain chain, IRecurringJobManager recurring, JobHostOptions options, ILogger<JobScheduleKeeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: the host starts (and answers /health) while the storage is reached.
        await Task.Yield();
        using var timer = new PeriodicTimer(options.ScheduleCheck);
        do
        {
            try
            {
                Check();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The storage is out of reach: the next check tries again.
                CheckFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    internal void Check()
    {
        foreach (var job in catalog)
        {
            if (job.Cron is { } cron)
                recurring.AddOrUpdate(job.Name, JobChain.Call(job.Name), cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc, MisfireHandling = MisfireHandlingMode.Relaxed });
            else
                chain.Ensure(job);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The job schedule could not be checked; trying again at the next check")]
    private partial void CheckFailed(Exception exception);
}
