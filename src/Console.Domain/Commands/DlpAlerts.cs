using AdminConsole.Domain.Model.Dlp;
using AdminConsole.Domain.Model.Dlp.Hooks;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Commands;

/// <summary>The findings in one piece of reported content, a prompt log or an AI output, by id.</summary>
public sealed record DlpScannedContent(DlpSource Source, long SourceId, Guid? UserObjectId, IReadOnlyList<DlpFinding> Findings);

/// <summary>
/// Adds an alert per finding in reported content to the caller's unit of work, so the content (kept redacted, see
/// <see cref="Model.Lifecycle.IScannedRecord"/>) and its alerts are saved together or not at all. Only the finding's
/// redacted excerpt goes into the alert.
/// </summary>
public static class DlpAlerts
{
    /// <summary>The workspace's detectors: every built-in one unless turned off, and its custom ones.</summary>
    public static async Task<DlpScanOptions> OptionsAsync(ConsoleDbContext db, Guid workspaceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var settings = await db.DlpSettings.AsNoTracking().Include(s => s.CustomDetectors)
            .SingleOrDefaultAsync(s => s.WorkspaceId == workspaceId, cancellationToken).ConfigureAwait(false);
        return (settings ?? WorkspaceDlpSettings.Defaults(workspaceId, DateTimeOffset.UnixEpoch)).ScanOptions();
    }

    /// <summary>
    /// Adds an alert per finding, with one <c>dlp.alert.created</c> delivery per alert to each of the workspace's DLP
    /// hooks (Enterprise only), queued together; the alerts added.
    /// </summary>
    public static async Task<IReadOnlyList<DlpAlert>> RaiseAsync(
        ConsoleDbContext db, Guid workspaceId, IEnumerable<DlpScannedContent> contents, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(contents);
        var alerts = contents
            .SelectMany(c => c.Findings.Select(f => DlpAlert.Raise(workspaceId, c.UserObjectId, c.Source, c.SourceId, f, NameOf(f.DetectorId), now)))
            .ToList();
        if (alerts.Count == 0)
            return [];
        db.DlpAlerts.AddRange(alerts);
        await DlpHookOutbox.EnqueueAsync(db, workspaceId, DlpHookEvents.AlertCreated, [.. alerts.Select(a => ((string?)Subject(a), Event(a)))], now, cancellationToken).ConfigureAwait(false);
        return alerts;
    }

    /// <summary>The CloudEvents subject of an alert's events.</summary>
    public static string Subject(DlpAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return $"alerts/{alert.Id}";
    }

    /// <summary>What a DLP partner is told of an alert: where and what, with the redacted excerpt only.</summary>
    public static object Event(DlpAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return new
        {
            alertId = alert.Id,
            workspaceId = alert.WorkspaceId,
            detector = alert.DetectorId,
            detectorName = alert.DetectorName,
            severity = alert.Severity.ToString(),
            source = alert.Source.ToString(),
            sourceId = alert.SourceId,
            userObjectId = alert.UserObjectId,
            position = alert.Position,
            length = alert.Length,
            excerpt = alert.Excerpt,
            detectedAt = alert.DetectedAt,
            status = alert.Status.ToString(),
            statusNote = alert.StatusNote,
        };
    }

    private static string NameOf(string detectorId) =>
        DlpDetectors.Find(detectorId)?.Name
        ?? (detectorId.StartsWith(DlpDetector.CustomPrefix, StringComparison.Ordinal) ? detectorId[DlpDetector.CustomPrefix.Length..] : detectorId);
}
