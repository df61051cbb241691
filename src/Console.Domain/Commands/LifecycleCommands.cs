using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Lifecycle;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Commands;

/// <summary>
/// Deleting and restoring pages and workspaces (the AI product through the API, workspace admins in the trash)
/// and legal holds (compliance officers). The restore window is the one the workspace's plan policy has in force
/// at the moment of the restore. Each change is saved with its audit entry, or not at all.
/// </summary>
public sealed class LifecycleCommands(IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Into the trash. Deleting a page that is already there changes nothing and writes nothing (false).</summary>
    public Task<bool> DeletePageAsync(AuditActor actor, Guid workspaceId, Guid pageId, CancellationToken cancellationToken = default) =>
        SaveAsync(db => DeletePageAsync(db, actor, workspaceId, pageId, cancellationToken), cancellationToken);

    /// <summary>
    /// <see cref="DeletePageAsync(AuditActor, Guid, Guid, CancellationToken)"/> staged in <paramref name="db"/>: the caller's
    /// next save writes it with its audit entry, in one transaction with whatever else the caller saves (the API's
    /// idempotency record).
    /// </summary>
    public async Task<bool> DeletePageAsync(ConsoleDbContext db, AuditActor actor, Guid workspaceId, Guid pageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        var page = await FindPageAsync(db, workspaceId, pageId, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        if (!page.Delete(now))
            return false;
        db.Audit(actor, new AuditRecord("page.deleted", nameof(Page), page.Id.ToString(), workspaceId, null, new { page.Title, page.DeletedAt }), now);
        return true;
    }

    /// <summary>Out of the trash within the restore window; after it, refused with the reason.</summary>
    public Task RestorePageAsync(AuditActor actor, Guid workspaceId, Guid pageId, CancellationToken cancellationToken = default) =>
        SaveAsync(async db => { await RestorePageAsync(db, actor, workspaceId, pageId, cancellationToken).ConfigureAwait(false); return true; }, cancellationToken);

    /// <summary>The restore of a page staged in <paramref name="db"/>, saved by the caller.</summary>
    public async Task RestorePageAsync(ConsoleDbContext db, AuditActor actor, Guid workspaceId, Guid pageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        var workspace = await FindWorkspaceAsync(db, workspaceId, cancellationToken).ConfigureAwait(false);
        if (workspace.Status != WorkspaceStatus.Active)
            throw new DomainRuleException(nameof(Workspace), "The workspace itself is deleted: restore the workspace first.");
        var page = await FindPageAsync(db, workspaceId, pageId, cancellationToken).ConfigureAwait(false);
        var deletedAt = page.DeletedAt;
        var now = clock.GetUtcNow();
        page.Restore(now, await RestoreWindowAsync(db, workspace.Plan, cancellationToken).ConfigureAwait(false));
        db.Audit(actor, new AuditRecord("page.restored", nameof(Page), page.Id.ToString(), workspaceId, new { page.Title, DeletedAt = deletedAt }, new { page.Title }), now);
    }

    /// <summary>The whole workspace into the trash. Repeating it changes nothing (false).</summary>
    public Task<bool> DeleteWorkspaceAsync(AuditActor actor, Guid workspaceId, CancellationToken cancellationToken = default) =>
        SaveAsync(db => DeleteWorkspaceAsync(db, actor, workspaceId, cancellationToken), cancellationToken);

    /// <summary>The deletion of a workspace staged in <paramref name="db"/>, saved by the caller.</summary>
    public async Task<bool> DeleteWorkspaceAsync(ConsoleDbContext db, AuditActor actor, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        var workspace = await FindWorkspaceAsync(db, workspaceId, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        if (!workspace.Delete(now))
            return false;
        db.Audit(actor, new AuditRecord("workspace.deleted", nameof(Workspace), workspaceId.ToString(), workspaceId, null, new { workspace.Name, workspace.DeletedAt }), now);
        return true;
    }

    public Task RestoreWorkspaceAsync(AuditActor actor, Guid workspaceId, CancellationToken cancellationToken = default) =>
        SaveAsync(async db => { await RestoreWorkspaceAsync(db, actor, workspaceId, cancellationToken).ConfigureAwait(false); return true; }, cancellationToken);

    /// <summary>The restore of a workspace staged in <paramref name="db"/>, saved by the caller.</summary>
    public async Task RestoreWorkspaceAsync(ConsoleDbContext db, AuditActor actor, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        var workspace = await FindWorkspaceAsync(db, workspaceId, cancellationToken).ConfigureAwait(false);
        var deletedAt = workspace.DeletedAt;
        var now = clock.GetUtcNow();
        workspace.Restore(now, await RestoreWindowAsync(db, workspace.Plan, cancellationToken).ConfigureAwait(false));
        db.Audit(actor, new AuditRecord("workspace.restored", nameof(Workspace), workspaceId.ToString(), workspaceId, new { workspace.Name, DeletedAt = deletedAt }, new { workspace.Name }), now);
    }

    /// <summary>A legal hold on a workspace; every purge skips its data while the hold is in force.</summary>
    public async Task<Guid> PlaceHoldAsync(AuditActor actor, Guid workspaceId, string? reason, DateTimeOffset from, DateTimeOffset? until, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var workspace = await FindWorkspaceAsync(db, workspaceId, cancellationToken).ConfigureAwait(false);
        if (workspace.Status == WorkspaceStatus.Purged)
            throw new DomainRuleException(nameof(Workspace), "The workspace is purged: there is no data left to hold.");
        var now = clock.GetUtcNow();
        var hold = LegalHold.Place(workspaceId, reason, from, until, actor.Name, now);
        db.LegalHolds.Add(hold);
        db.Audit(actor, new AuditRecord("legal-hold.placed", nameof(LegalHold), hold.Id.ToString(), workspaceId, null, HoldSnapshot(hold)), now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return hold.Id;
    }

    public async Task LiftHoldAsync(AuditActor actor, Guid holdId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var hold = await db.LegalHolds.SingleOrDefaultAsync(h => h.Id == holdId, cancellationToken).ConfigureAwait(false)
            ?? throw new DomainRuleException(nameof(LegalHold), "The legal hold does not exist.");
        var before = HoldSnapshot(hold);
        var now = clock.GetUtcNow();
        hold.Lift(actor.Name, now);
        db.Audit(actor, new AuditRecord("legal-hold.lifted", nameof(LegalHold), hold.Id.ToString(), hold.WorkspaceId, before, HoldSnapshot(hold)), now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The trash restore window the policy of <paramref name="plan"/> has in force.</summary>
    public static async Task<TimeSpan> RestoreWindowAsync(ConsoleDbContext db, Plan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var days = await db.RetentionPolicies.AsNoTracking().Where(p => p.Plan == plan).Select(p => (int?)p.Terms.TrashRestoreDays)
            .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new DomainRuleException(nameof(Plan), $"There is no retention policy for {plan}.");
        return TimeSpan.FromDays(days);
    }

    /// <summary>One context for a change staged by <paramref name="change"/>, saved when it reports a change.</summary>
    private async Task<bool> SaveAsync(Func<ConsoleDbContext, Task<bool>> change, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (!await change(db).ConfigureAwait(false))
            return false;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static async Task<Workspace> FindWorkspaceAsync(ConsoleDbContext db, Guid workspaceId, CancellationToken cancellationToken) =>
        await db.Workspaces.SingleOrDefaultAsync(w => w.Id == workspaceId, cancellationToken).ConfigureAwait(false)
        ?? throw new DomainRuleException(nameof(Workspace), "The workspace does not exist.");

    // The workspace is part of the lookup: a page id of another workspace reads as one that does not exist.
    private static async Task<Page> FindPageAsync(ConsoleDbContext db, Guid workspaceId, Guid pageId, CancellationToken cancellationToken) =>
        await db.Pages.SingleOrDefaultAsync(p => p.Id == pageId && p.WorkspaceId == workspaceId, cancellationToken).ConfigureAwait(false)
        ?? throw new DomainRuleException(nameof(Page), "The page does not exist.");

    private static object HoldSnapshot(LegalHold h) => new { h.Reason, h.From, h.Until, h.PlacedBy, h.LiftedAt, h.LiftedBy };
}
