using Microsoft.Extensions.Logging;
using Quartz;

namespace AdminConsole.Jobs;

/// <summary>
/// Keeps a firing interrupted by a node's death to one rerun. When a node dies mid-run, the node that finds it gone
/// lets go of the job's interval trigger, whose provisional fire time is then in the past, and schedules a recovery
/// firing of the interrupted run: both are due at once, and the job would run twice in a row. So whichever comes
/// second gives way: a recovery firing is vetoed when the interval trigger has fired since the interrupted firing,
/// and a recovery run that went first moves the interval trigger one interval past its own end, as that trigger's
/// own completion would have.
/// </summary>
public sealed partial class RecoveredFiringGuard(ILogger<RecoveredFiringGuard> logger) : ITriggerListener, IJobListener
{
    public string Name => nameof(RecoveredFiringGuard);

    public async ValueTask<bool> VetoJobExecution(ITrigger trigger, IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Recovering || context.RecoveringTriggerKey is not { } original)
            return false;

        // The recovery firing is scheduled at the interrupted firing's fire time; a later fire of the interval
        // trigger is a run that started after the interrupted one and so did its work again.
        var interval = await context.Scheduler.GetTrigger(original, cancellationToken).ConfigureAwait(false);
        if (interval?.PreviousFireTimeUtc is not { } since || since <= context.ScheduledFireTimeUtc)
            return false;

        RecoveryVetoed(context.JobDetail.Key, context.ScheduledFireTimeUtc, since);
        return true;
    }

    public async ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Recovering || context.RecoveringTriggerKey is not { } original)
            return;

        // Called before the store completes the recovery firing, while the interval trigger is still held behind
        // it; the replacement is stored held too, and the completion lets it go with its fire time ahead.
        if (await context.Scheduler.GetTrigger(original, cancellationToken).ConfigureAwait(false) is not ISimpleTrigger { MeasureIntervalFromCompletion: true } interval)
            return;

        var next = TimeProvider.System.GetUtcNow() + interval.RepeatInterval;
        await context.Scheduler.RescheduleJob(original, JobSchedule.IntervalTrigger(interval.JobKey, original, interval.RepeatInterval, next), cancellationToken).ConfigureAwait(false);
        IntervalMoved(context.JobDetail.Key, next);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recovery of job {JobKey}'s firing at {FireTime:O} skipped: its schedule has fired since, at {Since:O}")]
    private partial void RecoveryVetoed(JobKey jobKey, DateTimeOffset? fireTime, DateTimeOffset since);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobKey} recovered; its schedule fires next at {Next:O}")]
    private partial void IntervalMoved(JobKey jobKey, DateTimeOffset next);
}
