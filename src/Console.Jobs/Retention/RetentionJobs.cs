using Quartz;

namespace AdminConsole.Jobs.Retention;

/// <summary>Hourly: prompt history, AI outputs and provider request records past their plan's retention are purged.</summary>
[DisallowConcurrentExecution]
public sealed class RetentionEnforcementJob(RetentionEnforcer enforcer, JobRunRecorder runs) : IJob
{
    public static readonly JobKey Key = new(RetentionEnforcer.JobName, "retention");

    public static readonly TriggerKey Trigger = new("hourly", "retention-enforcement");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await runs.RunAsync(RetentionEnforcer.JobName, enforcer.RunAsync, cancellationToken).ConfigureAwait(false);
}

/// <summary>Hourly: pages and workspaces whose restore window has ended are purged with everything that belongs to them.</summary>
[DisallowConcurrentExecution]
public sealed class TrashPurgeJob(TrashPurger purger, JobRunRecorder runs) : IJob
{
    public static readonly JobKey Key = new(TrashPurger.JobName, "retention");

    public static readonly TriggerKey Trigger = new("hourly", "trash-purge");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await runs.RunAsync(TrashPurger.JobName, purger.RunAsync, cancellationToken).ConfigureAwait(false);
}

/// <summary>Hourly: embeddings of deleted pages and workspaces are deleted before their deadline.</summary>
[DisallowConcurrentExecution]
public sealed class EmbeddingPurgeJob(EmbeddingPurger purger, JobRunRecorder runs) : IJob
{
    public static readonly JobKey Key = new(EmbeddingPurger.JobName, "retention");

    public static readonly TriggerKey Trigger = new("hourly", "embedding-purge");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await runs.RunAsync(EmbeddingPurger.JobName, purger.RunAsync, cancellationToken).ConfigureAwait(false);
}
