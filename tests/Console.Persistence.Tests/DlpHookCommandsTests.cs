using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Dlp.Hooks;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using AdminConsole.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Persistence.Tests;

public class DlpHookCommandsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 15, 0, TimeSpan.Zero);
    private static readonly AuditActor Admin = new("00000000-0000-4000-8000-000000000003", "Wanda Workspace", "Workspace.Admin", "127.0.0.1");

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task CreatingAHook_OnABusinessWorkspace_FailsWithTheReason_AndSavesNothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var workspace = await WorkspaceAsync(database, Plan.Business);

        var error = await Assert.ThrowsAsync<DomainRuleException>(() => Commands(database).CreateAsync(Admin, workspace, "SIEM", "https://siem.example.com/hook", [DlpHookEvents.AlertCreated]));

        Assert.Equal("DLP hooks are available on the Enterprise plan; this workspace is on Business.", error.Message);
        await using var db = database.CreateContext();
        Assert.Equal((0, 0), (await db.DlpHooks.CountAsync(), await db.AuditEntries.CountAsync(a => a.Action.StartsWith("dlp-hook"))));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task EveryCommandOnAnotherWorkspacesHook_IsRefused_AndChangesNothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var owner = await WorkspaceAsync(database, Plan.Enterprise);
        var intruder = await WorkspaceAsync(database, Plan.Enterprise);
        var commands = Commands(database);
        var (hookId, _) = await commands.CreateAsync(Admin, owner, "SIEM", "https://siem.example.com/hook", [DlpHookEvents.AlertCreated]);
        var deliveryId = await commands.SendTestEventAsync(Admin, owner, hookId);
        await using (var before = database.CreateContext())
            await before.DlpHookDeliveries.ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, DlpHookDeliveryStatus.DeadLettered));

        Func<Task>[] attempts =
        [
            () => commands.ChangeAsync(Admin, intruder, hookId, "Mine", "https://evil.example.com/", [DlpHookEvents.AlertResolved]),
            () => commands.RotateSecretAsync(Admin, intruder, hookId),
            () => commands.DisableAsync(Admin, intruder, hookId),
            () => commands.EnableAsync(Admin, intruder, hookId),
            () => commands.DeleteAsync(Admin, intruder, hookId),
            () => commands.SendTestEventAsync(Admin, intruder, hookId),
        ];
        foreach (var attempt in attempts)
            Assert.Equal("The DLP hook does not exist.", (await Assert.ThrowsAsync<DomainRuleException>(attempt)).Message);
        Assert.Equal("The delivery does not exist.", (await Assert.ThrowsAsync<DomainRuleException>(() => commands.ReplayAsync(Admin, intruder, deliveryId))).Message);

        await using var db = database.CreateContext();
        var hook = await db.DlpHooks.SingleAsync();
        Assert.Equal(("SIEM", "https://siem.example.com/hook", true, (string?)null), (hook.Name, hook.Url, hook.Enabled, hook.PreviousSealedSecret));
        Assert.Equal(DlpHookDeliveryStatus.DeadLettered, (await db.DlpHookDeliveries.SingleAsync()).Status);
        Assert.Equal(["dlp-hook.created", "dlp-hook.test-sent"], await db.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync());
        Assert.Empty(await DlpHookQuery.HooksAsync(db, intruder));
        Assert.Equal(0, (await DlpHookQuery.DeliveriesAsync(db, intruder, hookId, null, 0, 20)).Total);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task TheSecret_IsReturnedOnce_StoredOnlySealed_AndNeverAudited(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var workspace = await WorkspaceAsync(database, Plan.Enterprise);
        var commands = Commands(database);

        var (hookId, secret) = await commands.CreateAsync(Admin, workspace, "SIEM", "https://siem.example.com/hook", [DlpHookEvents.AlertCreated]);
        var rotated = await commands.RotateSecretAsync(Admin, workspace, hookId, TimeSpan.FromHours(1));

        Assert.NotNull(WebhookSecret.TryReadKey(secret));
        Assert.NotEqual(secret, rotated);
        await using var db = database.CreateContext();
        var hook = await db.DlpHooks.SingleAsync();
        Assert.Equal((rotated, secret), (Sealer.Unseal(hook.SealedSecret), Sealer.Unseal(hook.PreviousSealedSecret!)));
        Assert.DoesNotContain(secret, hook.SealedSecret + hook.PreviousSealedSecret, StringComparison.Ordinal);
        Assert.Equal(Now + TimeSpan.FromHours(1), hook.PreviousSecretExpiresAt);
        var audit = string.Join('\n', await db.AuditEntries.Select(a => (a.Before ?? string.Empty) + (a.After ?? string.Empty)).ToListAsync());
        Assert.Contains("siem.example.com", audit, StringComparison.Ordinal);
        Assert.DoesNotContain(secret[6..], audit, StringComparison.Ordinal);
        Assert.DoesNotContain(rotated[6..], audit, StringComparison.Ordinal);
        Assert.DoesNotContain(hook.SealedSecret, audit, StringComparison.Ordinal);
    }

    /// <summary>An address literal no partner serves from is refused when the hook is saved, in every spelling of it.</summary>
    [Theory]
    [InlineData("https://10.0.0.1/hook", "10.0.0.1 is a private address")]
    [InlineData("https://169.254.169.254/latest/meta-data", "169.254.169.254 is a link-local address")]
    [InlineData("https://2130706433/", "127.0.0.1 is a loopback address")]
    [InlineData("https://0x7f.1/", "127.0.0.1 is a loopback address")]
    [InlineData("https://[::1]/", "::1 is a loopback address")]
    [InlineData("https://[fd00::1]/", "fd00::1 is a unique local address")]
    [InlineData("https://[::ffff:192.168.1.1]/", "192.168.1.1 is a private address")]
    public async Task AHookUrlWithANonPublicAddress_IsRefusedWhenSaved_NamingTheRule(string url, string reason)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await database.MigrateAsync();
        var workspace = await WorkspaceAsync(database, Plan.Enterprise);

        var refused = await Assert.ThrowsAsync<DomainRuleException>(() => Commands(database).CreateAsync(Admin, workspace, "Partner", url, [DlpHookEvents.AlertCreated]));

        Assert.Equal("Url", refused.Field);
        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
        Assert.Contains("DlpHooks:AllowedNetworks", refused.Message, StringComparison.Ordinal);
        await using var db = database.CreateContext();
        Assert.False(await db.DlpHooks.AnyAsync());

        // The operator's allow-list lets it through; a public address never needed it.
        var (allowed, _) = await Commands(database, "10.0.0.0/8", "127.0.0.1", "169.254.169.254", "::1", "fd00::/8", "192.168.1.1").CreateAsync(Admin, workspace, "Partner", url, [DlpHookEvents.AlertCreated]);
        Assert.NotEqual(Guid.Empty, allowed);
        var (_, secret) = await Commands(database).CreateAsync(Admin, workspace, "Public", "https://93.184.215.14/hook", [DlpHookEvents.AlertCreated]);
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangingAHooksUrl_ToANonPublicAddress_IsRefused_AndKeepsTheOldOne()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await database.MigrateAsync();
        var workspace = await WorkspaceAsync(database, Plan.Enterprise);
        var (hook, _) = await Commands(database).CreateAsync(Admin, workspace, "Partner", "https://hooks.partner.example/dlp", [DlpHookEvents.AlertCreated]);

        var refused = await Assert.ThrowsAsync<DomainRuleException>(() => Commands(database).ChangeAsync(Admin, workspace, hook, "Partner", "https://192.168.0.10/dlp", [DlpHookEvents.AlertCreated]));

        Assert.Equal("Url", refused.Field);
        await using var db = database.CreateContext();
        Assert.Equal("https://hooks.partner.example/dlp", (await db.DlpHooks.SingleAsync()).Url);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task PlainHttp_IsAccepted_OnlyForAnAllowListedAddress(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var workspace = await WorkspaceAsync(database, Plan.Enterprise);

        var refused = await Assert.ThrowsAsync<DomainRuleException>(() => Commands(database).CreateAsync(Admin, workspace, "Local", "http://127.0.0.1:9000/hook", [DlpHookEvents.Test]));
        var (id, _) = await Commands(database, "127.0.0.1").CreateAsync(Admin, workspace, "Local", "http://127.0.0.1:9000/hook", [DlpHookEvents.Test]);

        Assert.Equal("The URL must use https.", refused.Message);
        await using var db = database.CreateContext();
        Assert.Equal("http://127.0.0.1:9000/hook", (await db.DlpHooks.SingleAsync(h => h.Id == id)).Url);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Enqueue_AddsOneDeliveryPerEnabledSubscribedHook_InTheCallersUnitOfWork_AndNoneOffEnterprise(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var workspace = await WorkspaceAsync(database, Plan.Enterprise);
        var commands = Commands(database);
        var (created, _) = await commands.CreateAsync(Admin, workspace, "Created", "https://a.example.com/", [DlpHookEvents.AlertCreated]);
        await commands.CreateAsync(Admin, workspace, "Resolved", "https://b.example.com/", [DlpHookEvents.AlertResolved]);
        var (paused, _) = await commands.CreateAsync(Admin, workspace, "Paused", "https://c.example.com/", [DlpHookEvents.AlertCreated]);
        await commands.DisableAsync(Admin, workspace, paused, "Maintenance");

        await using (var db = database.CreateContext())
        {
            Assert.Equal(1, await DlpHookOutbox.EnqueueAsync(db, workspace, DlpHookEvents.AlertCreated, "alerts/1", new { alertId = 1 }, Now));
            await using var other = database.CreateContext();
            Assert.Equal(0, await other.DlpHookDeliveries.CountAsync());
            await db.SaveChangesAsync();
        }

        await using (var db = database.CreateContext())
        {
            Assert.Equal(created, (await db.DlpHookDeliveries.SingleAsync()).HookId);
            var ws = await db.Workspaces.SingleAsync(w => w.Id == workspace);
            ws.ChangePlan(Plan.Business, Now);
            await db.SaveChangesAsync();
            Assert.Equal(0, await DlpHookOutbox.EnqueueAsync(db, workspace, DlpHookEvents.AlertCreated, "alerts/2", new { alertId = 2 }, Now));
            var rows = await DlpHookQuery.HooksAsync(db, workspace);
            Assert.Equal([("Created", 1), ("Paused", 0), ("Resolved", 0)], rows.Select(r => (r.Name, r.Pending)));
            Assert.Equal("Maintenance", rows.Single(r => r.Name == "Paused").DisabledReason);
        }

        var error = await Assert.ThrowsAsync<DomainRuleException>(() => commands.SendTestEventAsync(Admin, workspace, created));
        Assert.Equal("DLP hooks are available on the Enterprise plan; this workspace is on Business.", error.Message);
    }

    private static readonly ReversibleTestSealer Sealer = new();

    private static DlpHookCommands Commands(TestDatabase database, params string[] allowed) =>
        new(database.CreateFactory(), new FakeClock(Now), Sealer, new HookAddressRules(allowed));

    private static async Task<Guid> WorkspaceAsync(TestDatabase database, Plan plan)
    {
        await using var db = database.CreateContext();
        var workspace = Workspace.Create("Acme " + Guid.NewGuid().ToString("N")[..6], plan, DataRegion.EU, Now);
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync();
        return workspace.Id;
    }
}
