using System.Collections;

namespace AdminConsole.Jobs.Hosting;

/// <summary>
/// One of the console's jobs: the work it does and when. <see cref="JobHost"/> runs every job the same way; a job is
/// its work class and one line in <see cref="JobCatalog"/>.
/// </summary>
public sealed class JobDefinition
{
    /// <summary>The job's name: in its run records, its logs, its metrics and the job host's dashboard.</summary>
    public required string Name { get; init; }

    /// <summary>Where the jobs page lists it (the area it enforces).</summary>
    public required string Group { get; init; }

    /// <summary>The class that does the work, resolved from the services for each run.</summary>
    public required Type WorkType { get; init; }

    /// <summary>Calls the work with the id of the run record it writes its evidence under.</summary>
    public required Func<object, Guid, CancellationToken, Task<JobRunResult>> Run { get; init; }

    /// <summary>For a job that runs every so often: the interval, counted from the end of the run before.</summary>
    public Func<IServiceProvider, TimeSpan>? Interval { get; init; }

    /// <summary>For a job on a calendar: its cron expression (UTC, five fields).</summary>
    public string? Cron { get; init; }

    /// <summary>
    /// How often the job host tries a failed run again, and how long it waits before each try. Zero for a job whose next
    /// run picks up what a failed one left (the purges and dispatches resume, a report not made is made by the next
    /// run of the generator); more for a calendar job, whose next firing may be a month away.
    /// </summary>
    public int Retries { get; init; }

    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMinutes(1);
}

/// <summary>The console's jobs, as <see cref="JobsServiceCollectionExtensions.AddConsoleJobs"/> registers them.</summary>
public sealed class JobCatalog : IReadOnlyList<JobDefinition>
{
    private readonly List<JobDefinition> _jobs = [];

    public int Count => _jobs.Count;

    public JobDefinition this[int index] => _jobs[index];

    /// <summary>A job that runs once at start and then every <paramref name="interval"/> after the end of its last run.</summary>
    public JobCatalog Every<TWork>(string name, string group, Func<IServiceProvider, TimeSpan> interval, Func<TWork, Guid, CancellationToken, Task<JobRunResult>> run, int retries = 0)
        where TWork : class =>
        Add(new JobDefinition { Name = name, Group = group, WorkType = typeof(TWork), Run = (w, id, ct) => run((TWork)w, id, ct), Interval = interval, Retries = retries });

    /// <summary>A job on a calendar schedule (UTC); a firing missed while no node was up fires once when one is.</summary>
    public JobCatalog Calendar<TWork>(string name, string group, string cron, Func<TWork, Guid, CancellationToken, Task<JobRunResult>> run, int retries = 0)
        where TWork : class =>
        Add(new JobDefinition { Name = name, Group = group, WorkType = typeof(TWork), Run = (w, id, ct) => run((TWork)w, id, ct), Cron = cron, Retries = retries });

    public JobCatalog Add(JobDefinition job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (Find(job.Name) is not null)
            throw new ArgumentException($"A job named '{job.Name}' is registered already.", nameof(job));
        if ((job.Interval is null) == (job.Cron is null))
            throw new ArgumentException($"Job '{job.Name}' needs either an interval or a calendar schedule.", nameof(job));
        _jobs.Add(job);
        return this;
    }

    public JobDefinition? Find(string name) => _jobs.Find(j => string.Equals(j.Name, name, StringComparison.Ordinal));

    public JobDefinition Get(string name) => Find(name) ?? throw new KeyNotFoundException($"No job is named '{name}'.");

    /// <summary>The interval of a job that has one, read from the settings it is bound to.</summary>
    public static TimeSpan IntervalOf(JobDefinition job, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.Interval?.Invoke(services) ?? throw new InvalidOperationException($"Job '{job.Name}' runs on a calendar, not an interval.");
    }

    public IEnumerator<JobDefinition> GetEnumerator() => _jobs.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
