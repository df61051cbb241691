using AdminConsole.Domain.Model.Lifecycle;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Jobs.Retention;

/// <summary>
/// Deletes embeddings before their deadline: the plan's embedding deletion deadline after their page (or their
/// workspace) was deleted, less <see cref="RetentionOptions.EmbeddingLead"/> so that a late run is still in time.
/// A restored page keeps whatever was not yet due. Walks the embeddings in ascending key ranges; each range's
/// deletes commit with the run's counts. Never a workspace under a legal hold.
/// </summary>
public sealed class EmbeddingPurger(IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider clock, RetentionOptions options)
{
    public const string JobName = "embedding-purge";

    public async Task<JobRunResult> RunAsync(Guid runId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var policies = await PurgeSupport.PoliciesAsync(dbFactory, cancellationToken).ConfigureAwait(false);
        await PurgeSupport.StartEvidenceAsync(dbFactory, runId, DataKind.Embedding, policies, t => t.EmbeddingDeletionDays, cancellationToken).ConfigureAwait(false);
        var cutoffs = policies.ToDictionary(p => p.Key, p => now - TimeSpan.FromDays(p.Value.EmbeddingDeletionDays) + options.EmbeddingLead);

        var (total, _) = await PurgeSupport.PurgeKeyRangesAsync<Embedding>(dbFactory, options, runId, DataKind.Embedding,
            async (db, low, high, token) =>
            {
                var deleted = new Dictionary<Plan, int>();
                foreach (var (plan, cutoff) in cutoffs)
                    deleted[plan] = await Due(db, plan, cutoff, now).Where(e => e.Id >= low && e.Id < high).ExecuteDeleteAsync(token).ConfigureAwait(false);
                return deleted;
            }, cancellationToken).ConfigureAwait(false);

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var (plan, cutoff) in cutoffs)
            {
                var ofPlan = db.Embeddings.Where(e => db.Workspaces.Any(w => w.Id == e.WorkspaceId && w.Plan == plan));
                var held = await Due(db, plan, cutoff, now, includeHeld: true).Where(e => PurgeSupport.HeldIds(db, now).Contains(e.WorkspaceId))
                    .LongCountAsync(cancellationToken).ConfigureAwait(false);
                var free = ofPlan.Where(e => !PurgeSupport.HeldIds(db, now).Contains(e.WorkspaceId));
                var byPage = await (from e in free join p in db.Pages on e.PageId equals p.Id where p.DeletedAt != null select p.DeletedAt)
                    .MinAsync(cancellationToken).ConfigureAwait(false);
                var byWorkspace = await (from e in free join w in db.Workspaces on e.WorkspaceId equals w.Id where w.DeletedAt != null select w.DeletedAt)
                    .MinAsync(cancellationToken).ConfigureAwait(false);
                var oldest = PurgeSupport.Earlier(byPage, byWorkspace);
                await PurgeSupport.CloseEvidenceAsync(db, runId, DataKind.Embedding, plan, held, oldest, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            }
        }

        await PurgeSupport.AuditRunAsync(dbFactory, JobName, runId, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return new JobRunResult((int)Math.Min(int.MaxValue, total), 0, null);
    }

    /// <summary>Embeddings of the plan whose page or workspace was deleted at or before the cutoff, outside any legal hold in force.</summary>
    private static IQueryable<Embedding> Due(ConsoleDbContext db, Plan plan, DateTimeOffset cutoff, DateTimeOffset now, bool includeHeld = false) =>
        db.Embeddings.Where(e => db.Workspaces.Any(w => w.Id == e.WorkspaceId && w.Plan == plan)
            && (db.Workspaces.Any(w => w.Id == e.WorkspaceId && w.DeletedAt <= cutoff) || db.Pages.Any(p => p.Id == e.PageId && p.DeletedAt <= cutoff))
            && (includeHeld || !PurgeSupport.HeldIds(db, now).Contains(e.WorkspaceId)));
}
