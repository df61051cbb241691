using System.Data.Common;
using System.Text.Json;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Retention;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AdminConsole.Persistence.Tests;

public class RetentionPolicyPersistenceTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 15, 0, TimeSpan.Zero);
    private static readonly AuditActor Officer = new("00000000-0000-4000-8000-000000000002", "Olivia Officer", "Compliance.Officer", "127.0.0.1");

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Change_WritesANewVersion_AndExactlyOneAuditEntry_WithBeforeAndAfter(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var commands = new RetentionPolicyCommands(database.CreateFactory(), new FakeClock(Now));
        var terms = RetentionTerms.DefaultFor(Plan.Business) with { ProviderRetentionDays = 14 };

        Assert.True(await commands.ChangeAsync(Officer, Plan.Business, terms, expectedVersion: 1));

        await using var db = database.CreateContext();
        var policy = await db.RetentionPolicies.Include(p => p.Versions).SingleAsync(p => p.Plan == Plan.Business);
        Assert.Equal((2, terms, "Olivia Officer", Now), (policy.Version, policy.Terms, policy.ChangedBy, policy.ChangedAt));
        Assert.Equal([30, 14], policy.Versions.OrderBy(v => v.Version).Select(v => v.Terms.ProviderRetentionDays));
        Assert.Equal(RetentionTerms.DefaultFor(Plan.Enterprise), (await db.RetentionPolicies.SingleAsync(p => p.Plan == Plan.Enterprise)).Terms);

        var entry = Assert.Single(await db.AuditEntries.Where(e => e.Action == "retention-policy.changed").ToListAsync());
        Assert.Equal(("RetentionPolicy", "Business", "Olivia Officer"), (entry.TargetType, entry.TargetId, entry.ActorName));
        Assert.Equal((1, 30), Read(entry.Before));
        Assert.Equal((2, 14), Read(entry.After));
        Assert.Equal(1, await db.AuditEntries.CountAsync());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Change_ThatBreaksACommitment_IsRefused_NamingIt_AndSavesNothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var commands = new RetentionPolicyCommands(database.CreateFactory(), new FakeClock(Now));
        var terms = RetentionTerms.DefaultFor(Plan.Enterprise) with { ProviderRetentionDays = 1 };

        var error = await Assert.ThrowsAsync<DomainRuleException>(() => commands.ChangeAsync(Officer, Plan.Enterprise, terms, expectedVersion: 1));

        Assert.Equal(nameof(RetentionTerms.ProviderRetentionDays), error.Field);
        Assert.Contains("zero data retention", error.Message, StringComparison.Ordinal);
        await AssertUnchangedAsync(database, Plan.Enterprise);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Change_FromAStaleVersion_IsRefused_AndSavesNothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var commands = new RetentionPolicyCommands(database.CreateFactory(), new FakeClock(Now));
        var first = RetentionTerms.DefaultFor(Plan.Plus) with { PromptHistoryDays = 14 };
        var second = RetentionTerms.DefaultFor(Plan.Plus) with { AiOutputDays = 7 };
        await commands.ChangeAsync(Officer, Plan.Plus, first, expectedVersion: 1);

        // A second officer opened version 1 too and saves after the first one did.
        var error = await Assert.ThrowsAsync<DomainRuleException>(() => commands.ChangeAsync(Officer with { Name = "Oscar Officer" }, Plan.Plus, second, expectedVersion: 1));

        Assert.Contains("changed while you were editing it: Olivia Officer saved version 2", error.Message, StringComparison.Ordinal);
        await using var db = database.CreateContext();
        var policy = await db.RetentionPolicies.Include(p => p.Versions).SingleAsync(p => p.Plan == Plan.Plus);
        Assert.Equal((2, first), (policy.Version, policy.Terms));
        Assert.Equal(2, policy.Versions.Count);
        Assert.Equal(1, await db.AuditEntries.CountAsync());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Change_ToTheTermsInForce_WritesNothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var commands = new RetentionPolicyCommands(database.CreateFactory(), new FakeClock(Now));

        Assert.False(await commands.ChangeAsync(Officer, Plan.Free, RetentionTerms.DefaultFor(Plan.Free), expectedVersion: 1));

        await AssertUnchangedAsync(database, Plan.Free);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task TwoChanges_FromTheSameVersion_AtTheSameMoment_LetOnlyTheFirstThrough(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var bothRead = new BothReadBeforeEitherSaves();
        var commands = new RetentionPolicyCommands(database.CreateFactory(bothRead), new FakeClock(Now));

        // Both pass the version check before either saves: only the database can tell them apart.
        var results = await Task.WhenAll(
            Task.Run(() => Attempt(() => commands.ChangeAsync(Officer, Plan.Business, RetentionTerms.DefaultFor(Plan.Business) with { PromptHistoryDays = 10 }, 1))),
            Task.Run(() => Attempt(() => commands.ChangeAsync(Officer, Plan.Business, RetentionTerms.DefaultFor(Plan.Business) with { PromptHistoryDays = 20 }, 1))));

        var refused = Assert.Single(results.OfType<Exception>());
        Assert.IsType<DomainRuleException>(refused);
        Assert.Contains("changed while you were editing it", refused.Message, StringComparison.Ordinal);
        await using var db = database.CreateContext();
        var policy = await db.RetentionPolicies.Include(p => p.Versions).SingleAsync(p => p.Plan == Plan.Business);
        Assert.Equal((2, 2), (policy.Version, policy.Versions.Count));
        Assert.Equal(1, await db.AuditEntries.CountAsync());
    }

    private static async Task<Exception?> Attempt(Func<Task> change)
    {
        try
        {
            await change();
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private static async Task AssertUnchangedAsync(TestDatabase database, Plan plan)
    {
        await using var db = database.CreateContext();
        var policy = await db.RetentionPolicies.Include(p => p.Versions).SingleAsync(p => p.Plan == plan);
        Assert.Equal((1, RetentionTerms.DefaultFor(plan), "console defaults"), (policy.Version, policy.Terms, policy.ChangedBy));
        Assert.Single(policy.Versions);
        Assert.Equal(0, await db.AuditEntries.CountAsync());
    }

    private static (int Version, int ProviderRetentionDays) Read(string? json)
    {
        using var document = JsonDocument.Parse(json!);
        var root = document.RootElement;
        return (root.GetProperty("Version").GetInt32(), root.GetProperty("ProviderRetentionDays").GetInt32());
    }

    /// <summary>Holds the first two reads of a policy until both have run.</summary>
    private sealed class BothReadBeforeEitherSaves : DbCommandInterceptor
    {
        private readonly TaskCompletionSource _bothRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _reads;

        public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            var text = command.CommandText.TrimStart();
            if (!text.StartsWith("SELECT", StringComparison.Ordinal) || !text.Contains("retention_policies", StringComparison.Ordinal))
                return result;
            var read = Interlocked.Increment(ref _reads);
            if (read == 2)
                _bothRead.TrySetResult();
            if (read <= 2)
                await _bothRead.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);

            return result;
        }
    }
}
