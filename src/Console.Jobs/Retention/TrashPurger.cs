using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Lifecycle;
using AdminConsole.Domain.Model.Retention;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Jobs.Retention;

/// <summary>
/// Purges what has been in the trash for the whole restore window: deleted pages with their AI outputs and
/// embeddings, and deleted workspaces with everything reported for them (the workspace itself stays, marked
/// purged, as the record that it existed). Never a workspace under a legal hold. Pages go a batch at a time,
/// each batch with its outputs and embeddings in one transaction together with the run's counts; a workspace's
/// rows go in bounded batches and the workspace is marked purged only after the last of them.
/// </summary>
public sealed class TrashPurger(IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider clock, RetentionOptions options)
{
    public const string JobName = "trash-purge";

    public async Task<JobRunResult> RunAsync(Guid runId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var policies = await PurgeSupport.PoliciesAsync(dbFactory, cancellationToken).ConfigureAwait(false);
        foreach (var kind in Enum.GetValues<DataKind>())
            await PurgeSupport.StartEvidenceAsync(dbFactory, runId, kind, policies, t => t.TrashRestoreDays, cancellationToken).ConfigureAwait(false);

        long purged = 0;
        foreach (var (plan, terms) in policies)
        {
            var cutoff = now - TimeSpan.FromDays(terms.TrashRestoreDays);
            purged += await PurgePagesAsync(runId, plan, cutoff, now, cancellationToken).ConfigureAwait(false);
            purged += await PurgeWorkspacesAsync(runId, plan, cutoff, now, cancellationToken).ConfigureAwait(false);
        }

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var plan in policies.Keys)
            {
                var cutoff = now - TimeSpan.FromDays(policies[plan].TrashRestoreDays);
                var held = PurgeSupport.HeldIds(db, now);

                // What a hold keeps past the restore window: each deleted workspace whole (its pages, deleted or not, and
                // everything reported for it), and in the other workspaces each page in the trash with its outputs and
                // embeddings.
                var keptWorkspaces = await db.Workspaces
                    .Where(w => w.Plan == plan && w.Status == WorkspaceStatus.DeletedRestorable && w.DeletedAt <= cutoff && held.Contains(w.Id))
                    .Select(w => w.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
                var keptPages = db.Pages.Where(p => p.DeletedAt != null && p.DeletedAt <= cutoff && held.Contains(p.WorkspaceId) && !keptWorkspaces.Contains(p.WorkspaceId)
                    && db.Workspaces.Any(w => w.Id == p.WorkspaceId && w.Plan == plan));
                var kept = new Dictionary<DataKind, long>
                {
                    [DataKind.Page] = await db.Pages.LongCountAsync(p => keptWorkspaces.Contains(p.WorkspaceId), cancellationToken).ConfigureAwait(false)
                        + await keptPages.LongCountAsync(cancellationToken).ConfigureAwait(false),
                    [DataKind.PromptLog] = await db.PromptLogs.LongCountAsync(r => keptWorkspaces.Contains(r.WorkspaceId), cancellationToken).ConfigureAwait(false),
                    [DataKind.ProviderRequest] = await db.ProviderRequests.LongCountAsync(r => keptWorkspaces.Contains(r.WorkspaceId), cancellationToken).ConfigureAwait(false),
                    [DataKind.AiOutput] = await db.AiOutputs.LongCountAsync(o => keptWorkspaces.Contains(o.WorkspaceId) || keptPages.Any(p => p.Id == o.PageId), cancellationToken).ConfigureAwait(false),
                    [DataKind.Embedding] = await db.Embeddings.LongCountAsync(e => keptWorkspaces.Contains(e.WorkspaceId) || keptPages.Any(p => p.Id == e.PageId), cancellationToken).ConfigureAwait(false),
                };

                var trash = db.Pages.Where(p => p.DeletedAt != null && db.Workspaces.Any(w => w.Id == p.WorkspaceId && w.Plan == plan));
                var oldest = await trash.Where(p => !held.Contains(p.WorkspaceId)).MinAsync(p => p.DeletedAt, cancellationToken).ConfigureAwait(false);
                var oldestWorkspace = await db.Workspaces.Where(w => w.Plan == plan && w.Status == WorkspaceStatus.DeletedRestorable && !held.Contains(w.Id))
                    .MinAsync(w => w.DeletedAt, cancellationToken).ConfigureAwait(false);
                var at = clock.GetUtcNow();
                foreach (var (kind, count) in kept)
                    await PurgeSupport.CloseEvidenceAsync(db, runId, kind, plan, count, kind == DataKind.Page ? PurgeSupport.Earlier(oldest, oldestWorkspace) : null, at, cancellationToken).ConfigureAwait(false);
            }
        }

        await PurgeSupport.AuditRunAsync(dbFactory, JobName, runId, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return new JobRunResult((int)Math.Min(int.MaxValue, purged), 0, null);
    }

    private async Task<long> PurgePagesAsync(Guid runId, Plan plan, DateTimeOffset cutoff, DateTimeOffset now, CancellationToken cancellationToken)
    {
        long total = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var ids = await db.Pages
                .Where(p => p.DeletedAt != null && p.DeletedAt <= cutoff
                    && db.Workspaces.Any(w => w.Id == p.WorkspaceId && w.Plan == plan)
                    && !PurgeSupport.HeldIds(db, now).Contains(p.WorkspaceId))
                .OrderBy(p => p.DeletedAt).Select(p => p.Id).Take(options.PageBatchSize)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            if (ids.Count == 0)
                return total;

            var outputs = await db.AiOutputs.Where(o => o.PageId != null && ids.Contains(o.PageId.Value)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            var embeddings = await db.Embeddings.Where(e => ids.Contains(e.PageId)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            var pages = await db.Pages.Where(p => ids.Contains(p.Id) && p.DeletedAt <= cutoff).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            await PurgeSupport.CountAsync(db, runId, DataKind.AiOutput, plan, outputs, cancellationToken).ConfigureAwait(false);
            await PurgeSupport.CountAsync(db, runId, DataKind.Embedding, plan, embeddings, cancellationToken).ConfigureAwait(false);
            await PurgeSupport.CountAsync(db, runId, DataKind.Page, plan, pages, cancellationToken).ConfigureAwait(false);
            await PurgeSupport.AddItemsAsync(db, runId, outputs + embeddings + pages, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            PurgeSupport.Committed(DataKind.AiOutput, outputs);
            PurgeSupport.Committed(DataKind.Embedding, embeddings);
            PurgeSupport.Committed(DataKind.Page, pages);
            total += outputs + embeddings + pages;
            await PurgeSupport.PauseAsync(db, options, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<long> PurgeWorkspacesAsync(Guid runId, Plan plan, DateTimeOffset cutoff, DateTimeOffset now, CancellationToken cancellationToken)
    {
        List<Guid> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            due = await db.Workspaces
                .Where(w => w.Plan == plan && w.Status == WorkspaceStatus.DeletedRestorable && w.DeletedAt <= cutoff && !PurgeSupport.HeldIds(db, now).Contains(w.Id))
                .OrderBy(w => w.DeletedAt).Select(w => w.Id)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        long total = 0;
        foreach (var workspaceId in due)
        {
            var counts = new Dictionary<DataKind, long>
            {
                [DataKind.PromptLog] = await DrainAsync<PromptLog>(runId, DataKind.PromptLog, plan, workspaceId, cancellationToken).ConfigureAwait(false),
                [DataKind.AiOutput] = await DrainAsync<AiOutput>(runId, DataKind.AiOutput, plan, workspaceId, cancellationToken).ConfigureAwait(false),
                [DataKind.ProviderRequest] = await DrainAsync<ProviderRequest>(runId, DataKind.ProviderRequest, plan, workspaceId, cancellationToken).ConfigureAwait(false),
                [DataKind.Embedding] = await DrainAsync<Embedding>(runId, DataKind.Embedding, plan, workspaceId, cancellationToken).ConfigureAwait(false),
            };
            counts[DataKind.Page] = await DrainPagesAsync(runId, plan, workspaceId, cancellationToken).ConfigureAwait(false);

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            var workspace = await db.Workspaces.SingleAsync(w => w.Id == workspaceId, cancellationToken).ConfigureAwait(false);
            var at = clock.GetUtcNow();
            workspace.MarkPurged(at);
            db.Audit(AuditActor.Job(JobName), new AuditRecord("workspace.purged", "Workspace", workspace.Id.ToString(), workspace.Id,
                new { Status = WorkspaceStatus.DeletedRestorable.ToString(), workspace.DeletedAt },
                new { Status = workspace.Status.ToString(), Purged = counts.ToDictionary(c => c.Key.ToString(), c => c.Value) }), at);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            total += counts.Values.Sum();
        }

        return total;
    }

    /// <summary>Deletes the workspace's rows of one kind, a batch of keys per transaction with its count, until none is left.</summary>
    private async Task<long> DrainAsync<T>(Guid runId, DataKind kind, Plan plan, Guid workspaceId, CancellationToken cancellationToken)
        where T : class, IRetainedRecord
    {
        long total = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var ids = await db.Set<T>().Where(r => r.WorkspaceId == workspaceId).OrderBy(r => r.Id).Select(r => r.Id).Take(options.BatchSize)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            if (ids.Count == 0)
                return total;
            var deleted = await db.Set<T>().Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            await PurgeSupport.CountAsync(db, runId, kind, plan, deleted, cancellationToken).ConfigureAwait(false);
            await PurgeSupport.AddItemsAsync(db, runId, deleted, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            PurgeSupport.Committed(kind, deleted);
            total += deleted;
            await PurgeSupport.PauseAsync(db, options, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<long> DrainPagesAsync(Guid runId, Plan plan, Guid workspaceId, CancellationToken cancellationToken)
    {
        long total = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var ids = await db.Pages.Where(p => p.WorkspaceId == workspaceId).OrderBy(p => p.Id).Select(p => p.Id).Take(options.PageBatchSize)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            if (ids.Count == 0)
                return total;
            var deleted = await db.Pages.Where(p => ids.Contains(p.Id)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            await PurgeSupport.CountAsync(db, runId, DataKind.Page, plan, deleted, cancellationToken).ConfigureAwait(false);
            await PurgeSupport.AddItemsAsync(db, runId, deleted, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            PurgeSupport.Committed(DataKind.Page, deleted);
            total += deleted;
            await PurgeSupport.PauseAsync(db, options, cancellationToken).ConfigureAwait(false);
        }
    }
}
