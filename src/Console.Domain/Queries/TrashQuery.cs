using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Lifecycle;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Queries;

/// <summary>A page in a workspace's trash: when it was deleted, when it is purged for good, and why it can no longer be restored (null while it can).</summary>
public sealed record TrashItem(Guid PageId, string Title, DateTimeOffset DeletedAt, DateTimeOffset PurgeAt, string? WhyNotRestorable);

/// <summary>The workspace whose trash it is; <see cref="DeletedAt"/> and <see cref="PurgeAt"/> are set when the workspace itself is in the trash.</summary>
public sealed record TrashWorkspace(Guid Id, string Name, Plan Plan, WorkspaceStatus Status, DateTimeOffset? DeletedAt, DateTimeOffset? PurgeAt, string? WhyNotRestorable);

/// <param name="HoldInForce">A legal hold keeps everything here, past its purge date or not, until the hold ends.</param>
public sealed record TrashPage(TrashWorkspace Workspace, TimeSpan RestoreWindow, bool HoldInForce, IReadOnlyList<TrashItem> Items, int Total);

/// <summary>
/// A workspace's trash, a page at a time: a workspace may have thousands of deleted pages, so counting, sorting
/// and paging happen in SQL. Every page of one workspace has the same restore window (its plan's), so the order
/// of purge dates is the order of deletion times, which the (workspace, deleted at) index serves.
/// </summary>
public static class TrashQuery
{
    public const int MaxTake = 200;

    /// <param name="visible">The workspaces the reader may see: another workspace's trash reads as one that does not exist (null).</param>
    public static async Task<TrashPage?> RunAsync(ConsoleDbContext db, IQueryable<Workspace> visible, Guid workspaceId, DateTimeOffset now, int skip, int take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(visible);
        var header = await visible.AsNoTracking().Where(w => w.Id == workspaceId)
            .Select(w => new { w.Id, w.Name, w.Plan, w.Status, w.DeletedAt })
            .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (header is null)
            return null;

        var window = await LifecycleCommands.RestoreWindowAsync(db, header.Plan, cancellationToken).ConfigureAwait(false);
        var held = await db.LegalHolds.InForce(now).AnyAsync(h => h.WorkspaceId == workspaceId, cancellationToken).ConfigureAwait(false);
        var workspace = header.Status == WorkspaceStatus.DeletedRestorable && header.DeletedAt is { } deleted
            ? new TrashWorkspace(header.Id, header.Name, header.Plan, header.Status, deleted, deleted + window, Page.WhyNotRestorable(deleted, now, window))
            : new TrashWorkspace(header.Id, header.Name, header.Plan, header.Status, null, null, null);

        var trash = db.Pages.AsNoTracking().Where(p => p.WorkspaceId == workspaceId && p.DeletedAt != null);
        var total = await trash.CountAsync(cancellationToken).ConfigureAwait(false);
        var rows = await trash.OrderBy(p => p.DeletedAt).ThenBy(p => p.Id)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, MaxTake))
            .Select(p => new { p.Id, p.Title, DeletedAt = p.DeletedAt!.Value })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var items = rows.Select(p => new TrashItem(p.Id, p.Title, p.DeletedAt, p.DeletedAt + window, Page.WhyNotRestorable(p.DeletedAt, now, window))).ToList();
        return new TrashPage(workspace, window, held, items, total);
    }
}
