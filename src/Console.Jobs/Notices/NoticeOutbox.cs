using Microsoft.Extensions.Logging;
using Quartz;

namespace AdminConsole.Jobs.Notices;

/// <summary>Asks the dispatch job to run now (after a notice is published) instead of at its next scheduled tick.</summary>
public sealed partial class NoticeOutbox(ISchedulerFactory schedulers, ILogger<NoticeOutbox> logger)
{
    public async Task SendNowAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
            await scheduler.TriggerJob(NoticeDispatchJob.Key, cancellationToken).ConfigureAwait(false);
        }
        catch (SchedulerException ex)
        {
            // The deliveries are queued either way; the next scheduled run sends them.
            LogNotStarted(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not start the notice dispatch at once; it runs on its schedule")]
    private static partial void LogNotStarted(ILogger logger, Exception exception);
}
