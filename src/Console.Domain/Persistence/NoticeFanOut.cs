using AdminConsole.Domain.Model.Subprocessors;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace AdminConsole.Domain.Persistence;

/// <summary>
/// Queues a notice for every confirmed subscriber in one INSERT … SELECT, inside the caller's transaction: the
/// notice and its deliveries are saved together, for 10 subscribers or 100,000, without loading any of them.
/// </summary>
internal static class NoticeFanOut
{
    public static async Task<int> QueueDeliveriesAsync(ConsoleDbContext db, Notice notice, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Deliveries are queued in the notice's own transaction.");
        var deliveries = db.Model.FindEntityType(typeof(NoticeDelivery))!;
        var subscriptions = db.Model.FindEntityType(typeof(Subscription))!;
        using var command = db.Database.GetDbConnection().CreateCommand();
        var parameters = new[]
        {
            Parameter(command, deliveries, nameof(NoticeDelivery.NoticeId), "notice", notice.Id),
            Parameter(command, deliveries, nameof(NoticeDelivery.Status), "queued", DeliveryStatus.Queued),
            Parameter(command, deliveries, nameof(NoticeDelivery.QueuedAt), "now", now),
            Parameter(command, subscriptions, nameof(Subscription.Status), "confirmed", SubscriptionStatus.Confirmed),
        };
        string D(string property) => Quote(deliveries.FindProperty(property)!.GetColumnName());
        string S(string property) => Quote(subscriptions.FindProperty(property)!.GetColumnName());
        var sql =
            $"INSERT INTO {Quote(deliveries.GetTableName()!)} ({D(nameof(NoticeDelivery.NoticeId))}, {D(nameof(NoticeDelivery.SubscriptionId))}, " +
            $"{D(nameof(NoticeDelivery.Status))}, {D(nameof(NoticeDelivery.Attempts))}, {D(nameof(NoticeDelivery.QueuedAt))}, {D(nameof(NoticeDelivery.DueAt))}) " +
            $"SELECT @notice, {S(nameof(Subscription.Id))}, @queued, 0, @now, @now FROM {Quote(subscriptions.GetTableName()!)} WHERE {S(nameof(Subscription.Status))} = @confirmed";
        var count = await db.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken).ConfigureAwait(false);
        await db.Notices.Where(n => n.Id == notice.Id).ExecuteUpdateAsync(u => u.SetProperty(n => n.Recipients, count), cancellationToken).ConfigureAwait(false);
        if (count == 0)
            await db.Notices.Where(n => n.Id == notice.Id).ExecuteUpdateAsync(u => u.SetProperty(n => n.DeliveryFinishedAt, now), cancellationToken).ConfigureAwait(false);
        return count;
    }

    /// <summary>A parameter converted the way the column stores it (enums as text, times as numbers on SQLite).</summary>
    private static System.Data.Common.DbParameter Parameter(System.Data.Common.DbCommand command, IEntityType entity, string property, string name, object value)
    {
        var mapping = (RelationalTypeMapping)entity.FindProperty(property)!.GetTypeMapping();
        return mapping.CreateParameter(command, name, value, nullable: false);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
