using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using NpgsqlTypes;

namespace AdminConsole.TestSupport;

/// <summary>
/// The history of a console that has run for years: a valid audit chain of many entries written in bulk (not through
/// EF; every hash computed as the console computes it), with the chain head moved to its last entry. The console's own
/// writer chains on from there, so what a test does next gets entry numbers in the millions and the log still verifies.
/// </summary>
public static class AuditLogHistory
{
    private static readonly string[] ParameterNames = ["$s", "$at", "$aid", "$an", "$ar", "$act", "$tt", "$tid", "$ph", "$h"];

    private static readonly AuditActor Importer = new("00000000-0000-4000-8000-0000000000aa", "History import", "Console.Admin", null);

    /// <summary>Writes entries #1 to #<paramref name="count"/>, one a second from <paramref name="start"/>.</summary>
    public static async Task WriteAsync(TestDatabase database, long count, DateTimeOffset start)
    {
        ArgumentNullException.ThrowIfNull(database);
        var previous = AuditEntry.GenesisHash;
        IEnumerable<AuditEntry> Entries()
        {
            for (var i = 1L; i <= count; i++)
            {
                var entry = AuditEntry.Create(i, start.AddSeconds(i), Importer, new AuditRecord("history.imported", "Import", "1", null, null, null), null, null, previous);
                previous = entry.Hash;
                yield return entry;
            }
        }

        if (database.Provider == DatabaseProvider.Sqlite)
            WriteSqlite(database, Entries());
        else
            await WritePostgresAsync(database, Entries());

        await using var db = database.CreateContext();
        await db.Database.ExecuteSqlRawAsync("UPDATE audit_chain_head SET \"Sequence\" = {0}, \"Hash\" = {1} WHERE \"Id\" = 1", [count, previous]);
    }

    private static void WriteSqlite(TestDatabase database, IEnumerable<AuditEntry> entries)
    {
        using var connection = new SqliteConnection(database.ConnectionString);
        connection.Open();
        var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO audit_entries ("Sequence","At","ActorId","ActorName","ActorRole","SourceIp","WorkspaceId","Action","TargetType","TargetId","Before","After","PreviousHash","Hash")
            VALUES ($s,$at,$aid,$an,$ar,NULL,NULL,$act,$tt,$tid,NULL,NULL,$ph,$h)
            """;
        var parameters = ParameterNames.Select(n => command.Parameters.Add(new SqliteParameter { ParameterName = n })).ToArray();
        command.Prepare();
        var converter = new DateTimeOffsetToBinaryConverter();
        var written = 0;
        foreach (var e in entries)
        {
            object?[] values = [e.Sequence, converter.ConvertToProvider(e.At), e.ActorId, e.ActorName, e.ActorRole, e.Action, e.TargetType, e.TargetId, e.PreviousHash, e.Hash];
            for (var i = 0; i < values.Length; i++)
                parameters[i].Value = values[i];
            command.ExecuteNonQuery();
            if (++written % 100_000 == 0)
            {
                transaction.Commit();
                transaction.Dispose();
                transaction = connection.BeginTransaction();
                command.Transaction = transaction;
            }
        }

        transaction.Commit();
        transaction.Dispose();
    }

    private static async Task WritePostgresAsync(TestDatabase database, IEnumerable<AuditEntry> entries)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var import = await connection.BeginBinaryImportAsync(
            "COPY audit_entries (\"Sequence\",\"At\",\"ActorId\",\"ActorName\",\"ActorRole\",\"Action\",\"TargetType\",\"TargetId\",\"PreviousHash\",\"Hash\") FROM STDIN (FORMAT BINARY)");
        foreach (var e in entries)
        {
            await import.StartRowAsync();
            await import.WriteAsync(e.Sequence, NpgsqlDbType.Bigint);
            await import.WriteAsync(e.At, NpgsqlDbType.TimestampTz);
            await import.WriteAsync(e.ActorId, NpgsqlDbType.Varchar);
            await import.WriteAsync(e.ActorName, NpgsqlDbType.Varchar);
            await import.WriteAsync(e.ActorRole, NpgsqlDbType.Varchar);
            await import.WriteAsync(e.Action, NpgsqlDbType.Varchar);
            await import.WriteAsync(e.TargetType, NpgsqlDbType.Varchar);
            await import.WriteAsync(e.TargetId, NpgsqlDbType.Varchar);
            await import.WriteAsync(e.PreviousHash, NpgsqlDbType.Char);
            await import.WriteAsync(e.Hash, NpgsqlDbType.Char);
        }

        await import.CompleteAsync();
    }
}
