using System.ComponentModel;
using Hangfire.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AdminConsole.Jobs.Hosting;

/// <summary>
/// The one job class: every run of every console job is this call, with the job's name. It waits until no other run of
/// the job is going, records the run (<see cref="JobRunRecorder"/>, which logs its start and end with the node), calls
/// the job's work, and for an interval job schedules the run after it (<see cref="JobChain"/>).
/// </summary>
public sealed partial class JobHost(IServiceProvider services, JobCatalog catalog, JobRunRecorder runs, IJobRunLock locks, JobChain chain, ILogger<JobHost> logger)
{
    /// <param name="job">The job's name (<see cref="JobDefinition.Name"/>).</param>
    /// <param name="context">Given by the job host: the stored job this run is, to tell a chain's link from a run asked for.</param>
    /// <param name="cancellationToken">Cancelled when the node shuts down: the run stops, and the storage hands it to another node.</param>
    [DisplayName("{0}")]
    public async Task RunAsync(string job, PerformContext? context, CancellationToken cancellationToken)
    {
        var definition = catalog.Get(job);
        JobRunResult result;
        await using (await locks.AcquireAsync(definition.Name, cancellationToken).ConfigureAwait(false))
        {
            var work = services.GetRequiredService(definition.WorkType);
            result = await runs.RunAsync(definition.Name, (runId, token) => definition.Run(work, runId, token), cancellationToken).ConfigureAwait(false);
        }

        if (definition.Interval is not null && context?.BackgroundJob.Id is { } id && chain.Continue(definition, id) is { } next)
            NextLinkScheduled(definition.Name, next);

        // A failure the job host is to try again (a calendar job's): the storage records it and schedules the retry.
        if (result.Failed && definition.Retries > 0)
            throw new JobRunFailedException(definition.Name, result.FirstError);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Job {JobName}: next run scheduled as {JobId}")]
    private partial void NextLinkScheduled(string jobName, string jobId);
}

/// <summary>A run whose work failed, thrown so that the job host tries the run again.</summary>
public sealed class JobRunFailedException(string job, string? error) : Exception($"Job {job} failed: {error}")
{
    public string Job { get; } = job;
}
