using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.Extensions.Logging;

namespace AdminConsole.Jobs.Hosting;

/// <summary>
/// Runs an interval job as a chain: each run, as it ends, schedules the next one interval later. So an interval counts
/// from the end of the run before, and a run that outlasts its interval is followed by one run, never by a burst of
/// the firings it covered. The job storage keeps which job is the chain's next link; every change to it is made under
/// the storage's lock for that chain, so that exactly one successor exists:
/// <list type="bullet">
/// <item>a run schedules a successor only if it is the chain's current link (a run started with *Run now*, or a link
/// run a second time after its node was thought dead, schedules none);</item>
/// <item>a chain with no live link (none yet, or its link failed, was deleted on the dashboard, or its node died
/// between the run and the scheduling) gets one, due at once, from <see cref="Ensure"/>, which every node calls
/// as it starts and every minute.</item>
/// </list>
/// A link whose node dies mid-run stays the current link: the storage hands it to a live node once it has not been
/// heard of for the takeover time, and that rerun continues the chain.
/// </summary>
public sealed partial class JobChain(JobStorage storage, IBackgroundJobClient client, IServiceProvider services, ILogger<JobChain> logger)
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    private static readonly string[] LiveStates = [ScheduledState.StateName, EnqueuedState.StateName, ProcessingState.StateName];

    /// <summary>The storage hash that holds a chain's next link.</summary>
    public static string Key(string job) => "adminconsole:chain:" + job;

    /// <summary>The call the job host stores for a run of <paramref name="job"/>.</summary>
    public static Job Call(string job) => Job.FromExpression<JobHost>(h => h.RunAsync(job, null, CancellationToken.None));

    /// <summary>Gives the chain a link due at once if it has no live one; true when it made one.</summary>
    public bool Ensure(JobDefinition job)
    {
        ArgumentNullException.ThrowIfNull(job);
        using var connection = storage.GetConnection();
        using var held = connection.AcquireDistributedLock(Key(job.Name), LockTimeout);
        var next = NextLink(connection, job.Name);
        if (next is not null && IsLive(connection, next))
            return false;

        var id = client.Create(Call(job.Name), new EnqueuedState { Reason = next is null ? "The chain starts" : $"The chain's link {next} is no longer live" });
        SetNextLink(connection, job.Name, id);
        if (next is null)
            ChainStarted(job.Name, id);
        else
            ChainRepaired(job.Name, id, next);
        return true;
    }

    /// <summary>
    /// Called by a run of the chain as it ends: if it is the chain's current link, schedules the next one an interval
    /// from now; otherwise does nothing.
    /// </summary>
    public string? Continue(JobDefinition job, string runningJobId)
    {
        ArgumentNullException.ThrowIfNull(job);
        using var connection = storage.GetConnection();
        using var held = connection.AcquireDistributedLock(Key(job.Name), LockTimeout);
        var next = NextLink(connection, job.Name);
        if (!string.Equals(next, runningJobId, StringComparison.Ordinal))
            return null;

        var interval = JobCatalog.IntervalOf(job, services);
        var id = client.Create(Call(job.Name), new ScheduledState(interval) { Reason = $"{interval} after the end of the run before" });
        SetNextLink(connection, job.Name, id);
        return id;
    }

    /// <summary>When the chain's next link is due: its scheduled time, or now if it is queued or running; null if it has none.</summary>
    public static DateTimeOffset? NextRunAt(IStorageConnection connection, string job)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (NextLink(connection, job) is not { } next || connection.GetStateData(next) is not { } state)
            return null;
        if (state.Name == ScheduledState.StateName && state.Data.TryGetValue("EnqueueAt", out var at))
            return new DateTimeOffset(JobHelper.DeserializeDateTime(at), TimeSpan.Zero);
        return LiveStates.Contains(state.Name) ? DateTimeOffset.UtcNow : null;
    }

    private static string? NextLink(IStorageConnection connection, string job) =>
        connection.GetAllEntriesFromHash(Key(job)) is { } entries && entries.TryGetValue("next", out var id) ? id : null;

    private static bool IsLive(IStorageConnection connection, string id) =>
        connection.GetStateData(id) is { } state && LiveStates.Contains(state.Name, StringComparer.OrdinalIgnoreCase);

    private static void SetNextLink(IStorageConnection connection, string job, string id)
    {
        using var transaction = connection.CreateWriteTransaction();
        transaction.SetRangeInHash(Key(job), [new KeyValuePair<string, string>("next", id)]);
        transaction.Commit();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Job {JobName}: its schedule starts with run {JobId}, due now")]
    private partial void ChainStarted(string jobName, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobName}: its next run {Previous} was no longer scheduled (failed, deleted, or its node died before scheduling it); run {JobId} queued in its place")]
    private partial void ChainRepaired(string jobName, string jobId, string previous);
}
