using AdminConsole.Jobs.Hosting;

namespace AdminConsole.Jobs.Notices;

/// <summary>Asks the dispatch job to run now (after a notice is published) instead of at its next scheduled run.</summary>
public sealed class NoticeOutbox(ConsoleJobs jobs)
{
    /// <summary>The deliveries are queued either way: if the run cannot be queued now, the next scheduled run sends them.</summary>
    public Task SendNowAsync(CancellationToken cancellationToken = default)
    {
        jobs.RunNow(NoticeDispatcher.JobName);
        return Task.CompletedTask;
    }
}
