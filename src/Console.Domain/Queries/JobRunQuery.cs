using AdminConsole.Domain.Model.Jobs;
using AdminConsole.Domain.Model.Lifecycle;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Queries;

public sealed record JobRunRow(Guid Id, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, JobRunOutcome Outcome, int Items, int Errors, string? Error)
{
    /// <summary>Worth a look: it failed, was interrupted, or counted errors.</summary>
    public bool NeedsAttention => Errors > 0 || Outcome is JobRunOutcome.Failed or JobRunOutcome.Interrupted;
}

public sealed record JobRunPage(IReadOnlyList<JobRunRow> Items, int Total);

/// <summary>What a run did and left for one kind of data under one promise: the plans that share the limit, together.</summary>
public sealed record JobRunEvidenceRow(DataKind Kind, IReadOnlyList<Plan> Plans, int LimitDays, long Purged, long Held, DateTimeOffset? OldestPresentAt, TimeSpan Lag);

/// <summary>The run records a job leaves, newest first, paged in SQL (a job every 15 seconds leaves thousands a day), and a run's evidence.</summary>
public static class JobRunQuery
{
    public const int MaxTake = 100;

    public static async Task<JobRunPage> RunsAsync(ConsoleDbContext db, string jobName, int skip, int take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var runs = db.JobRuns.AsNoTracking().Where(r => r.JobName == jobName);
        var total = await runs.CountAsync(cancellationToken).ConfigureAwait(false);
        var items = await runs.OrderByDescending(r => r.StartedAt).ThenBy(r => r.Id)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, MaxTake))
            .Select(r => new JobRunRow(r.Id, r.StartedAt, r.FinishedAt, r.Outcome, r.Items, r.Errors, r.Error))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new JobRunPage(items, total);
    }

    /// <summary>The newest run of each job named, or none for a job that never ran.</summary>
    public static async Task<IReadOnlyDictionary<string, JobRunRow>> LastRunsAsync(ConsoleDbContext db, IReadOnlyCollection<string> jobNames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var last = new Dictionary<string, JobRunRow>(StringComparer.Ordinal);
        foreach (var name in jobNames)
        {
            // One indexed lookup per job (a handful of them) rather than a grouped scan of every run.
            var run = await db.JobRuns.AsNoTracking().Where(r => r.JobName == name).OrderByDescending(r => r.StartedAt)
                .Select(r => new JobRunRow(r.Id, r.StartedAt, r.FinishedAt, r.Outcome, r.Items, r.Errors, r.Error))
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (run is not null)
                last[name] = run;
        }

        return last;
    }

    /// <summary>What a purge run did and left, per kind of data and promise (<see cref="ByPromise"/>).</summary>
    public static async Task<IReadOnlyList<JobRunEvidenceRow>> EvidenceAsync(ConsoleDbContext db, Guid runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.JobRunEvidence.AsNoTracking().Where(e => e.RunId == runId).ToListAsync(cancellationToken).ConfigureAwait(false);
        return ByPromise(rows);
    }

    /// <summary>
    /// One run's evidence rows, per kind of data and promise: the plans with the same limit in one row (a job may count
    /// their purges together, on the first plan's evidence), what a hold kept added up, the oldest item left and the
    /// greatest lag of any of them; in the order of the enums, not of their stored names.
    /// </summary>
    public static IReadOnlyList<JobRunEvidenceRow> ByPromise(IEnumerable<JobRunEvidence> run) =>
    [
        .. run.GroupBy(e => (e.Kind, e.LimitDays))
            .Select(g => new JobRunEvidenceRow(g.Key.Kind, [.. g.Select(e => e.Plan).Order()], g.Key.LimitDays, g.Sum(e => e.Purged), g.Sum(e => e.Held),
                g.Min(e => e.OldestPresentAt), g.Max(e => e.Lag)))
            .OrderBy(e => e.Kind).ThenBy(e => e.Plans[0]),
    ];
}
