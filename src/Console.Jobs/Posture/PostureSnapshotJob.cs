using Quartz;

namespace AdminConsole.Jobs.Posture;

/// <summary>
/// Hourly, and once at start-up: takes the day's posture snapshot if the day has none yet, so a day starts with
/// one within the hour and a console started mid-day has one at once.
/// </summary>
[DisallowConcurrentExecution]
public sealed class PostureSnapshotJob(PostureSnapshotter snapshotter, JobRunRecorder runs) : IJob
{
    public static readonly JobKey Key = new(PostureSnapshotter.JobName, "posture");

    public static readonly TriggerKey Trigger = new("hourly", "posture-snapshot");

    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await runs.RunAsync(PostureSnapshotter.JobName, snapshotter.RunAsync, cancellationToken).ConfigureAwait(false);
}
