using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.TestSupport;

/// <summary>
/// What an intruder holding the database's owner credentials (or the SQLite file) does to the audit log: switch the
/// append-only guard off, change rows, and recompute the chain as its published definition says.
/// </summary>
public static class AuditLogIntruder
{
    /// <summary>Runs <paramref name="sql"/> with the append-only guard switched off, as the table's owner can.</summary>
    public static async Task TamperAsync(TestDatabase database, string sql)
    {
        await using var db = database.CreateContext();
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER audit_entries_no_update");
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER audit_entries_no_delete");
            await db.Database.ExecuteSqlRawAsync(sql);
            return;
        }

        await db.Database.ExecuteSqlRawAsync("ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only");
        await db.Database.ExecuteSqlRawAsync(sql);
        await db.Database.ExecuteSqlRawAsync("ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only");
    }

    /// <summary>
    /// The intruder's rewrite: from <paramref name="sequence"/> on, every entry's hash is recomputed as the published
    /// definition says (tools/verify-audit-chain.mjs), each link to it too, and the chain head moved to the new last
    /// hash. Seals are left as they were: making new ones takes the key.
    /// </summary>
    public static async Task RewriteFromAsync(TestDatabase database, long sequence, string forgedAfter)
    {
        List<AuditEntry> entries;
        await using (var read = database.CreateContext())
            entries = await read.AuditEntries.AsNoTracking().Where(e => e.Sequence >= sequence - 1).OrderBy(e => e.Sequence).ToListAsync();
        var statements = new List<string>();
        var previous = entries[0].Hash;
        foreach (var entry in entries.Skip(1))
        {
            var after = entry.Sequence == sequence ? forgedAfter : entry.After;
            var hash = PublishedHash(entry, after, previous);
            statements.Add($"UPDATE audit_entries SET \"After\" = '{after!.Replace("'", "''", StringComparison.Ordinal)}', \"PreviousHash\" = '{previous}', \"Hash\" = '{hash}' WHERE \"Sequence\" = {entry.Sequence}");
            previous = hash;
        }

        statements.Add($"UPDATE audit_chain_head SET \"Hash\" = '{previous}'");
        // Braces doubled: the statements go through EF's raw SQL, which reads {n} as a parameter.
        await TamperAsync(database, string.Join(";\n", statements).Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal));
    }

    private static string PublishedHash(AuditEntry entry, string? after, string previousHash)
    {
        static string Field(string? value) => value is null ? "-1:" : $"{value.Length}:{value}";
        var text = string.Concat(
            Field(entry.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)), Field(entry.At.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Field(entry.ActorId), Field(entry.ActorName), Field(entry.ActorRole), Field(entry.SourceIp), Field(entry.WorkspaceId?.ToString("D")),
            Field(entry.Action), Field(entry.TargetType), Field(entry.TargetId), Field(entry.Before), Field(after), Field(previousHash));
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
    }
}
