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
        long purged = 0;
        purged += await PurgeAsync<PromptLog>(runId, DataKind.PromptLog, policies, t => t.PromptHistoryDays, now, cancellationToken).ConfigureAwait(false);
        purged += await PurgeAsync<AiOutput>(runId, DataKind.AiOutput, policies, t => t.AiOutputDays, now, cancellationToken).ConfigureAwait(false);
        purged += await PurgeAsync<ProviderRequest>(runId, DataKind.ProviderRequest, policies, t => t.ProviderRetentionDays, now, cancellationToken).ConfigureAwait(false);
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
    /// The oldest row still due of each of these workspaces, read whole: its first entry of the (WorkspaceId,
    /// CreatedAt) index, one seek apiece. A minimum grouped by workspace over all of them was estimated (from the
    /// share of due rows in the whole table) to read a large part of the index, and PostgreSQL started a parallel
    /// worker for it: 16–19 ms on a million rows, most of it the worker's start, for a seek of less than a millisecond.
    /// </summary>
    private static async Task<IEnumerable<(Guid WorkspaceId, DateTimeOffset Oldest)>> OldestDueAsync<T>(
        ConsoleDbContext db, List<Guid> workspaces, DateTimeOffset cutoff, CancellationToken cancellationToken)
        where T : class, IRetainedRecord
    {
        var firsts = await FirstOfEachAsync<T>(db, db.Workspaces.Where(w => workspaces.Contains(w.Id)), r => r.CreatedAt < cutoff, cancellationToken).ConfigureAwait(false);
        return firsts.Where(f => f.Oldest is not null).Select(f => (f.WorkspaceId, f.Oldest!.Value));
    }

    /// <summary>
    /// The creation time of each workspace's oldest row of those <paramref name="rows"/> picks (a range of creation
    /// times): the workspace's first entry of the (WorkspaceId, CreatedAt) index in that range, one seek apiece. Asked
    /// as an ordered first row, as <see cref="AdminConsole.Domain.Queries.RetainedRecordQuery.OldestCreatedAtAsync"/> explains.
    /// </summary>
    private static async Task<List<(Guid WorkspaceId, DateTimeOffset? Oldest)>> FirstOfEachAsync<T>(
        ConsoleDbContext db, IQueryable<Workspace> workspaces, Expression<Func<T, bool>> rows, CancellationToken cancellationToken)
        where T : class, IRetainedRecord
    {
        var firsts = await workspaces
            .Select(w => new
            {
                w.Id,
                Oldest = db.Set<T>().Where(rows).Where(r => r.WorkspaceId == w.Id).OrderBy(r => r.CreatedAt).Select(r => (DateTimeOffset?)r.CreatedAt).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return firsts.ConvertAll(f => (f.Id, f.Oldest));
    }

    /// <summary>
    /// The oldest row from the cutoff on of each of the plan's workspaces outside a hold: each workspace's first entry
    /// of the (WorkspaceId, CreatedAt) index from the cutoff, one seek apiece that passes none of the rows just deleted,
    /// all of them in one statement over the workspaces table (no list of them travels). A seek from each workspace's
    /// first entry read past every deleted row, and one minimum over all the rows at once read every row.
    /// </summary>
    private static async Task<DateTimeOffset?> OldestFromAsync<T>(ConsoleDbContext db, Plan plan, DateTimeOffset cutoff, DateTimeOffset now, CancellationToken cancellationToken)
        where T : class, IRetainedRecord
    {
        var ofPlan = db.Workspaces.Where(w => w.Plan == plan && w.Status != WorkspaceStatus.Purged && !PurgeSupport.HeldIds(db, now).Contains(w.Id));
        var firsts = await FirstOfEachAsync<T>(db, ofPlan, r => r.CreatedAt >= cutoff, cancellationToken).ConfigureAwait(false);
        return firsts.Min(f => f.Oldest);
    }

    private async Task<long> PurgeAsync<T>(
        Guid runId, DataKind kind, IReadOnlyDictionary<Plan, RetentionTerms> policies, Func<RetentionTerms, int> days, DateTimeOffset now, CancellationToken cancellationToken)
        where T : class, IRetainedRecord
    {
        var cutoffs = policies.ToDictionary(p => p.Key, p => now - TimeSpan.FromDays(days(p.Value)));
        await PurgeSupport.StartEvidenceAsync(dbFactory, runId, kind, policies, days, cancellationToken).ConfigureAwait(false);

        // Where plans have cutoffs of their own, each range reads the workspaces' plans as they are then: a workspace
        // whose plan changes mid-run went by its old cutoff in the ranges before. Their plans as the run begins, to
        // know afterwards which changed (a rename or any other change does not matter).
        ExpiredRecordsDelete<T> statement;
        Dictionary<Guid, Plan>? plansAtStart = null;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            statement = ExpiredRecordsDelete<T>.Create(db, cutoffs, now);
            if (cutoffs.Values.Distinct().Count() > 1)
                plansAtStart = await db.Workspaces.AsNoTracking().ToDictionaryAsync(w => w.Id, w => w.Plan, cancellationToken).ConfigureAwait(false);
        }

        var (total, lastKey) = await PurgeSupport.PurgeKeyRangesAsync<T>(dbFactory, options, runId, kind, statement.DeleteRangeAsync, cancellationToken, statement.Isolation)
            .ConfigureAwait(false);

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            var heldIds = await PurgeSupport.HeldIds(db, now).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false);

            // The workspaces some range may have passed over: held as a range began, a hold placed or lifted since the
            // run began, or a plan changed since where plans have cutoffs of their own. Each is read whole; of every other workspace, the walk
            // deleted every due row up to its last key, and only a row added since can still be due.
            var changedHolds = await db.LegalHolds.Where(h => h.PlacedAt >= now || h.LiftedAt >= now).Select(h => h.WorkspaceId).ToListAsync(cancellationToken).ConfigureAwait(false);
            var changedWorkspaces = plansAtStart is null ? [] : (await db.Workspaces.Where(w => w.UpdatedAt >= now).Select(w => new { w.Id, w.Plan }).ToListAsync(cancellationToken).ConfigureAwait(false))
                .Where(w => !plansAtStart.TryGetValue(w.Id, out var plan) || plan != w.Plan).Select(w => w.Id).ToList();
            var unsettled = statement.SeenHeld.Concat(changedHolds).Concat(changedWorkspaces).Except(heldIds).Distinct().ToList();
            var planOf = await db.Workspaces.Where(w => heldIds.Contains(w.Id) || unsettled.Contains(w.Id)).ToDictionaryAsync(w => w.Id, w => w.Plan, cancellationToken).ConfigureAwait(false);

            var evidence = await db.JobRunEvidence.Where(e => e.RunId == runId && e.Kind == kind).ToDictionaryAsync(e => e.Plan, cancellationToken).ConfigureAwait(false);
            foreach (var (plan, cutoff) in cutoffs)
            {
                var held = heldIds.Where(id => planOf.TryGetValue(id, out var p) && p == plan).ToList();
                var heldCount = held.Count == 0 ? 0 : await db.Set<T>().Where(r => held.Contains(r.WorkspaceId) && r.CreatedAt < cutoff)
                    .LongCountAsync(cancellationToken).ConfigureAwait(false);

                // Still due: a row past the walk's last key, or any row of a workspace read whole.
                var ofPlan = db.Set<T>().Where(r => r.CreatedAt < cutoff && db.Workspaces.Any(w => w.Id == r.WorkspaceId && w.Plan == plan) && !heldIds.Contains(r.WorkspaceId));
                var late = await ofPlan.Where(r => r.Id > lastKey).OrderBy(r => r.CreatedAt).Select(r => (DateTimeOffset?)r.CreatedAt).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
                var whole = unsettled.Where(id => planOf.TryGetValue(id, out var p) && p == plan).ToList();
                if (whole.Count > 0)
                    late = PurgeSupport.Earlier(late, (await OldestDueAsync<T>(db, whole, cutoff, cancellationToken).ConfigureAwait(false)).Select(o => (DateTimeOffset?)o.Oldest).Min());
                var oldest = late ?? await OldestFromAsync<T>(db, plan, cutoff, now, cancellationToken).ConfigureAwait(false);
                evidence[plan].Close(heldCount, oldest, clock.GetUtcNow());
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        return total;
    }
}
