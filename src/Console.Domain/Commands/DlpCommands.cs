using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Dlp;
using AdminConsole.Domain.Model.Dlp.Hooks;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Commands;

/// <summary>
/// A workspace's DLP detectors (built-in ones on or off, custom patterns) and the handling of its alerts, each saved
/// with its audit entry. Every command names the workspace, and what it changes must belong to that workspace. Who
/// may do it is the caller's check.
/// </summary>
public sealed class DlpCommands(IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider clock)
{
    public const string DetectorsChanged = "dlp-detectors.changed";
    public const string AlertAcknowledged = "dlp-alert.acknowledged";
    public const string AlertResolved = "dlp-alert.resolved";

    /// <summary>Turns a built-in detector on or off; false when it already was so (nothing is written).</summary>
    public Task<bool> TurnDetectorAsync(AuditActor actor, Guid workspaceId, string? detectorId, bool on, CancellationToken cancellationToken = default) =>
        ChangeSettingsAsync(actor, workspaceId, (s, now) => s.Turn(detectorId, on, actor.Name, now), cancellationToken);

    /// <summary>Adds a custom detector after checking its pattern and trying it on the sample, which must match.</summary>
    public async Task<Guid> AddCustomDetectorAsync(
        AuditActor actor, Guid workspaceId, string? name, string? pattern, DlpSeverity severity, string? sample, CancellationToken cancellationToken = default)
    {
        Guid id = Guid.Empty;
        await ChangeSettingsAsync(actor, workspaceId, (s, now) =>
        {
            id = s.AddCustom(name, pattern, severity, sample, actor.Name, now).Id;
            return true;
        }, cancellationToken).ConfigureAwait(false);
        return id;
    }

    public Task RemoveCustomDetectorAsync(AuditActor actor, Guid workspaceId, Guid detectorId, CancellationToken cancellationToken = default) =>
        ChangeSettingsAsync(actor, workspaceId, (s, now) =>
        {
            s.RemoveCustom(detectorId, actor.Name, now);
            return true;
        }, cancellationToken);

    public Task AcknowledgeAsync(AuditActor actor, Guid workspaceId, Guid alertId, string? note, CancellationToken cancellationToken = default) =>
        ChangeAlertAsync(actor, workspaceId, alertId, AlertAcknowledged, (a, now) => a.Acknowledge(actor.Name, note, now), cancellationToken);

    public Task ResolveAsync(AuditActor actor, Guid workspaceId, Guid alertId, string? note, CancellationToken cancellationToken = default) =>
        ChangeAlertAsync(actor, workspaceId, alertId, AlertResolved, (a, now) => a.Resolve(actor.Name, note, now), cancellationToken);

    private async Task<bool> ChangeSettingsAsync(
        AuditActor actor, Guid workspaceId, Func<WorkspaceDlpSettings, DateTimeOffset, bool> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var status = await db.Workspaces.AsNoTracking().Where(w => w.Id == workspaceId).Select(w => (WorkspaceStatus?)w.Status)
            .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new DomainRuleException(nameof(Workspace), "The workspace does not exist.");
        if (status != WorkspaceStatus.Active)
            throw new DomainRuleException(nameof(Workspace), "The workspace is deleted: its DLP detectors can no longer be changed.");

        var now = clock.GetUtcNow();
        var settings = await db.DlpSettings.Include(s => s.CustomDetectors).SingleOrDefaultAsync(s => s.WorkspaceId == workspaceId, cancellationToken).ConfigureAwait(false);
        var isNew = settings is null;
        settings ??= WorkspaceDlpSettings.Defaults(workspaceId, now);
        var before = Snapshot(settings);
        if (!change(settings, now))
            return false;
        if (isNew)
            db.DlpSettings.Add(settings);
        db.Audit(actor, new AuditRecord(DetectorsChanged, nameof(WorkspaceDlpSettings), workspaceId.ToString(), workspaceId, before, Snapshot(settings)), now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task ChangeAlertAsync(
        AuditActor actor, Guid workspaceId, Guid alertId, string action, Action<DlpAlert, DateTimeOffset> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var alert = await db.DlpAlerts.SingleOrDefaultAsync(a => a.Id == alertId && a.WorkspaceId == workspaceId, cancellationToken).ConfigureAwait(false)
            ?? throw new DomainRuleException("alert", "The alert does not exist.");
        var before = new { Status = alert.Status.ToString(), Note = alert.StatusNote };
        var now = clock.GetUtcNow();
        change(alert, now);
        db.Audit(actor, new AuditRecord(action, nameof(DlpAlert), alert.Id.ToString(), workspaceId, before, new { Status = alert.Status.ToString(), Note = alert.StatusNote }), now);
        if (alert.Status == DlpAlertStatus.Resolved)
            await DlpHookOutbox.EnqueueAsync(db, workspaceId, DlpHookEvents.AlertResolved, DlpAlerts.Subject(alert), DlpAlerts.Event(alert), now, cancellationToken).ConfigureAwait(false);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The audit entry names detectors and patterns; patterns are the workspace's own rules, not matched content.</summary>
    private static object Snapshot(WorkspaceDlpSettings s) => new
    {
        Off = s.DisabledIds.Order(StringComparer.Ordinal).ToList(),
        Custom = s.CustomDetectors.Select(d => new { d.Name, d.Pattern, Severity = d.Severity.ToString() }).ToList(),
    };
}
