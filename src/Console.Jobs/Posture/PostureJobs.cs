using AdminConsole.Domain.Queries;
using AdminConsole.Jobs.Retention;

namespace AdminConsole.Jobs.Posture;

/// <summary>The retention jobs whose evidence the posture reads, with the interval they are scheduled at.</summary>
public static class PostureJobs
{
    public static IReadOnlyList<PostureJob> Retention(RetentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return
        [
            new PostureJob(RetentionEnforcer.JobName, "Retention enforcement (prompt history, AI outputs, provider requests)", options.Interval),
            new PostureJob(EmbeddingPurger.JobName, "Embedding purge", options.Interval),
            new PostureJob(TrashPurger.JobName, "Trash purge", options.Interval),
        ];
    }
}
