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
/// is walked in ascending key ranges sized to bound each statement's time (one delete per range for every
/// plan); each range's delete and the run's counts commit together, so a run killed at any moment has
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
    /// The workspaces of each plan that hold any row due under the plan's cutoff: one index seek apiece, so that the
    /// walk sends no statement for a workspace with nothing to delete (rows reported with an old creation time while
    /// the run is under way wait for the next run, and the closing evidence shows them).
    /// </summary>
    private static async Task<Dictionary<Plan, List<Guid>>> DueAsync<T>(
        ConsoleDbContext db, Dictionary<Plan, List<Guid>> workspaces, Dictionary<Plan, DateTimeOffset> cutoffs, CancellationToken cancellationToken)
        where T : class, IRetainedRecord
    {
        var due = new Dictionary<Plan, List<Guid>>();
        foreach (var (plan, ids) in workspaces)
        {
            var cutoff = cutoffs[plan];
            due[plan] = ids.Count == 0 ? [] : await db.Workspaces.Where(w => ids.Contains(w.Id) && db.Set<T>().Any(r => r.WorkspaceId == w.Id && r.CreatedAt < cutoff))
                .Select(w => w.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        return due;
    }

    /// <summary>
    /// The oldest row still present in these workspaces, measured (not inferred from what the walk deleted), in two
    /// parts: any row still due, in one statement over all the workspaces (PostgreSQL reads it as a bitmap, in
    /// parallel, and is the first to visit the rows the walk just deleted); and, only when none is, each workspace's
    /// oldest row from the cutoff on, one index seek apiece that passes none of them. One seek per workspace from its
    /// first row on read past every row just deleted, one at a time (154 of the 215 ms of the run after its walk on a
    /// million rows; one minimum over all of them at once read every row of the workspaces; docs/benchmarks.md).
    /// </summary>
    private static async Task<DateTimeOffset?> OldestAsync<T>(ConsoleDbContext db, List<Guid> workspaces, DateTimeOffset cutoff, CancellationToken cancellationToken)
        where T : class, IRetainedRecord
    {
        if (workspaces.Count == 0)
            return null;
        var overdue = await db.Set<T>().Where(r => workspaces.Contains(r.WorkspaceId) && r.CreatedAt < cutoff).MinAsync(r => (DateTimeOffset?)r.CreatedAt, cancellationToken).ConfigureAwait(false);
        if (overdue is not null)
            return overdue;

        // Asked as an ordered first row, as RetainedRecordQuery.OldestCreatedAtAsync explains.
        var oldest = await db.Workspaces.Where(w => workspaces.Contains(w.Id))
            .Select(w => db.Set<T>().Where(r => r.WorkspaceId == w.Id && r.CreatedAt >= cutoff).OrderBy(r => r.CreatedAt).Select(r => (DateTimeOffset?)r.CreatedAt).FirstOrDefault())
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return oldest.Min();
    }

    private async Task<long> PurgeAsync<T>(
        Guid runId, DataKind kind, IReadOnlyDictionary<Plan, RetentionTerms> policies, Dictionary<Plan, List<Guid>> workspaces, Func<RetentionTerms, int> days,
        DateTimeOffset now, CancellationToken cancellationToken)
        where T : class, IRetainedRecord
    {
        var cutoffs = policies.ToDictionary(p => p.Key, p => now - TimeSpan.FromDays(days(p.Value)));
        await PurgeSupport.StartEvidenceAsync(dbFactory, runId, kind, policies, days, cancellationToken).ConfigureAwait(false);

        ExpiredRecordsDelete<T>? statement;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
            statement = ExpiredRecordsDelete<T>.Create(db, await DueAsync<T>(db, workspaces, cutoffs, cancellationToken).ConfigureAwait(false), cutoffs, now);
        var total = statement is null ? 0 : await PurgeSupport.PurgeKeyRangesAsync<T>(dbFactory, options, runId, kind, statement.DeleteRangeAsync, cancellationToken).ConfigureAwait(false);

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            var heldIds = await PurgeSupport.HeldIds(db, now).ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var (plan, cutoff) in cutoffs)
            {
                var free = workspaces[plan].Except(heldIds).ToList();
                var held = workspaces[plan].Intersect(heldIds).ToList();
                var heldCount = held.Count == 0 ? 0 : await db.Set<T>().Where(r => held.Contains(r.WorkspaceId) && r.CreatedAt < cutoff)
                    .LongCountAsync(cancellationToken).ConfigureAwait(false);
                var oldest = await OldestAsync<T>(db, free, cutoff, cancellationToken).ConfigureAwait(false);
                await PurgeSupport.CloseEvidenceAsync(db, runId, kind, plan, heldCount, oldest, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            }
        }

        return total;
    }
}
