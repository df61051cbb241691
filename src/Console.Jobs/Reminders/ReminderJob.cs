using Quartz;

namespace AdminConsole.Jobs.Reminders;

/// <summary>Every hour (<c>Reminders:Interval</c>): reminds the compliance officers of reviews and certifications coming due.</summary>
[DisallowConcurrentExecution]
public sealed class ReminderJob(ReminderService reminders, JobRunRecorder runs) : IJob
{
    public static readonly JobKey Key = new(ReminderService.JobName, "subprocessors");

    public static readonly TriggerKey Trigger = new("reminders-every-interval", "subprocessors");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await runs.RunAsync(ReminderService.JobName, reminders.RunAsync, cancellationToken).ConfigureAwait(false);
}
