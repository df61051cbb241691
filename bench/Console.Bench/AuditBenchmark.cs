using System.Diagnostics;
using AdminConsole.Domain.Audit;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace AdminConsole.Bench;

/// <summary>
/// Verify throughput over a 1,000,000-entry chain, and the cost of auditing a change: the same workspace
/// change saved with and without its audit entry, in the same run.
/// </summary>
internal static class AuditBenchmark
{
    private const int ChainLength = 1_000_000;
    private const int Changes = 2_000;

    public static async Task RunAsync()
    {
        var providers = new List<DatabaseProvider> { DatabaseProvider.Sqlite };
        if (Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable) is { Length: > 0 })
            providers.Add(DatabaseProvider.Postgres);

        Report.Section($"Audit log: verify a {ChainLength:N0}-entry chain");
        foreach (var provider in providers)
        {
            await using var database = await TestDatabase.CreateAsync(provider);
            await database.MigrateAsync();
            var seed = Stopwatch.StartNew();
            await SeedChainAsync(database, ChainLength);
            var seeded = seed.Elapsed;
            var runs = new List<double>();
            for (var i = 0; i < 3; i++)
            {
                await using var db = database.CreateContext();
                var result = await AuditLogVerifier.VerifyAsync(db);
                if (!result.Intact || result.EntriesChecked != ChainLength)
                    throw new InvalidOperationException($"verify failed: {result.Problem}");
                runs.Add(ChainLength / result.Elapsed.TotalSeconds);
            }

            Report.Line($"- {provider}: {Report.Median(runs):N0} entries/s (median of 3; min {runs.Min():N0}, max {runs.Max():N0}); chain written in {seeded.TotalSeconds:0} s by bulk insert");
        }

        Report.Section($"Audit log: cost of writing an entry ({Changes:N0} workspace renames, one save each)");
        foreach (var provider in providers)
        {
            await using var database = await TestDatabase.CreateAsync(provider);
            await database.MigrateAsync();
            var id = await CreateWorkspaceAsync(database);
            await RenameAsync(database, id, 100, audited: true);
            var without = await RenameAsync(database, id, Changes, audited: false);
            var with = await RenameAsync(database, id, Changes, audited: true);
            var without2 = await RenameAsync(database, id, Changes, audited: false);
            var baseline = (without + without2) / 2;
            Report.Line($"- {provider}: without auditing {baseline:N0} changes/s; with auditing {with:N0} changes/s — {with / baseline:P0} of the baseline");
        }
    }

    private static async Task<Guid> CreateWorkspaceAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        var workspace = Workspace.Create("Bench", Plan.Business, DataRegion.EU, DateTimeOffset.UtcNow);
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync();
        return workspace.Id;
    }

    private static async Task<double> RenameAsync(TestDatabase database, Guid id, int count, bool audited)
    {
        var actor = new AuditActor("00000000-0000-4000-8000-000000000001", "Bench Admin", "Console.Admin", "127.0.0.1");
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await using var db = database.CreateContext();
            var workspace = await db.Workspaces.SingleAsync(w => w.Id == id);
            var before = new { workspace.Name };
            var now = DateTimeOffset.UtcNow;
            workspace.Rename($"Bench {i} {audited}", now);
            if (audited)
                db.Audit(actor, new AuditRecord("workspace.updated", "Workspace", id.ToString(), id, before, new { workspace.Name }), now);
            await db.SaveChangesAsync();
        }

        return count / watch.Elapsed.TotalSeconds;
    }

    /// <summary>A valid chain written in bulk (not through EF), so a million entries take seconds to set up.</summary>
    private static async Task SeedChainAsync(TestDatabase database, int count)
    {
        var actor = new AuditActor("00000000-0000-4000-8000-000000000001", "Ada Admin", "Console.Admin", "10.1.2.3");
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var workspaces = Enumerable.Range(0, 50).Select(_ => Guid.NewGuid()).ToArray();
        var previous = AuditEntry.GenesisHash;
        IEnumerable<AuditEntry> Entries()
        {
            for (var i = 1; i <= count; i++)
            {
                var w = workspaces[i % workspaces.Length];
                var entry = AuditEntry.Create(i, start.AddSeconds(i), actor, new AuditRecord("workspace.updated", "Workspace", w.ToString(), w, null, null),
                    $"{{\"Name\":\"Before {i}\",\"Plan\":\"Business\"}}", $"{{\"Name\":\"After {i}\",\"Plan\":\"Business\"}}", previous);
                previous = entry.Hash;
                yield return entry;
            }
        }

        if (database.Provider == DatabaseProvider.Sqlite)
            await SeedSqliteAsync(database, Entries());
        else
            await SeedPostgresAsync(database, Entries());

        await using var db = database.CreateContext();
        await db.Database.ExecuteSqlRawAsync("UPDATE audit_chain_head SET \"Sequence\" = {0}, \"Hash\" = {1} WHERE \"Id\" = 1", [count, previous]);
    }

    private static async Task SeedSqliteAsync(TestDatabase database, IEnumerable<AuditEntry> entries)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO audit_entries ("Sequence","At","ActorId","ActorName","ActorRole","SourceIp","WorkspaceId","Action","TargetType","TargetId","Before","After","PreviousHash","Hash")
            VALUES ($s,$at,$aid,$an,$ar,$ip,$w,$act,$tt,$tid,$b,$a,$ph,$h)
            """;
        var names = new[] { "$s", "$at", "$aid", "$an", "$ar", "$ip", "$w", "$act", "$tt", "$tid", "$b", "$a", "$ph", "$h" };
        var parameters = names.Select(n => command.Parameters.Add(new SqliteParameter { ParameterName = n })).ToArray();
        var converter = new Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter();
        var written = 0;
        foreach (var e in entries)
        {
            object?[] values = [e.Sequence, converter.ConvertToProvider(e.At), e.ActorId, e.ActorName, e.ActorRole, e.SourceIp, e.WorkspaceId?.ToString().ToUpperInvariant(), e.Action, e.TargetType, e.TargetId, e.Before, e.After, e.PreviousHash, e.Hash];
            for (var i = 0; i < values.Length; i++)
                parameters[i].Value = values[i] ?? DBNull.Value;
            await command.ExecuteNonQueryAsync();
            if (++written % 100_000 == 0)
            {
                await transaction.CommitAsync();
                await transaction.DisposeAsync();
                transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
                command.Transaction = transaction;
            }
        }

        await transaction.CommitAsync();
        await transaction.DisposeAsync();
    }

    private static async Task SeedPostgresAsync(TestDatabase database, IEnumerable<AuditEntry> entries)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var import = await connection.BeginBinaryImportAsync(
            "COPY audit_entries (\"Sequence\",\"At\",\"ActorId\",\"ActorName\",\"ActorRole\",\"SourceIp\",\"WorkspaceId\",\"Action\",\"TargetType\",\"TargetId\",\"Before\",\"After\",\"PreviousHash\",\"Hash\") FROM STDIN (FORMAT BINARY)");
        foreach (var e in entries)
        {
            await import.StartRowAsync();
            await import.WriteAsync(e.Sequence, NpgsqlDbType.Bigint);
            await import.WriteAsync(e.At, NpgsqlDbType.TimestampTz);
            await import.WriteAsync(e.ActorId, NpgsqlDbType.Varchar);
            await import.WriteAsync(e.ActorName, NpgsqlDbType.Varchar);
            await import.WriteAsync(e.ActorRole, NpgsqlDbType.Varchar);
            await import.WriteAsync(e.SourceIp, NpgsqlDbType.Varchar);
            if (e.WorkspaceId is { } w)
                await import.WriteAsync(w, NpgsqlDbType.Uuid);
            else
                await import.WriteNullAsync();
            await import.WriteAsync(e.Action, NpgsqlDbType.Varchar);
            await import.WriteAsync(e.TargetType, NpgsqlDbType.Varchar);
            await import.WriteAsync(e.TargetId, NpgsqlDbType.Varchar);
            await import.WriteAsync(e.Before, NpgsqlDbType.Text);
            await import.WriteAsync(e.After, NpgsqlDbType.Text);
            await import.WriteAsync(e.PreviousHash, NpgsqlDbType.Char);
            await import.WriteAsync(e.Hash, NpgsqlDbType.Char);
        }

        await import.CompleteAsync();
    }
}
