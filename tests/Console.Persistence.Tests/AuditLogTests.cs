using AdminConsole.Domain.Audit;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Persistence;
using AdminConsole.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Persistence.Tests;

public class AuditLogTests
{
    private static readonly AuditActor Actor = new("00000000-0000-4000-8000-000000000001", "Ada Admin", "Console.Admin", "10.0.0.7");
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Entries_WrittenInSeveralSaves_FormAnIntactChain(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        await WriteAsync(database, 25);

        await using var db = database.CreateContext();
        var result = await AuditLogVerifier.VerifyAsync(db);

        Assert.True(result.Intact, result.Problem);
        Assert.Equal(25, result.EntriesChecked);
        Assert.Equal(25, result.HeadSequence);
        var last = await db.AuditEntries.OrderByDescending(e => e.Sequence).FirstAsync();
        Assert.Equal(last.Hash, result.HeadHash);
        Assert.Equal(Now.AddSeconds(24).AddMilliseconds(123), last.At);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task EditedEntry_IsNamedByVerify(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        await WriteAsync(database, 10);

        // What an intruder with database access would do: switch off the append-only guard and edit a row.
        await AuditLogIntruder.TamperAsync(database, "UPDATE audit_entries SET \"After\" = '{{\"Name\":\"Forged\"}}' WHERE \"Sequence\" = 7");

        await using var db = database.CreateContext();
        var result = await AuditLogVerifier.VerifyAsync(db);
        Assert.False(result.Intact);
        Assert.Equal(7, result.BrokenAtSequence);
        Assert.Equal("Entry #7 was changed: its content no longer matches its hash.", result.Problem);
        Assert.Equal(6, result.EntriesChecked);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task DeletedEntry_IsNamedByVerify(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        await WriteAsync(database, 10);

        await AuditLogIntruder.TamperAsync(database, "DELETE FROM audit_entries WHERE \"Sequence\" = 4");

        await using var db = database.CreateContext();
        var result = await AuditLogVerifier.VerifyAsync(db);
        Assert.False(result.Intact);
        Assert.Equal(4, result.BrokenAtSequence);
        Assert.Equal("Entry #4 is missing: it was removed.", result.Problem);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task NewestEntriesDeleted_AreDetectedAgainstTheChainHead(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        await WriteAsync(database, 10);

        await AuditLogIntruder.TamperAsync(database, "DELETE FROM audit_entries WHERE \"Sequence\" > 8");

        await using var db = database.CreateContext();
        var result = await AuditLogVerifier.VerifyAsync(db);
        Assert.False(result.Intact);
        Assert.Equal(9, result.BrokenAtSequence);
        Assert.Contains("Entries after #8 are missing", result.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task RewrittenChain_WithRecomputedHash_IsDetectedByTheNextLink(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        await WriteAsync(database, 5);

        // Recomputing entry 3's hash after editing it still breaks entry 4's link to it.
        await AuditLogIntruder.TamperAsync(database, "UPDATE audit_entries SET \"Hash\" = '" + new string('a', 64) + "' WHERE \"Sequence\" = 3");

        await using var db = database.CreateContext();
        var result = await AuditLogVerifier.VerifyAsync(db);
        Assert.False(result.Intact);
        Assert.Equal(3, result.BrokenAtSequence);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task AuditEntries_AreAppendOnly_InTheDatabase(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        await WriteAsync(database, 2);

        await using var db = database.CreateContext();
        var update = await Record.ExceptionAsync(() => db.Database.ExecuteSqlRawAsync("UPDATE audit_entries SET \"Action\" = 'x'"));
        var delete = await Record.ExceptionAsync(() => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_entries"));

        Assert.Contains("append-only", update?.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", delete?.Message, StringComparison.Ordinal);
        Assert.Equal(2, await db.AuditEntries.CountAsync());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ConcurrentWriters_QueueOnTheChainHead_AndKeepOneChain(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await using var db = database.CreateContext();
                db.Audit(Actor, new AuditRecord("test.concurrent", "Test", $"{writer}-{i}", null, null, new { writer, i }), Now);
                await db.SaveChangesAsync();
            }
        })));

        await using var check = database.CreateContext();
        var result = await AuditLogVerifier.VerifyAsync(check);
        Assert.True(result.Intact, result.Problem);
        Assert.Equal(80, result.EntriesChecked);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task FailedSave_WritesNeitherTheChangeNorItsEntry(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        await WriteAsync(database, 1);

        await using (var db = database.CreateContext())
        {
            // A change the database refuses (a member of a workspace that does not exist).
            db.Audit(Actor, new AuditRecord("member.added", "Member", "x", null, null, null), Now);
            await db.Database.ExecuteSqlRawAsync("SELECT 1");
            db.Members.Add(CreateOrphanMember());
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        await using var check = database.CreateContext();
        Assert.Equal(1, await check.AuditEntries.CountAsync());
        var result = await AuditLogVerifier.VerifyAsync(check);
        Assert.True(result.Intact, result.Problem);
        Assert.Equal(1, result.HeadSequence);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task OneContext_ThatSavesTwiceAndRetriesAFailure_KeepsOneChain(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        await using var db = database.CreateContext();

        db.Audit(Actor, new AuditRecord("first", "Test", "1", null, null, null), Now);
        await db.SaveChangesAsync();
        await WriteAsync(database, 2);
        db.Audit(Actor, new AuditRecord("second", "Test", "2", null, null, null), Now);
        var orphan = CreateOrphanMember();
        db.Members.Add(orphan);
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        db.Entry(orphan).State = EntityState.Detached;
        await db.SaveChangesAsync();

        await using var check = database.CreateContext();
        var result = await AuditLogVerifier.VerifyAsync(check);
        Assert.True(result.Intact, result.Problem);
        Assert.Equal(["first", "workspace.updated", "workspace.updated", "second"], await check.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync());
    }

    /// <summary>
    /// The attack of someone holding the database: edit one entry, recompute every later hash with the published
    /// algorithm, move the chain head along. The plain chain then reads as intact; the seals name the edited entry.
    /// </summary>
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task RewrittenLog_WithEveryLaterHashAndTheHeadRecomputed_IsNamedByTheSeals(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var sealing = new AuditSealing(AuditChainKey.Parse(Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()), "test key"));
        await WriteAsync(database, 10, sealing.Key);
        await using (var before = database.CreateContext())
            Assert.True((await AuditLogVerifier.VerifyAsync(before, sealing)).Intact);

        await AuditLogIntruder.RewriteFromAsync(database, 4, "{\"Name\":\"Forged\"}");

        await using var db = database.CreateContext();
        var plain = await AuditLogVerifier.VerifyAsync(db);
        Assert.True(plain.Intact, "The rewrite must fool the unkeyed chain, or this test does not perform the attack: " + plain.Problem);
        var sealedResult = await AuditLogVerifier.VerifyAsync(db, sealing);
        Assert.False(sealedResult.Intact);
        Assert.Equal(4, sealedResult.BrokenAtSequence);
        Assert.Equal("Entry #4 does not carry its seal: it was rewritten (or added) by someone without the chain key.", sealedResult.Problem);
        Assert.Equal(3, sealedResult.EntriesChecked);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task NewestEntriesRemoved_AndTheHeadMovedBackToTheLastOneLeft_IsNamedByTheHeadsSeal(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var sealing = new AuditSealing(AuditChainKey.Parse(Convert.ToBase64String(new byte[40]), "test key"));
        await WriteAsync(database, 10, sealing.Key);

        string hash8;
        await using (var read = database.CreateContext())
            hash8 = await read.AuditEntries.Where(e => e.Sequence == 8).Select(e => e.Hash).SingleAsync();
        await AuditLogIntruder.TamperAsync(database, "DELETE FROM audit_entries WHERE \"Sequence\" > 8");
        await using (var write = database.CreateContext())
            await write.Database.ExecuteSqlRawAsync("UPDATE audit_chain_head SET \"Sequence\" = 8, \"Hash\" = {0}", hash8);

        await using var db = database.CreateContext();
        Assert.True((await AuditLogVerifier.VerifyAsync(db)).Intact);
        var result = await AuditLogVerifier.VerifyAsync(db, sealing);
        Assert.False(result.Intact);
        Assert.Equal(9, result.BrokenAtSequence);
        Assert.Contains("chain head does not carry its seal", result.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task EntriesWrittenBeforeTheKey_AreRefused_UnlessSealedFromSaysWhereSealingBegan(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        await WriteAsync(database, 3);
        var key = AuditChainKey.Parse(Convert.ToBase64String(new byte[32]), "test key");
        await WriteAsync(database, 2, key);

        await using var db = database.CreateContext();
        var strict = await AuditLogVerifier.VerifyAsync(db, new AuditSealing(key));
        Assert.False(strict.Intact);
        Assert.Equal(1, strict.BrokenAtSequence);
        Assert.Equal("Entry #1 is not sealed: it was written without the chain key (or its seal was removed).", strict.Problem);
        var upgraded = await AuditLogVerifier.VerifyAsync(db, new AuditSealing(key, SealedFrom: 4));
        Assert.True(upgraded.Intact, upgraded.Problem);
        Assert.True(upgraded.SealsChecked);
    }

    /// <summary>
    /// The attacker holds the console's own connection string. With the migrations run as the owner, that role adds
    /// and reads entries, and nothing else: no update, delete or truncate, and no way to switch the guard off.
    /// </summary>
    [Fact]
    public async Task TheConsolesRole_AddsAndReadsEntries_ButCannotChangeRemoveOrUnguardThem()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var console = TestDatabase.Attach(DatabaseProvider.Postgres, await database.CreateConsoleRoleAsync());
        var options = new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = console.ConnectionString, MigrationConnectionString = database.ConnectionString };
        await DatabaseInitializer.MigrateAsync(console.CreateFactory(), options);

        await WriteAsync(console, 3);
        await using var db = console.CreateContext();
        Assert.Equal(3, await db.AuditEntries.CountAsync());
        Assert.Null(await DatabaseInitializer.AuditLogProtectionProblemAsync(console.CreateFactory()));

        foreach (var sql in new[]
        {
            "UPDATE audit_entries SET \"Action\" = 'x'",
            "DELETE FROM audit_entries",
            "TRUNCATE audit_entries",
            "ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only",
            "DROP TABLE audit_entries",
            "CREATE TRIGGER t BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()",
        })
        {
            var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => db.Database.ExecuteSqlRawAsync(sql));
            Assert.Equal("42501", refused.SqlState);
        }

        Assert.Equal(3, await db.AuditEntries.CountAsync());

        // The owner is what the console must not run as: start-up outside Development names the problem.
        var problem = await DatabaseInitializer.AuditLogProtectionProblemAsync(database.CreateFactory());
        Assert.Contains("is a superuser", problem, StringComparison.Ordinal);
        Assert.Contains("Database:MigrationConnectionString", problem, StringComparison.Ordinal);
    }

    /// <summary>
    /// Nodes of a cluster start together on one database: each migrates as the owner and grants the console's role
    /// its rights, at the same moment. None fails (PostgreSQL refuses a GRANT whose catalog row another transaction is
    /// changing, "tuple concurrently updated", which stopped a node at start-up), and the rights are what one node grants.
    /// </summary>
    [Fact]
    public async Task NodesStartingTogether_AllMigrateAndGrant_WithoutFailing()
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
            var console = TestDatabase.Attach(DatabaseProvider.Postgres, await database.CreateConsoleRoleAsync());
            var options = new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = console.ConnectionString, MigrationConnectionString = database.ConnectionString };
            await DatabaseInitializer.MigrateAsync(console.CreateFactory(), options);

            await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => DatabaseInitializer.MigrateAsync(console.CreateFactory(), options))));

            Assert.Null(await DatabaseInitializer.AuditLogProtectionProblemAsync(console.CreateFactory()));
        }
    }

    private static AdminConsole.Domain.Model.Workspaces.Member CreateOrphanMember()
    {
        var workspace = AdminConsole.Domain.Model.Workspaces.Workspace.Create("Ghost", AdminConsole.Domain.Model.Workspaces.Plan.Free, AdminConsole.Domain.Model.Workspaces.DataRegion.US, Now);
        return workspace.AddMember(Guid.NewGuid(), "Nobody", "nobody@example.com", Now);
    }

    /// <param name="key">The key the entries are sealed with; none, unsealed.</param>
    private static async Task WriteAsync(TestDatabase database, int count, AuditChainKey? key = null)
    {
        database.ChainKey = key;
        for (var i = 0; i < count; i++)
        {
            await using var db = database.CreateContext();
            db.Audit(Actor, new AuditRecord("workspace.updated", "Workspace", $"w{i}", Guid.NewGuid(), new { Name = $"Before {i}" }, new { Name = $"After {i}" }), Now.AddSeconds(i).AddTicks(1_234_567));
            await db.SaveChangesAsync();
        }
    }
}
