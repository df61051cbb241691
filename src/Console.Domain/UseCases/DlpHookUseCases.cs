using AdminConsole.Domain.Access;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Dlp.Hooks;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.UseCases;

/// <summary>
/// A workspace's DLP hooks as its page shows them: the workspace's name, whether the reader may change them, why the
/// plan has none (null on Enterprise), and the hooks with their pending and dead-lettered deliveries.
/// </summary>
public sealed record DlpHooksView(string WorkspaceName, bool Active, bool CanManage, string? Unavailable, IReadOnlyList<DlpHookRow> Hooks)
{
    /// <summary>Whether the reader may add and change hooks here: a manager, in an active Enterprise workspace.</summary>
    public bool CanChange => CanManage && Active && Unavailable is null;
}

/// <summary>A hook just added or given a new secret: the secret exists in clear only in this answer, to be shown once.</summary>
public sealed record DlpHookSecret(Guid HookId, string HookName, string Secret);

/// <summary>
/// A workspace's DLP hooks, their deliveries and dead letters. Readers are those of the workspace's AI settings (admins,
/// officers and auditors everywhere, workspace admins in their own); admins and the workspace's own admins add, test,
/// rotate, disable, enable and delete hooks and replay dead letters. Another workspace's hooks read exactly like a
/// workspace that does not exist. No use case returns a stored secret or a webhook's body.
/// </summary>
public sealed class DlpHookUseCases(IDbContextFactory<ConsoleDbContext> dbFactory, DlpHookCommands commands)
{
    private const string MayNotRead = "Your role may not read DLP hooks.";
    private const string MayNotManage = "Only administrators and the workspace's own admins change DLP hooks.";

    public async Task<Outcome<DlpHooksView>> WorkspaceAsync(CurrentUser user, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (await UseCase.RequireAiSettingsReaderAsync(db, user, workspaceId, MayNotRead, cancellationToken).ConfigureAwait(false) is { } refused)
            return refused.As<DlpHooksView>();
        var workspace = await db.Workspaces.AsNoTracking().Where(w => w.Id == workspaceId).Select(w => new { w.Name, w.Plan, w.Status })
            .SingleAsync(cancellationToken).ConfigureAwait(false);
        var canManage = user.Satisfies(Policies.ManageAiSettings) && await db.CanManageAiSettingsAsync(user, workspaceId, cancellationToken).ConfigureAwait(false);
        var hooks = await DlpHookQuery.HooksAsync(db, workspaceId, cancellationToken).ConfigureAwait(false);
        return Outcome.Done(new DlpHooksView(workspace.Name, workspace.Status == WorkspaceStatus.Active, canManage, DlpHook.WhyUnavailable(workspace.Plan), hooks));
    }

    /// <summary>A page of one hook's deliveries, newest first; a hook of another workspace has none.</summary>
    public async Task<Outcome<(IReadOnlyList<DlpHookDeliveryRow> Rows, int Total)>> DeliveriesAsync(
        CurrentUser user, Guid workspaceId, Guid hookId, int skip, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (await UseCase.RequireAiSettingsReaderAsync(db, user, workspaceId, MayNotRead, cancellationToken).ConfigureAwait(false) is { } refused)
            return refused.As<(IReadOnlyList<DlpHookDeliveryRow>, int)>();
        return Outcome.Done(await DlpHookQuery.DeliveriesAsync(db, workspaceId, hookId, null, skip, take, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>A page of the workspace's dead letters, newest first: what can be replayed.</summary>
    public async Task<Outcome<(IReadOnlyList<DlpHookDeliveryRow> Rows, int Total)>> DeadLettersAsync(
        CurrentUser user, Guid workspaceId, int skip, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (await UseCase.RequireAiSettingsReaderAsync(db, user, workspaceId, MayNotRead, cancellationToken).ConfigureAwait(false) is { } refused)
            return refused.As<(IReadOnlyList<DlpHookDeliveryRow>, int)>();
        return Outcome.Done(await DlpHookQuery.DeadLettersAsync(db, workspaceId, skip, take, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Adds a hook (Enterprise plan, an https URL or an allow-listed address); its secret is in the answer only.</summary>
    public async Task<Outcome<DlpHookSecret>> CreateAsync(
        CurrentUser user, Guid workspaceId, string? name, string? url, IReadOnlyCollection<string>? events, CancellationToken cancellationToken = default) =>
        await UseCase.RequireAiSettingsManagerAsync(dbFactory, user, workspaceId, MayNotManage, cancellationToken).ConfigureAwait(false) is { } refused
            ? refused.As<DlpHookSecret>()
            : await UseCase.RunAsync(async () =>
            {
                var (id, secret) = await commands.CreateAsync(user.Actor, workspaceId, name, url, events, cancellationToken).ConfigureAwait(false);
                return new DlpHookSecret(id, name!.Trim(), secret);
            }).ConfigureAwait(false);

    /// <summary>Queues a test event for the hook; it is sent within seconds by the dispatcher.</summary>
    public Task<Outcome> SendTestEventAsync(CurrentUser user, Guid workspaceId, Guid hookId, CancellationToken cancellationToken = default) =>
        ManageAsync(user, workspaceId, () => commands.SendTestEventAsync(user.Actor, workspaceId, hookId, cancellationToken), "Test event queued", cancellationToken);

    /// <summary>A new secret, returned once; the old one keeps signing beside it for a day so the partner can switch.</summary>
    public async Task<Outcome<DlpHookSecret>> RotateSecretAsync(CurrentUser user, Guid workspaceId, Guid hookId, CancellationToken cancellationToken = default)
    {
        if (await UseCase.RequireAiSettingsManagerAsync(dbFactory, user, workspaceId, MayNotManage, cancellationToken).ConfigureAwait(false) is { } refused)
            return refused.As<DlpHookSecret>();
        return await UseCase.RunAsync(async () =>
        {
            var secret = await commands.RotateSecretAsync(user.Actor, workspaceId, hookId, cancellationToken: cancellationToken).ConfigureAwait(false);
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            var name = await db.DlpHooks.AsNoTracking().Where(h => h.Id == hookId).Select(h => h.Name).SingleAsync(cancellationToken).ConfigureAwait(false);
            return new DlpHookSecret(hookId, name, secret);
        }).ConfigureAwait(false);
    }

    /// <summary>Disables the hook; what was still queued for it is cancelled.</summary>
    public Task<Outcome> DisableAsync(CurrentUser user, Guid workspaceId, Guid hookId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return ManageAsync(user, workspaceId, () => commands.DisableAsync(user.Actor, workspaceId, hookId, $"Disabled by {user.Name}", cancellationToken), "Hook disabled", cancellationToken);
    }

    public Task<Outcome> EnableAsync(CurrentUser user, Guid workspaceId, Guid hookId, CancellationToken cancellationToken = default) =>
        ManageAsync(user, workspaceId, () => commands.EnableAsync(user.Actor, workspaceId, hookId, cancellationToken), "Hook enabled", cancellationToken);

    /// <summary>Deletes the hook and its delivery records.</summary>
    public Task<Outcome> DeleteAsync(CurrentUser user, Guid workspaceId, Guid hookId, CancellationToken cancellationToken = default) =>
        ManageAsync(user, workspaceId, () => commands.DeleteAsync(user.Actor, workspaceId, hookId, cancellationToken), "Hook deleted", cancellationToken);

    /// <summary>Queues a dead letter again, under the same message id, with a fresh set of attempts.</summary>
    public Task<Outcome> ReplayAsync(CurrentUser user, Guid workspaceId, Guid deliveryId, CancellationToken cancellationToken = default) =>
        ManageAsync(user, workspaceId, () => commands.ReplayAsync(user.Actor, workspaceId, deliveryId, cancellationToken), "Delivery queued again", cancellationToken);

    private async Task<Outcome> ManageAsync(CurrentUser user, Guid workspaceId, Func<Task> change, string done, CancellationToken cancellationToken) =>
        await UseCase.RequireAiSettingsManagerAsync(dbFactory, user, workspaceId, MayNotManage, cancellationToken).ConfigureAwait(false)
            ?? await UseCase.RunAsync(change, done).ConfigureAwait(false);
}
