using Quartz;

namespace AdminConsole.Jobs.Notices;

/// <summary>Every 15 seconds: sends what is due in the notice outbox (new notices, retries after their backoff, lost claims).</summary>
[DisallowConcurrentExecution]
public sealed class NoticeDispatchJob(NoticeDispatcher dispatcher, JobRunRecorder runs) : IJob
{
    public static readonly JobKey Key = new(NoticeDispatcher.JobName, "notices");

    public static readonly TriggerKey Trigger = new("every-15-seconds", "notices");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await runs.RunAsync(NoticeDispatcher.JobName, (runId, token) => dispatcher.RunAsync(runId, token), cancellationToken).ConfigureAwait(false);
}
