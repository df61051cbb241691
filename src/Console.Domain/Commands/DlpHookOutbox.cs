using AdminConsole.Domain.Model.Dlp.Hooks;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Commands;

/// <summary>
/// Queues DLP events for the workspace's hooks inside the caller's own unit of work: the deliveries are added to
/// <c>db</c> and saved by the caller's <c>SaveChangesAsync</c>, with the change they report, or not at all.
/// </summary>
public static class DlpHookOutbox
{
    /// <summary>
    /// One delivery per enabled hook of the workspace subscribed to <paramref name="eventType"/>; none when the
    /// workspace is not on the Enterprise plan. <paramref name="data"/> is serialized as the CloudEvents <c>data</c>
    /// now, once: it must hold nothing a partner may not see (alerts carry redacted excerpts only).
    /// </summary>
    /// <returns>How many deliveries were queued.</returns>
    public static Task<int> EnqueueAsync(
        ConsoleDbContext db, Guid workspaceId, string eventType, string? subject, object data, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return EnqueueAsync(db, workspaceId, eventType, [(subject, data)], now, cancellationToken);
    }

    /// <summary>Several events of one type at once: the plan and the hooks are read once for all of them.</summary>
    /// <returns>How many deliveries were queued.</returns>
    public static async Task<int> EnqueueAsync(
        ConsoleDbContext db, Guid workspaceId, string eventType, IReadOnlyCollection<(string? Subject, object Data)> events, DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(events);
        if (!DlpHookEvents.IsKnown(eventType))
            throw new ArgumentException($"'{eventType}' is not a DLP hook event.", nameof(eventType));
        if (events.Count == 0)
            return 0;
        var plan = await db.Workspaces.Where(w => w.Id == workspaceId).Select(w => (Plan?)w.Plan).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (plan is not { } known || DlpHook.WhyUnavailable(known) is not null)
            return 0;
        var hooks = await db.DlpHooks.AsNoTracking().Where(h => h.WorkspaceId == workspaceId && h.Enabled).ToListAsync(cancellationToken).ConfigureAwait(false);
        var queued = 0;
        foreach (var hook in hooks.Where(h => h.IsSubscribedTo(eventType)))
        {
            foreach (var (subject, data) in events)
            {
                ArgumentNullException.ThrowIfNull(data);
                db.DlpHookDeliveries.Add(DlpHookDelivery.Create(hook, eventType, subject, data, now));
                queued++;
            }
        }

        return queued;
    }
}
