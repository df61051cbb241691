using AdminConsole.Domain.Access;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.UseCases;

/// <summary>A workspace as its legal-hold page shows it, and what the reader may do there.</summary>
public sealed record LegalHoldWorkspaceView(string Name, bool CanManage, bool CanOpenWorkspace);

/// <summary>A page of a workspace's trash, and whether the reader may restore from it.</summary>
public sealed record TrashView(TrashPage Trash, bool CanRestore);

/// <summary>
/// Legal holds and the trash. Holds are read across workspaces by admins, compliance officers and auditors (the
/// policy is the scope: auditors do not open workspaces themselves) and placed and lifted by admins and officers. A
/// workspace's trash is read by admins, officers and its own admins, and restored from by admins and its own admins.
/// </summary>
public sealed class LifecycleUseCases(IDbContextFactory<ConsoleDbContext> dbFactory, LifecycleCommands commands, TimeProvider clock)
{
    private const string MayNotReadHolds = "Your role may not read the legal holds.";
    private const string MayNotManageHolds = "Only compliance officers and administrators place and lift legal holds.";
    private const string MayNotRestore = "Only administrators and the workspace's own admins restore from its trash.";

    /// <summary>A page of the holds of one workspace (or of every workspace when null), in force only or all.</summary>
    public async Task<Outcome<LegalHoldPage>> HoldsAsync(CurrentUser user, Guid? workspaceId, bool inForceOnly, int skip, int take, CancellationToken cancellationToken = default)
    {
        if (UseCase.Require(user, Policies.ViewLegalHolds, MayNotReadHolds) is { } refused)
            return refused.As<LegalHoldPage>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return Outcome.Done(await LegalHoldQuery.RunAsync(db, workspaceId, inForceOnly, clock.GetUtcNow(), skip, take, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The workspace of a legal-hold page; not found when there is none.</summary>
    public async Task<Outcome<LegalHoldWorkspaceView>> HoldWorkspaceAsync(CurrentUser user, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        if (UseCase.Require(user, Policies.ViewLegalHolds, MayNotReadHolds) is { } refused)
            return refused.As<LegalHoldWorkspaceView>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var name = await db.Workspaces.AsNoTracking().Where(w => w.Id == workspaceId).Select(w => w.Name).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return name is null
            ? Outcome.NotFound(UseCase.NoSuchWorkspace).As<LegalHoldWorkspaceView>()
            : Outcome.Done(new LegalHoldWorkspaceView(name, user.Satisfies(Policies.ManageLegalHolds), user.Satisfies(Policies.ViewWorkspaces)));
    }

    /// <summary>Places a hold from <paramref name="from"/> to <paramref name="until"/> (until lifted when null); its dates are the model's rules.</summary>
    public async Task<Outcome<Guid>> PlaceHoldAsync(CurrentUser user, Guid workspaceId, string? reason, DateTimeOffset from, DateTimeOffset? until, CancellationToken cancellationToken = default)
    {
        if (UseCase.Require(user, Policies.ManageLegalHolds, MayNotManageHolds) is { } refused)
            return refused.As<Guid>();
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await db.Workspaces.AnyAsync(w => w.Id == workspaceId, cancellationToken).ConfigureAwait(false))
                return Outcome.NotFound(UseCase.NoSuchWorkspace).As<Guid>();
        }

        return await UseCase.RunAsync(() => commands.PlaceHoldAsync(user.Actor, workspaceId, reason, from, until, cancellationToken), "Legal hold placed").ConfigureAwait(false);
    }

    public async Task<Outcome> LiftHoldAsync(CurrentUser user, Guid holdId, CancellationToken cancellationToken = default)
    {
        if (UseCase.Require(user, Policies.ManageLegalHolds, MayNotManageHolds) is { } refused)
            return refused;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await db.LegalHolds.AnyAsync(h => h.Id == holdId, cancellationToken).ConfigureAwait(false))
                return Outcome.NotFound("There is no such legal hold.");
        }

        return await UseCase.RunAsync(() => commands.LiftHoldAsync(user.Actor, holdId, cancellationToken), "Legal hold lifted").ConfigureAwait(false);
    }

    /// <summary>A page of a workspace's trash, the next to be purged first; another workspace's reads as unknown.</summary>
    public async Task<Outcome<TrashView>> TrashAsync(CurrentUser user, Guid workspaceId, int skip, int take, CancellationToken cancellationToken = default)
    {
        if (UseCase.Require(user, Policies.ViewTrash, "Your role may not read the trash.") is { } refused)
            return refused.As<TrashView>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var trash = await TrashQuery.RunAsync(db, db.Visible(user), workspaceId, clock.GetUtcNow(), skip, take, cancellationToken).ConfigureAwait(false);
        if (trash is null)
            return Outcome.NotFound(UseCase.NoSuchWorkspace).As<TrashView>();
        var canRestore = user.Satisfies(Policies.RestoreFromTrash) && await db.CanRestoreFromTrashAsync(user, workspaceId, cancellationToken).ConfigureAwait(false);
        return Outcome.Done(new TrashView(trash, canRestore));
    }

    /// <summary>A page out of the trash within its restore window; after it, refused with the reason.</summary>
    public Task<Outcome> RestorePageAsync(CurrentUser user, Guid workspaceId, Guid pageId, CancellationToken cancellationToken = default) =>
        RestoreAsync(user, workspaceId, () => commands.RestorePageAsync(user.Actor, workspaceId, pageId, cancellationToken), "Page restored", cancellationToken);

    /// <summary>The whole workspace out of the trash within its restore window.</summary>
    public Task<Outcome> RestoreWorkspaceAsync(CurrentUser user, Guid workspaceId, CancellationToken cancellationToken = default) =>
        RestoreAsync(user, workspaceId, () => commands.RestoreWorkspaceAsync(user.Actor, workspaceId, cancellationToken), "Workspace restored", cancellationToken);

    private async Task<Outcome> RestoreAsync(CurrentUser user, Guid workspaceId, Func<Task> restore, string done, CancellationToken cancellationToken)
    {
        if (UseCase.Require(user, Policies.RestoreFromTrash, MayNotRestore) is { } refused)
            return refused;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            // An admin of another workspace learns nothing of this one: it reads as unknown.
            if (!await db.CanRestoreFromTrashAsync(user, workspaceId, cancellationToken).ConfigureAwait(false))
                return Outcome.NotFound(UseCase.NoSuchWorkspace);
        }

        return await UseCase.RunAsync(restore, done).ConfigureAwait(false);
    }
}
