using System.Collections.Concurrent;
using Hangfire;
using Hangfire.Common;

namespace AdminConsole.Jobs.Hosting;

/// <summary>
/// The job host's filters, per job: the dashboard's statistics, and the job's own retry policy (<see cref="JobDefinition.Retries"/>)
/// in place of the job host's default of ten retries for every job. A run of a job no longer in the catalog is not retried.
/// </summary>
internal sealed class JobFilters(JobCatalog catalog) : IJobFilterProvider
{
    private static readonly JobFilter Statistics = new(new StatisticsHistoryAttribute(), JobFilterScope.Global, null);

    private readonly ConcurrentDictionary<string, JobFilter> _retries = new(StringComparer.Ordinal);

    public IEnumerable<JobFilter> GetFilters(Job job)
    {
        var name = job?.Args is [string first, ..] ? first : string.Empty;
        return [Statistics, _retries.GetOrAdd(name, Retry)];
    }

    private JobFilter Retry(string name)
    {
        var definition = catalog.Find(name);
        var delay = Math.Max(1, (int)(definition?.RetryDelay ?? TimeSpan.FromMinutes(1)).TotalSeconds);
        var retry = new AutomaticRetryAttribute
        {
            Attempts = definition?.Retries ?? 0,
            DelayInSecondsByAttemptFunc = _ => delay,
            OnAttemptsExceeded = AttemptsExceededAction.Fail,
        };
        return new JobFilter(retry, JobFilterScope.Global, null);
    }
}
