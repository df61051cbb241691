namespace AdminConsole.Domain.Model.Jobs;

public enum JobRunOutcome
{
    Running = 0,
    Succeeded = 1,
    Failed = 2,

    /// <summary>The process running it died (killed, or its node lost); what it did before is in its evidence.</summary>
    Interrupted = 3,
}

/// <summary>The record a job leaves of each run: when, how many items it handled, and what went wrong.</summary>
public sealed class JobRun
{
    public const int JobNameMaxLength = 100;
    public const int ErrorMaxLength = 2000;

    private JobRun()
    {
        JobName = string.Empty;
    }

    public Guid Id { get; private set; }

    public string JobName { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    public JobRunOutcome Outcome { get; private set; }

    public int Items { get; private set; }

    public int Errors { get; private set; }

    /// <summary>The first error's message; never content from the items themselves.</summary>
    public string? Error { get; private set; }

    public static JobRun Start(string jobName, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(),
        JobName = jobName.Length <= JobNameMaxLength ? jobName : jobName[..JobNameMaxLength],
        StartedAt = now,
        Outcome = JobRunOutcome.Running,
    };

    /// <summary>
    /// Found still running when the next run of the same job started: no run of a job overlaps another, so this one
    /// died. Its items stay what it recorded as it went.
    /// </summary>
    public void MarkInterrupted(DateTimeOffset now)
    {
        if (Outcome != JobRunOutcome.Running)
            return;
        FinishedAt = now;
        Outcome = JobRunOutcome.Interrupted;
        Errors = Math.Max(Errors, 1);
        Error = "The run was interrupted before it finished (the process stopped); the next run carried on.";
    }

    public void Finish(DateTimeOffset now, int items, int errors, string? error)
    {
        FinishedAt = now;
        Items = items;
        Errors = errors;
        Error = error is null ? null : error.Length <= ErrorMaxLength ? error : error[..ErrorMaxLength];
        Outcome = errors == 0 ? JobRunOutcome.Succeeded : JobRunOutcome.Failed;
    }
}
