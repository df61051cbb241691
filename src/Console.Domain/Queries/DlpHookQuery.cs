using AdminConsole.Domain.Model.Dlp.Hooks;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Queries;

public sealed record DlpHookRow(
    Guid Id, string Name, string Url, IReadOnlyList<string> Events, bool Enabled, DateTimeOffset? DisabledAt, string? DisabledReason,
    DateTimeOffset? PreviousSecretExpiresAt, DateTimeOffset CreatedAt, string CreatedBy, int Pending, int DeadLettered);

public sealed record DlpHookDeliveryRow(
    Guid Id, Guid HookId, string MessageId, string EventType, DlpHookDeliveryStatus Status, int Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt, DateTimeOffset? LastAttemptAt, int? LastStatusCode, string? LastError, DateTimeOffset? DeliveredAt);

/// <summary>A workspace's DLP hooks, their deliveries and its dead letters; paged in SQL, never a secret or body.</summary>
public static class DlpHookQuery
{
    public static async Task<IReadOnlyList<DlpHookRow>> HooksAsync(ConsoleDbContext db, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var hooks = await db.DlpHooks.AsNoTracking().Where(h => h.WorkspaceId == workspaceId).OrderBy(h => h.Name).ThenBy(h => h.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var counts = await db.DlpHookDeliveries.AsNoTracking()
            .Where(d => d.WorkspaceId == workspaceId && (d.Status == DlpHookDeliveryStatus.Pending || d.Status == DlpHookDeliveryStatus.DeadLettered))
            .GroupBy(d => new { d.HookId, d.Status })
            .Select(g => new { g.Key.HookId, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        int Count(Guid hookId, DlpHookDeliveryStatus status) => counts.Where(c => c.HookId == hookId && c.Status == status).Sum(c => c.Count);
        return hooks.Select(h => new DlpHookRow(
            h.Id, h.Name, h.Url, h.EventList, h.Enabled, h.DisabledAt, h.DisabledReason, h.PreviousSecretExpiresAt, h.CreatedAt, h.CreatedBy,
            Count(h.Id, DlpHookDeliveryStatus.Pending), Count(h.Id, DlpHookDeliveryStatus.DeadLettered))).ToList();
    }

    /// <summary>One page of a hook's deliveries, newest first, optionally of one status; empty for a hook of another workspace.</summary>
    public static Task<(IReadOnlyList<DlpHookDeliveryRow> Rows, int Total)> DeliveriesAsync(
        ConsoleDbContext db, Guid workspaceId, Guid hookId, DlpHookDeliveryStatus? status, int skip, int take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = db.DlpHookDeliveries.AsNoTracking().Where(d => d.WorkspaceId == workspaceId && d.HookId == hookId);
        if (status is { } wanted)
            query = query.Where(d => d.Status == wanted);
        return PageAsync(query, skip, take, cancellationToken);
    }

    /// <summary>One page of the workspace's dead letters, newest first: what can be replayed.</summary>
    public static Task<(IReadOnlyList<DlpHookDeliveryRow> Rows, int Total)> DeadLettersAsync(
        ConsoleDbContext db, Guid workspaceId, int skip, int take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return PageAsync(db.DlpHookDeliveries.AsNoTracking().Where(d => d.WorkspaceId == workspaceId && d.Status == DlpHookDeliveryStatus.DeadLettered), skip, take, cancellationToken);
    }

    private static async Task<(IReadOnlyList<DlpHookDeliveryRow> Rows, int Total)> PageAsync(
        IQueryable<DlpHookDelivery> query, int skip, int take, CancellationToken cancellationToken)
    {
        var total = await query.CountAsync(cancellationToken).ConfigureAwait(false);
        var rows = await query.OrderByDescending(d => d.CreatedAt).ThenBy(d => d.Id).Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 500))
            .Select(d => new DlpHookDeliveryRow(d.Id, d.HookId, d.MessageId, d.EventType, d.Status, d.Attempts, d.CreatedAt, d.NextAttemptAt, d.LastAttemptAt, d.LastStatusCode, d.LastError, d.DeliveredAt))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return (rows, total);
    }
}
