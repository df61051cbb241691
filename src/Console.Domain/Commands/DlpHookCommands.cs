using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Dlp.Hooks;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Commands;

/// <summary>
/// Managing a workspace's DLP hooks, each change saved with its audit entry. Every command takes the workspace and
/// acts only on a hook of that workspace. Secrets are returned once and stored sealed; no audit entry holds one.
/// Plain-http URLs are accepted only for hosts that are allow-listed address literals (<see cref="HookAddressRules"/>);
/// where a URL really points is checked again at every connection by the dispatcher. Who may do it is the caller's check.
/// </summary>
public sealed class DlpHookCommands(IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider clock, ISecretSealer sealer, HookAddressRules addresses)
{
    /// <summary>A new, enabled hook; the returned secret exists nowhere else in clear and is to be shown once.</summary>
    public async Task<(Guid Id, string Secret)> CreateAsync(
        AuditActor actor, Guid workspaceId, string? name, string? url, IEnumerable<string>? events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var plan = await db.Workspaces.Where(w => w.Id == workspaceId).Select(w => (Model.Workspaces.Plan?)w.Plan).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new DomainRuleException(string.Empty, "The workspace does not exist.");
        var now = clock.GetUtcNow();
        var secret = WebhookSecret.Generate();
        var hook = DlpHook.Create(workspaceId, plan, name, url, events, sealer.Seal(secret), PlainHttpAllowed(url), actor.Name, now);
        EnsureReachable(hook.Url);
        db.DlpHooks.Add(hook);
        db.Audit(actor, new AuditRecord("dlp-hook.created", nameof(DlpHook), hook.Id.ToString(), workspaceId, null, Snapshot(hook)), now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return (hook.Id, secret);
    }

    public Task ChangeAsync(AuditActor actor, Guid workspaceId, Guid hookId, string? name, string? url, IEnumerable<string>? events, CancellationToken cancellationToken = default) =>
        ChangeHookAsync(actor, workspaceId, hookId, "dlp-hook.changed", (hook, now) =>
        {
            hook.Rename(name, now);
            hook.ChangeUrl(url, PlainHttpAllowed(url), now);
            EnsureReachable(hook.Url);
            hook.ChangeEvents(events, now);
        }, cancellationToken);

    /// <summary>
    /// A new secret, returned once. The old one keeps signing next to it for <paramref name="overlap"/> (24 hours
    /// unless said otherwise), so the partner can switch with no message failing to verify.
    /// </summary>
    public async Task<string> RotateSecretAsync(AuditActor actor, Guid workspaceId, Guid hookId, TimeSpan? overlap = null, CancellationToken cancellationToken = default)
    {
        var secret = WebhookSecret.Generate();
        await ChangeHookAsync(actor, workspaceId, hookId, "dlp-hook.secret-rotated", (hook, now) => hook.RotateSecret(sealer.Seal(secret), overlap ?? DlpHook.RotationOverlap, now), cancellationToken)
            .ConfigureAwait(false);
        return secret;
    }

    /// <summary>Disabled hooks get no new deliveries, and what was still queued for them is cancelled.</summary>
    public Task DisableAsync(AuditActor actor, Guid workspaceId, Guid hookId, string? reason = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return ChangeHookAsync(actor, workspaceId, hookId, "dlp-hook.disabled", (hook, now) => hook.Disable(string.IsNullOrWhiteSpace(reason) ? $"Disabled by {actor.Name}" : reason, now), cancellationToken,
            cancelPending: "The hook was disabled.");
    }

    public async Task EnableAsync(AuditActor actor, Guid workspaceId, Guid hookId, CancellationToken cancellationToken = default)
    {
        var plan = await PlanAsync(workspaceId, cancellationToken).ConfigureAwait(false);
        await ChangeHookAsync(actor, workspaceId, hookId, "dlp-hook.enabled", (hook, now) => hook.Enable(plan, now), cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteAsync(AuditActor actor, Guid workspaceId, Guid hookId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var hook = await FindAsync(db, workspaceId, hookId, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        db.DlpHooks.Remove(hook);
        db.Audit(actor, new AuditRecord("dlp-hook.deleted", nameof(DlpHook), hook.Id.ToString(), workspaceId, Snapshot(hook), null), now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Queues a <c>dlp.test</c> event for this hook (whether or not it subscribes to it); returns the delivery's id.</summary>
    public async Task<Guid> SendTestEventAsync(AuditActor actor, Guid workspaceId, Guid hookId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var hook = await FindAsync(db, workspaceId, hookId, cancellationToken).ConfigureAwait(false);
        DlpHook.EnsureAvailable(await db.Workspaces.Where(w => w.Id == workspaceId).Select(w => w.Plan).SingleAsync(cancellationToken).ConfigureAwait(false));
        if (!hook.Enabled)
            throw new DomainRuleException(string.Empty, "The hook is disabled; enable it to send a test event.");
        var now = clock.GetUtcNow();
        var delivery = DlpHookDelivery.Create(hook, DlpHookEvents.Test, $"hooks/{hook.Id}", new { hookId = hook.Id, message = "A test event from AdminConsole. No action is needed." }, now);
        db.DlpHookDeliveries.Add(delivery);
        db.Audit(actor, new AuditRecord("dlp-hook.test-sent", nameof(DlpHook), hook.Id.ToString(), workspaceId, null, new { delivery.MessageId }), now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return delivery.Id;
    }

    /// <summary>A dead letter queued again, with the same message id and body, for an enabled hook.</summary>
    public async Task ReplayAsync(AuditActor actor, Guid workspaceId, Guid deliveryId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var delivery = await db.DlpHookDeliveries.SingleOrDefaultAsync(d => d.Id == deliveryId && d.WorkspaceId == workspaceId, cancellationToken).ConfigureAwait(false)
            ?? throw new DomainRuleException(string.Empty, "The delivery does not exist.");
        var hook = await FindAsync(db, workspaceId, delivery.HookId, cancellationToken).ConfigureAwait(false);
        DlpHook.EnsureAvailable(await db.Workspaces.Where(w => w.Id == workspaceId).Select(w => w.Plan).SingleAsync(cancellationToken).ConfigureAwait(false));
        if (!hook.Enabled)
            throw new DomainRuleException(string.Empty, "The hook is disabled; enable it before replaying its deliveries.");
        var now = clock.GetUtcNow();
        delivery.Replay(now);
        db.Audit(actor, new AuditRecord("dlp-hook.delivery-replayed", nameof(DlpHookDelivery), delivery.Id.ToString(), workspaceId, null, new { delivery.HookId, delivery.MessageId, delivery.EventType }), now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ChangeHookAsync(
        AuditActor actor, Guid workspaceId, Guid hookId, string action, Action<DlpHook, DateTimeOffset> change, CancellationToken cancellationToken, string? cancelPending = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var hook = await FindAsync(db, workspaceId, hookId, cancellationToken).ConfigureAwait(false);
        var before = Snapshot(hook);
        var now = clock.GetUtcNow();
        change(hook, now);
        if (cancelPending is not null)
        {
            foreach (var pending in await db.DlpHookDeliveries.Where(d => d.HookId == hookId && d.Status == DlpHookDeliveryStatus.Pending).ToListAsync(cancellationToken).ConfigureAwait(false))
                pending.Cancel(cancelPending);
        }

        db.Audit(actor, new AuditRecord(action, nameof(DlpHook), hook.Id.ToString(), workspaceId, before, Snapshot(hook)), now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<Model.Workspaces.Plan> PlanAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Workspaces.Where(w => w.Id == workspaceId).Select(w => (Model.Workspaces.Plan?)w.Plan).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new DomainRuleException(string.Empty, "The workspace does not exist.");
    }

    /// <summary>The hook, only if it belongs to the workspace: a hook of another workspace does not exist for this caller.</summary>
    private static async Task<DlpHook> FindAsync(ConsoleDbContext db, Guid workspaceId, Guid hookId, CancellationToken cancellationToken) =>
        await db.DlpHooks.SingleOrDefaultAsync(h => h.Id == hookId && h.WorkspaceId == workspaceId, cancellationToken).ConfigureAwait(false)
            ?? throw new DomainRuleException(string.Empty, "The DLP hook does not exist.");

    /// <summary>Refused at save time, naming the rule, rather than at every delivery after it.</summary>
    private void EnsureReachable(string url)
    {
        if (addresses.ProblemWith(new Uri(url)) is { } problem)
            throw new DomainRuleException(nameof(DlpHook.Url), problem);
    }

    private bool PlainHttpAllowed(string? url) => Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) && addresses.PermitsPlainHttp(uri);

    /// <summary>What the audit log keeps of a hook: never a secret, sealed or not; only when the old one stops signing.</summary>
    private static object Snapshot(DlpHook h) => new { h.Name, h.Url, Events = h.EventList, h.Enabled, h.DisabledReason, h.PreviousSecretExpiresAt };
}
