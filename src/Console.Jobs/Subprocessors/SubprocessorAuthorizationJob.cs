using Quartz;

namespace AdminConsole.Jobs.Subprocessors;

/// <summary>Every minute: subprocessors whose effective date has come become authorized (never a moment before).</summary>
[DisallowConcurrentExecution]
public sealed class SubprocessorAuthorizationJob(SubprocessorAuthorizer authorizer, JobRunRecorder runs) : IJob
{
    public static readonly JobKey Key = new(SubprocessorAuthorizer.JobName, "subprocessors");

    public static readonly TriggerKey Trigger = new("every-minute", "subprocessors");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await runs.RunAsync(SubprocessorAuthorizer.JobName, authorizer.RunAsync, cancellationToken).ConfigureAwait(false);
}
