using AdminConsole.Domain.Access;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Dlp;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.UseCases;

/// <summary>A workspace as its DLP pages show it: its name, whether it is active, whether the reader may act, and the detectors its alerts name.</summary>
public sealed record DlpWorkspaceView(string Name, bool Active, bool CanManage, IReadOnlyList<(string Id, string Name)> DetectorsSeen)
{
    public bool ReadOnly => !CanManage || !Active;
}

/// <summary>
/// A workspace's DLP alerts and detectors. Readers are those of the workspace's AI settings (admins, officers and auditors
/// everywhere, workspace admins in their own); admins and the workspace's own admins acknowledge and resolve alerts and
/// change detectors. Another workspace's DLP reads exactly like a workspace that does not exist. Alerts keep a redacted
/// excerpt only: the matched value is never stored, so no use case can return it.
/// </summary>
public sealed class DlpUseCases(IDbContextFactory<ConsoleDbContext> dbFactory, DlpCommands commands, TimeProvider clock)
{
    public const string ToField = "To";

    private const string MayNotRead = "Your role may not read DLP alerts.";
    private const string MayNotManage = "Only administrators and the workspace's own admins act on DLP alerts and detectors.";

    public async Task<Outcome<DlpWorkspaceView>> WorkspaceAsync(CurrentUser user, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (await UseCase.RequireAiSettingsReaderAsync(db, user, workspaceId, MayNotRead, cancellationToken).ConfigureAwait(false) is { } refused)
            return refused.As<DlpWorkspaceView>();
        var workspace = await db.Workspaces.AsNoTracking().Where(w => w.Id == workspaceId).Select(w => new { w.Name, w.Status }).SingleAsync(cancellationToken).ConfigureAwait(false);
        var canManage = user.Satisfies(Policies.ManageAiSettings) && await db.CanManageAiSettingsAsync(user, workspaceId, cancellationToken).ConfigureAwait(false);
        var seen = await DlpAlertQuery.DetectorsSeenAsync(db, workspaceId, cancellationToken).ConfigureAwait(false);
        return Outcome.Done(new DlpWorkspaceView(workspace.Name, workspace.Status == WorkspaceStatus.Active, canManage, seen));
    }

    /// <summary>A page of the alerts the filter selects, newest first; a period that ends before it starts is refused.</summary>
    public async Task<Outcome<(IReadOnlyList<DlpAlertRow> Rows, int Total)>> AlertsAsync(CurrentUser user, Guid workspaceId, DlpAlertFilter filter, int skip, int take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (await ReadAsync(db, user, workspaceId, filter, cancellationToken).ConfigureAwait(false) is { } refused)
            return refused.As<(IReadOnlyList<DlpAlertRow>, int)>();
        return Outcome.Done(await DlpAlertQuery.PageAsync(db, workspaceId, filter, skip, take, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The alerts per day and detector over the last <paramref name="days"/> days, for the chart.</summary>
    public async Task<Outcome<IReadOnlyList<DlpAlertDay>>> PerDayAsync(CurrentUser user, Guid workspaceId, DlpAlertFilter filter, int days, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (await ReadAsync(db, user, workspaceId, filter, cancellationToken).ConfigureAwait(false) is { } refused)
            return refused.As<IReadOnlyList<DlpAlertDay>>();
        return Outcome.Done(await DlpAlertQuery.PerDayAsync(db, workspaceId, filter, clock.GetUtcNow(), Math.Clamp(days, 1, 366), cancellationToken).ConfigureAwait(false));
    }

    public Task<Outcome> AcknowledgeAsync(CurrentUser user, Guid workspaceId, Guid alertId, string? note, CancellationToken cancellationToken = default) =>
        ManageAsync(user, workspaceId, () => commands.AcknowledgeAsync(user.Actor, workspaceId, alertId, note, cancellationToken), "Alert acknowledged", cancellationToken);

    /// <summary>Resolves an alert; the note (how it was dealt with) is the model's requirement.</summary>
    public Task<Outcome> ResolveAsync(CurrentUser user, Guid workspaceId, Guid alertId, string? note, CancellationToken cancellationToken = default) =>
        ManageAsync(user, workspaceId, () => commands.ResolveAsync(user.Actor, workspaceId, alertId, note, cancellationToken), "Alert resolved", cancellationToken);

    /// <summary>The workspace's detector settings (the defaults when never changed).</summary>
    public async Task<Outcome<WorkspaceDlpSettings>> DetectorsAsync(CurrentUser user, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (await ReadAsync(db, user, workspaceId, new DlpAlertFilter(), cancellationToken).ConfigureAwait(false) is { } refused)
            return refused.As<WorkspaceDlpSettings>();
        return Outcome.Done(await db.DlpSettings.AsNoTracking().Include(s => s.CustomDetectors).SingleOrDefaultAsync(s => s.WorkspaceId == workspaceId, cancellationToken).ConfigureAwait(false)
            ?? WorkspaceDlpSettings.Defaults(workspaceId, DateTimeOffset.UnixEpoch));
    }

    public Task<Outcome> TurnDetectorAsync(CurrentUser user, Guid workspaceId, string? detectorId, bool on, CancellationToken cancellationToken = default) =>
        ManageAsync(user, workspaceId, () => commands.TurnDetectorAsync(user.Actor, workspaceId, detectorId, on, cancellationToken), on ? "Detector turned on" : "Detector turned off", cancellationToken);

    /// <summary>Adds a custom pattern, tried on a sample it must match (the model's rules, each naming its field).</summary>
    public Task<Outcome> AddCustomDetectorAsync(CurrentUser user, Guid workspaceId, string? name, string? pattern, DlpSeverity severity, string? sample, CancellationToken cancellationToken = default) =>
        ManageAsync(user, workspaceId, () => commands.AddCustomDetectorAsync(user.Actor, workspaceId, name, pattern, severity, sample, cancellationToken), "Custom detector added", cancellationToken);

    public Task<Outcome> RemoveCustomDetectorAsync(CurrentUser user, Guid workspaceId, Guid detectorId, CancellationToken cancellationToken = default) =>
        ManageAsync(user, workspaceId, () => commands.RemoveCustomDetectorAsync(user.Actor, workspaceId, detectorId, cancellationToken), "Custom detector removed", cancellationToken);

    private static async Task<Outcome?> ReadAsync(ConsoleDbContext db, CurrentUser user, Guid workspaceId, DlpAlertFilter filter, CancellationToken cancellationToken)
    {
        if (await UseCase.RequireAiSettingsReaderAsync(db, user, workspaceId, MayNotRead, cancellationToken).ConfigureAwait(false) is { } refused)
            return refused;
        return filter.From is { } from && filter.Until is { } until && until <= from ? Outcome.Refused(ToField, "'To' must be after 'From'.") : null;
    }

    private async Task<Outcome> ManageAsync(CurrentUser user, Guid workspaceId, Func<Task> change, string done, CancellationToken cancellationToken) =>
        await UseCase.RequireAiSettingsManagerAsync(dbFactory, user, workspaceId, MayNotManage, cancellationToken).ConfigureAwait(false)
            ?? await UseCase.RunAsync(change, done).ConfigureAwait(false);
}
