using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Posture;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using AdminConsole.Jobs.Retention;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Jobs.Posture;

/// <summary>
/// Takes the day's posture snapshot (counts per rule) for the trend chart: the first run of a UTC day takes it,
/// every later run that day finds it and does nothing. It changes nothing the console governs (it reads the
/// posture and keeps a count), so it leaves its run record but no audit entry: the audit log stays a log of changes.
/// </summary>
public sealed class PostureSnapshotter(IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider clock, RetentionOptions retention, ModelOptions? models = null)
{
    public const string JobName = "posture-snapshot";

    /// <summary>Hourly (and once as a node starts): a day starts with its snapshot within the hour, a console started mid-day has one at once.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>How long the run at start waits for the retention jobs' first runs to finish before it leaves the day's snapshot to a later run.</summary>
    public TimeSpan StartupWait { get; init; } = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan StartupPoll = TimeSpan.FromSeconds(2);

    public async Task<JobRunResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (await db.PostureSnapshots.AnyAsync(s => s.Day == today, cancellationToken).ConfigureAwait(false))
            return new JobRunResult(0, 0, null);
        for (var waited = TimeSpan.Zero; await StartingUpAsync(db, now, cancellationToken).ConfigureAwait(false); waited += StartupPoll)
        {
            if (waited >= StartupWait)
                return new JobRunResult(0, 0, null);
            await Task.Delay(StartupPoll, cancellationToken).ConfigureAwait(false);
        }

        now = clock.GetUtcNow();

        var summary = await PostureQuery.SummaryAsync(db, PostureJobs.Retention(retention), (models ?? new ModelOptions()).ReviewIntervalDays, now, cancellationToken).ConfigureAwait(false);
        var snapshot = PostureSnapshot.Take(summary.Rules.Select(r => new PostureRuleCount(r.Rule.Code, r.Count)), now);
        db.PostureSnapshots.Add(snapshot);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            // The unique day: another node took today's snapshot between the check and the save.
            await using var check = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            if (await check.PostureSnapshots.AnyAsync(s => s.Day == today, cancellationToken).ConfigureAwait(false))
                return new JobRunResult(0, 0, null);
            throw;
        }

        return new JobRunResult(1, 0, null);
    }

    /// <summary>
    /// A console that has just started runs every job at once: a snapshot taken before a retention job's first run has
    /// finished would count that job as behind for the whole day. While a retention job has never finished a run and the
    /// console's first job run is younger than that job's interval, the snapshot waits for it (up to <see cref="StartupWait"/>;
    /// after that a later hourly run takes it).
    /// A job that still has no finished run after that is behind, and the snapshot says so.
    /// </summary>
    private async Task<bool> StartingUpAsync(ConsoleDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var firstRun = await db.JobRuns.AsNoTracking().OrderBy(r => r.StartedAt).Select(r => (DateTimeOffset?)r.StartedAt)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        foreach (var job in PostureJobs.Retention(retention))
        {
            if (firstRun is { } first && now - first >= job.Interval)
                continue;
            if (!await db.JobRuns.AnyAsync(r => r.JobName == job.JobName && r.FinishedAt != null, cancellationToken).ConfigureAwait(false))
                return true;
        }

        return false;
    }
}
