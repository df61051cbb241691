namespace AdminConsole.Domain.Model.Jobs;

/// <summary>A job as the jobs page shows it: when it runs (an interval, or a calendar as a cron expression), and when next.</summary>
public sealed record ScheduledJob(string Name, string Group, TimeSpan? Interval, string? Cron, DateTimeOffset? NextRunAt);

/// <summary>The job host as the use cases see it: the schedule of every job, and a run started outside it.</summary>
public interface IJobScheduler
{
    /// <summary>Every job with its schedule and its next run.</summary>
    IReadOnlyList<ScheduledJob> Schedule();

    /// <summary>Queues a run of <paramref name="job"/> at once; false if the job storage could not be reached.</summary>
    bool RunNow(string job);
}
