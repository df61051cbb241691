using Hangfire;
using Hangfire.States;
using Hangfire.Storage;
using AdminConsole.Domain.Model.Jobs;
using Microsoft.Extensions.Logging;

namespace AdminConsole.Jobs.Hosting;

/// <summary>Starts runs outside their schedule (*Run now*, a notice just published, a report just asked for) and tells the schedule.</summary>
public sealed partial class ConsoleJobs(JobStorage storage, IBackgroundJobClient client, JobCatalog catalog, IServiceProvider services, ILogger<ConsoleJobs> logger) : IJobScheduler
{
    /// <summary>
    /// Queues a run of <paramref name="job"/> at once; it starts as soon as a worker of any node is free and no other run
    /// of the job is going. False if the job storage could not be reached: the work stays queued in the console's own
    /// tables, and the job's next scheduled run does it.
    /// </summary>
    public bool RunNow(string job)
    {
        var definition = catalog.Get(job);
        try
        {
            client.Create(JobChain.Call(definition.Name), new EnqueuedState { Reason = "Asked for" });
            return true;
        }
        catch (Exception ex) when (ex is BackgroundJobClientException or TimeoutException)
        {
            NotQueued(definition.Name, ex);
            return false;
        }
    }

    /// <summary>Every job with its schedule and its next run, read over one connection to the job storage.</summary>
    public IReadOnlyList<ScheduledJob> Schedule()
    {
        using var connection = storage.GetConnection();
        var calendar = connection.GetRecurringJobs([.. catalog.Where(j => j.Cron is not null).Select(j => j.Name)])
            .ToDictionary(r => r.Id, r => r.NextExecution, StringComparer.Ordinal);
        return [.. catalog.Select(j => j.Interval is not null
            ? new ScheduledJob(j.Name, j.Group, JobCatalog.IntervalOf(j, services), null, JobChain.NextRunAt(connection, j.Name))
            : new ScheduledJob(j.Name, j.Group, null, j.Cron, calendar.GetValueOrDefault(j.Name) is { } next ? new DateTimeOffset(next, TimeSpan.Zero) : null))];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not queue a run of job {JobName} at once; it runs on its schedule")]
    private partial void NotQueued(string jobName, Exception exception);
}
