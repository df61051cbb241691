using System.Text.Json;
using AdminConsole.Domain.Model.Audit;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Persistence;

/// <summary>Chains pending audit records onto the log inside the caller's transaction.</summary>
internal static class AuditChainWriter
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public static async Task<List<AuditEntry>> AppendAsync(ConsoleDbContext db, IReadOnlyList<ConsoleDbContext.PendingAudit> pending, CancellationToken cancellationToken)
    {
        // A write to the head row first: on PostgreSQL it locks the row, on SQLite it takes the write lock,
        // so concurrent writers queue here instead of forking the chain. RETURNING reads it in the same trip.
        var head = (await db.AuditChainHeads
            .FromSqlRaw("UPDATE audit_chain_head SET \"Sequence\" = \"Sequence\" WHERE \"Id\" = {0} RETURNING *", AuditChainHead.SingletonId)
            .AsNoTracking()
            .ToListAsync(cancellationToken).ConfigureAwait(false)).Single();

        // Tracked only for this save (the context detaches it afterwards), so the next save reads it afresh.
        db.AuditChainHeads.Attach(head);

        var sequence = head.Sequence;
        var previous = head.Hash;
        var entries = new List<AuditEntry>(pending.Count);
        foreach (var item in pending)
        {
            var entry = AuditEntry.Create(
                ++sequence, item.At, item.Actor, item.Record, Serialize(item.Record.Before), Serialize(item.Record.After), previous);
            db.AuditEntries.Add(entry);
            entries.Add(entry);
            previous = entry.Hash;
        }

        // Saved in the same batch as the entries and the change itself.
        head.Advance(entries[^1]);
        return entries;
    }

    private static string? Serialize(object? snapshot) => snapshot is null ? null : JsonSerializer.Serialize(snapshot, snapshot.GetType(), Json);
}
