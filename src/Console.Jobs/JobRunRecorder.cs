using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Jobs;
using AdminConsole.Domain.Persistence;
using AdminConsole.Jobs.Retention;
using AdminConsole.Domain.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AdminConsole.Jobs;

/// <summary>
/// Writes the run record of a job: started before the work, finished (with counts) after it; and logs both with
/// the node that ran it (host and process), so that on a cluster the log tells which node did which run.
/// </summary>
public sealed partial class JobRunRecorder(IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider clock, ILogger<JobRunRecorder>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<JobRunRecorder>.Instance;

    /// <summary>This process, as the run logs name it.</summary>
    public static string Node { get; } = $"{Environment.MachineName}/{Environment.ProcessId}";

    public Task<JobRunResult> RunAsync(string jobName, Func<CancellationToken, Task<JobRunResult>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunAsync(jobName, (_, token) => work(token), cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> under a new run record, whose id the work gets (to write evidence under it).
    /// Runs of one job never overlap (the job host holds <see cref="Hosting.IJobRunLock"/> around each), so a run of
    /// the same job still marked running is one whose process died: it is recorded as interrupted first.
    /// </summary>
    public async Task<JobRunResult> RunAsync(string jobName, Func<Guid, CancellationToken, Task<JobRunResult>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var now = clock.GetUtcNow();
        var run = JobRun.Start(jobName, now);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var dead in await db.JobRuns.Where(r => r.JobName == run.JobName && r.Outcome == JobRunOutcome.Running).ToListAsync(cancellationToken).ConfigureAwait(false))
            {
                // Its items are what it recorded as it went; what a purge deleted before it stopped is audited now.
                dead.MarkInterrupted(now);
                Interrupted(run.JobName, dead.Id, dead.Items);
                if (await PurgeSupport.PurgedRecordAsync(db, dead.Id, interrupted: true, cancellationToken).ConfigureAwait(false) is { } purged)
                    db.Audit(AuditActor.Job(run.JobName), purged, now);
            }
            db.JobRuns.Add(run);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        Started(run.JobName, run.Id, Node);
        var started = clock.GetTimestamp();

        JobRunResult result;
        try
        {
            result = await work(run.Id, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            result = new JobRunResult(0, 1, ex.GetType().Name + ": " + ex.Message) { Failed = true };
        }

        await using (var db = await dbFactory.CreateDbContextAsync(CancellationToken.None).ConfigureAwait(false))
        {
            db.JobRuns.Attach(run);
            run.Finish(clock.GetUtcNow(), result.Items, result.Errors, result.FirstError);
            await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
        }

        // A run that did nothing and met nothing is routine (the dispatchers look every few seconds): Debug. A run that
        // did something, or failed, is worth a line in the log.
        if (result.Items > 0 || result.Errors > 0 || result.Failed)
            Finished(run.JobName, run.Id, Node, run.Outcome, result.Items, result.Errors);
        else
            FinishedIdle(run.JobName, run.Id, Node, run.Outcome);
        KeyValuePair<string, object?>[] tags = [ConsoleMeter.Tag("job", run.JobName), ConsoleMeter.Tag("outcome", run.Outcome.ToString())];
        ConsoleMeter.JobRuns.Add(1, tags);
        ConsoleMeter.JobDuration.Record(clock.GetElapsedTime(started).TotalSeconds, tags);
        return result;
    }

    /// <summary>At Debug: every run starts, most find nothing to do. The cluster tests turn it on for this category.</summary>
    [LoggerMessage(Level = LogLevel.Debug, Message = "Job {JobName} run {RunId} started on {Node}")]
    private partial void Started(string jobName, Guid runId, string node);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Job {JobName} run {RunId} finished on {Node}: {Outcome}, nothing to do")]
    private partial void FinishedIdle(string jobName, Guid runId, string node, JobRunOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobName} run {RunId} was interrupted (its process stopped) after {Items} items; recorded as such")]
    private partial void Interrupted(string jobName, Guid runId, int items);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobName} run {RunId} finished on {Node}: {Outcome}, {Items} items, {Errors} errors")]
    private partial void Finished(string jobName, Guid runId, string node, JobRunOutcome outcome, int items, int errors);
}

public sealed record JobRunResult(int Items, int Errors, string? FirstError)
{
    /// <summary>The work threw: the run did not finish its work (errors it counted and carried on from are not this).</summary>
    public bool Failed { get; init; }
}
