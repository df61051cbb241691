namespace AdminConsole.Jobs.Hosting;

/// <summary>The job host's settings (section <c>Jobs</c>). The jobs' own intervals stay with their features (<c>Retention:Interval</c>, …).</summary>
public sealed class JobHostOptions
{
    public const string SectionName = "Jobs";

    /// <summary>
    /// On PostgreSQL: how long a run whose node has stopped answering stays with that node before a live node takes it
    /// over. A running job's node renews its claim every fifth of this; a claim not renewed for this long is handed on.
    /// </summary>
    public TimeSpan TakeoverAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether this node runs jobs. A node that does not still queues runs (a notice just published, *Run now*) and keeps
    /// the schedule; another node of the same PostgreSQL database runs them. On SQLite there is no other node: a console
    /// that runs no jobs enforces nothing, and says so at start. For nodes that only serve pages, and for tests that are
    /// not about jobs.
    /// </summary>
    public bool Run { get; set; } = true;

    /// <summary>Runs one node carries at once (of different jobs: runs of one job wait for each other).</summary>
    public int Workers { get; set; } = 10;

    /// <summary>How often a node looks for scheduled runs that have come due, and (on PostgreSQL) for queued runs another node left.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a node makes sure every job has its next run scheduled.</summary>
    public TimeSpan ScheduleCheck { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The job storage's schema in the console's PostgreSQL database.</summary>
    public const string PostgresSchema = "hangfire";

    public IEnumerable<string> Problems()
    {
        if (TakeoverAfter < TimeSpan.FromSeconds(5))
            yield return $"Jobs:TakeoverAfter must be at least 5 seconds (a running job's node renews its claim every fifth of it); it is {TakeoverAfter}.";
        if (Workers is < 1 or > 100)
            yield return $"Jobs:Workers must be between 1 and 100; it is {Workers}.";
        if (PollInterval < TimeSpan.FromMilliseconds(100) || PollInterval > TimeSpan.FromMinutes(1))
            yield return $"Jobs:PollInterval must be between 0.1 seconds and a minute; it is {PollInterval}.";
        if (ScheduleCheck < TimeSpan.FromSeconds(1))
            yield return $"Jobs:ScheduleCheck must be at least a second; it is {ScheduleCheck}.";
    }
}
