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
public sealed class PostureSnapshotter(IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider clock, RetentionOptions retention)
{
    public const string JobName = "posture-snapshot";

    /// <summary>Hourly (and once as a node starts): a day starts with its snapshot within the hour, a console started mid-day has one at once.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    public async Task<JobRunResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (await db.PostureSnapshots.AnyAsync(s => s.Day == today, cancellationToken).ConfigureAwait(false))
            return new JobRunResult(0, 0, null);

        var summary = await PostureQuery.SummaryAsync(db, PostureJobs.Retention(retention), now, cancellationToken).ConfigureAwait(false);
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
}
