using System.Linq.Expressions;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Jobs;
using AdminConsole.Domain.Model.Lifecycle;
using AdminConsole.Domain.Model.Retention;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Jobs.Retention;

/// <summary>
/// Enforces the retention policy of each workspace's plan on prompt history, AI outputs and LLM-provider request
/// records: whatever is older than the plan allows is deleted, except in workspaces under a legal hold. The table
/// is walked in ascending key ranges sized to bound each statement's time (one delete per range for the plans
/// that share a cutoff); each range's delete and the run's counts commit together, so a run killed at any moment has
/// recorded exactly what it purged, and the next run carries on where the data says.
/// </summary>
public sealed class RetentionEnforcer(IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider clock, RetentionOptions options)
{
    public const string JobName = "retention-enforcement";

    public async Task<JobRunResult> RunAsync(Guid runId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var policies = await PurgeSupport.PoliciesAsync(dbFactory, cancellationToken).ConfigureAwait(false);
        var workspaces = await PurgeSupport.WorkspacesByPlanAsync(dbFactory, cancellationToken).ConfigureAwait(false);
        long purged = 0;
        purged += await PurgeAsync<PromptLog>(runId, DataKind.PromptLog, policies, workspaces, t => t.PromptHistoryDays, now, cancellationToken).ConfigureAwait(false);
        purged += await PurgeAsync<AiOutput>(runId, DataKind.AiOutput, policies, workspaces, t => t.AiOutputDays, now, cancellationToken).ConfigureAwait(false);
        purged += await PurgeAsync<ProviderRequest>(runId, DataKind.ProviderRequest, policies, workspaces, t => t.ProviderRetentionDays, now, cancellationToken).ConfigureAwait(false);
        await PurgeExpiredIdempotencyRecordsAsync(now, cancellationToken).ConfigureAwait(false);
        await PurgeSupport.AuditRunAsync(dbFactory, JobName, runId, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return new JobRunResult((int)Math.Min(int.MaxValue, purged), 0, null);
    }

    /// <summary>
    /// The API's stored answers to idempotent writes, once their lifetime is over (they hold response bodies, not
    /// customer content, so they are not part of the evidence): oldest first, a batch per statement.
    /// </summary>
    private async Task PurgeExpiredIdempotencyRecordsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            var ids = await db.IdempotencyRecords.Where(r => r.ExpiresAt <= now).OrderBy(r => r.Id).Select(r => r.Id).Take(options.BatchSize)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            if (ids.Count == 0)
                return;
            await db.IdempotencyRecords.Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            await PurgeSupport.PauseAsync(db, options, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The workspaces of each plan that hold any row due under the plan's cutoff (one statement for the plans that
    /// share a cutoff, one index seek per workspace), so that the walk sends no statement for a workspace with nothing
    /// to delete (rows reported with an old creation time while the run is under way wait for the next run, and the
    /// closing evidence shows them).
    /// </summary>
    private static async Task<Dictionary<Plan, List<Guid>>> DueAsync<T>(
        ConsoleDbContext db, Dictionary<Plan, List<Guid>> workspaces, Dictionary<Plan, DateTimeOffset> cutoffs, CancellationToken cancellationToken)
        where T : class, IRetainedRecord
    {
        var due = workspaces.ToDictionary(w => w.Key, _ => new List<Guid>());
        foreach (var group in workspaces.Where(w => w.Value.Count > 0).GroupBy(w => cutoffs[w.Key]))
        {
            var ids = group.SelectMany(g => g.Value).ToList();
            var cutoff = group.Key;
            var withDue = (await db.Workspaces.Where(w => ids.Contains(w.Id) && db.Set<T>().Any(r => r.WorkspaceId == w.Id && r.CreatedAt < cutoff))
                .Select(w => w.Id).ToListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet();
            foreach (var (plan, planIds) in group)
                due[plan] = planIds.Where(withDue.Contains).ToList();
        }

        return due;
    }

    /// <summary>
    /// The oldest row still due in each plan's workspaces, measured: one statement per shape for all the plans that
    /// share a cutoff. A workspace the walk covered (every range's statements included it: it was
    /// held when no range began, is not held now, and had no hold placed or lifted since the run began) has every row
    /// the walk passed gone: only a row added since, with a key past the walk's last, can still be due, and that is all
    /// that is read of it (grouped by workspace). Every other workspace is read whole, one index seek apiece.
    /// On PostgreSQL a read of the rows the walk just deleted is the first, which sets their commit hints on every page
    /// they are on (about a fifth of the walk's own time on a million rows, docs/benchmarks.md): the covered workspaces
    /// are read past the walk's end, where there is none of them.
    /// </summary>
    private static async Task<Dictionary<Plan, DateTimeOffset>> OverdueAsync<T>(
        ConsoleDbContext db, Dictionary<Plan, List<Guid>> free, IReadOnlySet<Guid> covered, long lastKey,
        Dictionary<Plan, DateTimeOffset> cutoffs, CancellationToken cancellationToken)
        where T : class, IRetainedRecord
    {
        var overdue = new Dictionary<Plan, DateTimeOffset>();
        foreach (var group in free.Where(f => f.Value.Count > 0).GroupBy(f => cutoffs[f.Key]))
        {
            var planOf = group.SelectMany(g => g.Value.Select(id => (id, g.Key))).ToDictionary(x => x.id, x => x.Key);
            var walked = planOf.Keys.Where(covered.Contains).ToList();
            var whole = planOf.Keys.Except(walked).ToList();
            var cutoff = group.Key;
            var due = db.Set<T>().Where(r => r.CreatedAt < cutoff);
            var oldest = new List<(Guid WorkspaceId, DateTimeOffset Oldest)>();
            if (whole.Count > 0)
                oldest.AddRange(await OldestDueAsync<T>(db, whole, cutoff, cancellationToken).ConfigureAwait(false));
            if (walked.Count > 0)
                oldest.AddRange(await OldestByWorkspaceAsync(due.Where(r => walked.Contains(r.WorkspaceId) && r.Id > lastKey), cancellationToken).ConfigureAwait(false));
            foreach (var (workspaceId, first) in oldest)
            {
                var plan = planOf[workspaceId];
                overdue[plan] = overdue.TryGetValue(plan, out var seen) && seen < first ? seen : first;
            }
        }

        return overdue;
    }

    /// <summary>
    /// The oldest row still due of each of these workspaces, read whole: its first entry of the (WorkspaceId,
    /// CreatedAt) index, one seek apiece. A minimum grouped by workspace over all of them was estimated (from the
    /// share of due rows in the whole table) to read a large part of the index, and PostgreSQL started a parallel
    /// worker for it: 16–19 ms on a million rows, most of it the worker's start, for a seek of less than a millisecond.
    /// </summary>
    private static async Task<IEnumerable<(Guid WorkspaceId, DateTimeOffset Oldest)>> OldestDueAsync<T>(
        ConsoleDbContext db, List<Guid> workspaces, DateTimeOffset cutoff, CancellationToken cancellationToken)
        where T : class, IRetainedRecord
    {
        var firsts = await FirstOfEachAsync<T>(db, workspaces, r => r.CreatedAt < cutoff, cancellationToken).ConfigureAwait(false);
        return firsts.Where(f => f.Oldest is not null).Select(f => (f.WorkspaceId, f.Oldest!.Value));
    }

    /// <summary>
    /// The creation time of each workspace's oldest row of those <paramref name="rows"/> picks (a range of creation
    /// times): the workspace's first entry of the (WorkspaceId, CreatedAt) index in that range, one seek apiece. Asked
    /// as an ordered first row, as <see cref="AdminConsole.Domain.Queries.RetainedRecordQuery.OldestCreatedAtAsync"/> explains.
    /// </summary>
    private static async Task<List<(Guid WorkspaceId, DateTimeOffset? Oldest)>> FirstOfEachAsync<T>(
        ConsoleDbContext db, List<Guid> workspaces, Expression<Func<T, bool>> rows, CancellationToken cancellationToken)
        where T : class, IRetainedRecord
    {
        var firsts = await db.Workspaces.Where(w => workspaces.Contains(w.Id))
            .Select(w => new
            {
                w.Id,
                Oldest = db.Set<T>().Where(rows).Where(r => r.WorkspaceId == w.Id).OrderBy(r => r.CreatedAt).Select(r => (DateTimeOffset?)r.CreatedAt).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return firsts.ConvertAll(f => (f.Id, f.Oldest));
    }

    private static async Task<IEnumerable<(Guid WorkspaceId, DateTimeOffset Oldest)>> OldestByWorkspaceAsync<T>(IQueryable<T> rows, CancellationToken cancellationToken)
        where T : class, IRetainedRecord
    {
        var oldest = await rows.GroupBy(r => r.WorkspaceId).Select(g => new { WorkspaceId = g.Key, Oldest = g.Min(r => r.CreatedAt) })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return oldest.Select(o => (o.WorkspaceId, o.Oldest));
    }

    /// <summary>
    /// The oldest row of these workspaces from the cutoff on, when none is overdue: each workspace's first entry of
    /// the (WorkspaceId, CreatedAt) index from the cutoff, one seek apiece that passes none of the rows just deleted.
    /// A seek from each workspace's first entry read past every one of them (154 of the 215 ms of the run after its
    /// walk on a million rows), and one minimum over all the workspaces at once read every row of them.
    /// </summary>
    private static async Task<DateTimeOffset?> OldestFromAsync<T>(ConsoleDbContext db, List<Guid> workspaces, DateTimeOffset cutoff, CancellationToken cancellationToken)
        where T : class, IRetainedRecord
    {
        if (workspaces.Count == 0)
            return null;
        var firsts = await FirstOfEachAsync<T>(db, workspaces, r => r.CreatedAt >= cutoff, cancellationToken).ConfigureAwait(false);
        return firsts.Min(f => f.Oldest);
    }

    private async Task<long> PurgeAsync<T>(
        Guid runId, DataKind kind, IReadOnlyDictionary<Plan, RetentionTerms> policies, Dictionary<Plan, List<Guid>> workspaces, Func<RetentionTerms, int> days,
        DateTimeOffset now, CancellationToken cancellationToken)
        where T : class, IRetainedRecord
    {
        var cutoffs = policies.ToDictionary(p => p.Key, p => now - TimeSpan.FromDays(days(p.Value)));
        await PurgeSupport.StartEvidenceAsync(dbFactory, runId, kind, policies, days, cancellationToken).ConfigureAwait(false);

        ExpiredRecordsDelete<T>? statement;
        Dictionary<Plan, List<Guid>> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            due = await DueAsync<T>(db, workspaces, cutoffs, cancellationToken).ConfigureAwait(false);
            statement = ExpiredRecordsDelete<T>.Create(db, due, cutoffs, now);
        }

        var (total, lastKey) = statement is null
            ? (0, 0)
            : await PurgeSupport.PurgeKeyRangesAsync<T>(dbFactory, options, runId, kind, statement.DeleteRangeAsync, cancellationToken, statement.Isolation).ConfigureAwait(false);

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            var heldIds = await PurgeSupport.HeldIds(db, now).ToListAsync(cancellationToken).ConfigureAwait(false);
            var changed = await db.LegalHolds.Where(h => h.PlacedAt >= now || h.LiftedAt >= now).Select(h => h.WorkspaceId).ToListAsync(cancellationToken).ConfigureAwait(false);
            var unsettled = heldIds.Concat(changed).Concat(statement?.SeenHeld ?? Enumerable.Empty<Guid>()).ToHashSet();
            var covered = due.Values.SelectMany(ids => ids).Where(id => !unsettled.Contains(id)).ToHashSet();
            var free = cutoffs.ToDictionary(c => c.Key, c => workspaces[c.Key].Except(heldIds).ToList());
            var overdue = await OverdueAsync<T>(db, free, covered, lastKey, cutoffs, cancellationToken).ConfigureAwait(false);
            var evidence = await db.JobRunEvidence.Where(e => e.RunId == runId && e.Kind == kind).ToDictionaryAsync(e => e.Plan, cancellationToken).ConfigureAwait(false);
            foreach (var (plan, cutoff) in cutoffs)
            {
                var held = workspaces[plan].Intersect(heldIds).ToList();
                var heldCount = held.Count == 0 ? 0 : await db.Set<T>().Where(r => held.Contains(r.WorkspaceId) && r.CreatedAt < cutoff)
                    .LongCountAsync(cancellationToken).ConfigureAwait(false);
                var oldest = overdue.TryGetValue(plan, out var late) ? late : await OldestFromAsync<T>(db, free[plan], cutoff, cancellationToken).ConfigureAwait(false);
                evidence[plan].Close(heldCount, oldest, clock.GetUtcNow());
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        return total;
    }
}
