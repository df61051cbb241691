using Quartz;

namespace AdminConsole.Jobs.Hooks;

/// <summary>Every 10 seconds: sends what is due in the DLP hook outbox (new events, retries after their backoff, lost claims).</summary>
[DisallowConcurrentExecution]
public sealed class DlpHookDispatchJob(DlpHookDispatcher dispatcher, JobRunRecorder runs) : IJob
{
    public static readonly JobKey Key = new(DlpHookDispatcher.JobName, "dlp");

    public static readonly TriggerKey Trigger = new("every-10-seconds", "dlp");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await runs.RunAsync(DlpHookDispatcher.JobName, dispatcher.RunAsync, cancellationToken).ConfigureAwait(false);
}
