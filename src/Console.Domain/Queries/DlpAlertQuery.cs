using AdminConsole.Domain.Model.Dlp;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Queries;

/// <summary>What the alerts list is narrowed to; null for any. <see cref="From"/> is inclusive, <see cref="Until"/> exclusive.</summary>
public sealed record DlpAlertFilter(
    string? DetectorId = null, DlpSeverity? Severity = null, DlpSource? Source = null, DlpAlertStatus? Status = null, DateTimeOffset? From = null, DateTimeOffset? Until = null);

public sealed record DlpAlertRow(
    Guid Id, DateTimeOffset DetectedAt, string DetectorId, string DetectorName, DlpSeverity Severity, DlpSource Source, long SourceId, Guid? UserObjectId,
    int Position, int Length, string Excerpt, DlpAlertStatus Status, string? StatusNote, DateTimeOffset? StatusChangedAt, string? StatusChangedBy);

/// <summary>Alerts of one detector on one day, for the chart.</summary>
public sealed record DlpAlertDay(DateOnly Day, string DetectorName, int Count);

/// <summary>A workspace's DLP alerts: paged and filtered in SQL, newest first (the (workspace, detected at) index).</summary>
public static class DlpAlertQuery
{
    public const int MaxTake = 200;

    /// <summary>The chart covers at most this many days, so the rows it reads stay bounded by the period.</summary>
    public const int MaxChartDays = 90;

    public static async Task<(IReadOnlyList<DlpAlertRow> Rows, int Total)> PageAsync(
        ConsoleDbContext db, Guid workspaceId, DlpAlertFilter filter, int skip, int take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        var query = Filtered(db, workspaceId, filter);
        var total = await query.CountAsync(cancellationToken).ConfigureAwait(false);
        var rows = await query.OrderByDescending(a => a.DetectedAt).ThenBy(a => a.Id)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, MaxTake))
            .Select(a => new DlpAlertRow(
                a.Id, a.DetectedAt, a.DetectorId, a.DetectorName, a.Severity, a.Source, a.SourceId, a.UserObjectId, a.Position, a.Length, a.Excerpt,
                a.Status, a.StatusNote, a.StatusChangedAt, a.StatusChangedBy))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return (rows, total);
    }

    /// <summary>The detectors that raised alerts in the workspace, for the filter: id and name.</summary>
    public static async Task<IReadOnlyList<(string Id, string Name)>> DetectorsSeenAsync(ConsoleDbContext db, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var seen = await db.DlpAlerts.AsNoTracking().Where(a => a.WorkspaceId == workspaceId)
            .Select(a => new { a.DetectorId, a.DetectorName }).Distinct()
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. seen.Select(s => (s.DetectorId, s.DetectorName)).DistinctBy(s => s.DetectorId).OrderBy(s => s.DetectorName, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>
    /// Alerts per UTC day and detector over the <paramref name="days"/> days up to <paramref name="now"/>: grouped by
    /// detector and time in SQL, then folded into days here (SQLite has no date type to group by).
    /// </summary>
    public static async Task<IReadOnlyList<DlpAlertDay>> PerDayAsync(ConsoleDbContext db, Guid workspaceId, DlpAlertFilter filter, DateTimeOffset now, int days, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        days = Math.Clamp(days, 1, MaxChartDays);
        var firstDay = DateOnly.FromDateTime(now.UtcDateTime).AddDays(1 - days);
        var from = new DateTimeOffset(firstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var rows = await Filtered(db, workspaceId, filter with { From = filter.From is { } f && f > from ? f : from })
            .Select(a => new { a.DetectedAt, a.DetectorName })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows
            .GroupBy(r => (Day: DateOnly.FromDateTime(r.DetectedAt.UtcDateTime), r.DetectorName))
            .Select(g => new DlpAlertDay(g.Key.Day, g.Key.DetectorName, g.Count()))
            .OrderBy(d => d.Day).ThenBy(d => d.DetectorName, StringComparer.OrdinalIgnoreCase)];
    }

    private static IQueryable<DlpAlert> Filtered(ConsoleDbContext db, Guid workspaceId, DlpAlertFilter filter)
    {
        var query = db.DlpAlerts.AsNoTracking().Where(a => a.WorkspaceId == workspaceId);
        if (!string.IsNullOrEmpty(filter.DetectorId))
            query = query.Where(a => a.DetectorId == filter.DetectorId);
        if (filter.Severity is { } severity)
            query = query.Where(a => a.Severity == severity);
        if (filter.Source is { } source)
            query = query.Where(a => a.Source == source);
        if (filter.Status is { } status)
            query = query.Where(a => a.Status == status);
        if (filter.From is { } from)
            query = query.Where(a => a.DetectedAt >= from);
        if (filter.Until is { } until)
            query = query.Where(a => a.DetectedAt < until);
        return query;
    }
}
