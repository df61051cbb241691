using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Lifecycle;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Persistence.Tests;

public class LifecycleCommandsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 15, 0, TimeSpan.Zero);
    private static readonly AuditActor Admin = new("00000000-0000-4000-8000-000000000003", "Wanda Workspace", "Workspace.Admin", "127.0.0.1");

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task APage_RestoresAt29Days23Hours_AndIsRefusedAt30DaysAndASecond_SayingWhy(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var clock = new FakeClock(Now);
        var commands = new LifecycleCommands(database.CreateFactory(), clock);
        var (workspace, early, late) = await SeedAsync(database);

        Assert.True(await commands.DeletePageAsync(Admin, workspace, early));
        Assert.True(await commands.DeletePageAsync(Admin, workspace, late));
        Assert.False(await commands.DeletePageAsync(Admin, workspace, late));

        clock.Advance(TimeSpan.FromDays(29) + TimeSpan.FromHours(23));
        await commands.RestorePageAsync(Admin, workspace, early);

        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var error = await Assert.ThrowsAsync<DomainRuleException>(() => commands.RestorePageAsync(Admin, workspace, late));
        Assert.Equal("It was deleted on 2026-12-02 10:15 UTC and the restore window of 30 days ended on 2027-01-01 10:15 UTC: it can no longer be restored, and is deleted for good by the next trash purge (unless a legal hold keeps it).", error.Message);

        await using var db = database.CreateContext();
        Assert.Null((await db.Pages.SingleAsync(p => p.Id == early)).DeletedAt);
        Assert.Equal(Now, (await db.Pages.SingleAsync(p => p.Id == late)).DeletedAt);
        Assert.Equal(["page.deleted", "page.deleted", "page.restored"], await db.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task APageOfAnotherWorkspace_ReadsAsOneThatDoesNotExist(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var commands = new LifecycleCommands(database.CreateFactory(), new FakeClock(Now));
        var (_, page, _) = await SeedAsync(database);
        var (other, _, _) = await SeedAsync(database);

        var error = await Assert.ThrowsAsync<DomainRuleException>(() => commands.DeletePageAsync(Admin, other, page));

        Assert.Equal("The page does not exist.", error.Message);
        await using var db = database.CreateContext();
        Assert.Null((await db.Pages.SingleAsync(p => p.Id == page)).DeletedAt);
        Assert.False(await db.AuditEntries.AnyAsync());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task AWorkspace_RestoresWithinItsPlansWindow_AndItsPagesCannotBeRestoredWhileItIsDeleted(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var clock = new FakeClock(Now);
        var commands = new LifecycleCommands(database.CreateFactory(), clock);
        var (workspace, page, _) = await SeedAsync(database);
        await commands.DeletePageAsync(Admin, workspace, page);

        Assert.True(await commands.DeleteWorkspaceAsync(Admin, workspace));
        Assert.False(await commands.DeleteWorkspaceAsync(Admin, workspace));
        var refused = await Assert.ThrowsAsync<DomainRuleException>(() => commands.RestorePageAsync(Admin, workspace, page));
        Assert.Equal("The workspace itself is deleted: restore the workspace first.", refused.Message);

        clock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1));
        await commands.RestoreWorkspaceAsync(Admin, workspace);
        await commands.RestorePageAsync(Admin, workspace, page);

        await using var db = database.CreateContext();
        var restored = await db.Workspaces.SingleAsync(w => w.Id == workspace);
        Assert.Equal((WorkspaceStatus.Active, (DateTimeOffset?)null), (restored.Status, restored.DeletedAt));
        Assert.Equal(["page.deleted", "workspace.deleted", "workspace.restored", "page.restored"], await db.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ALegalHold_IsPlacedAndLifted_EachWithItsAuditEntry(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var clock = new FakeClock(Now);
        var commands = new LifecycleCommands(database.CreateFactory(), clock);
        var (workspace, _, _) = await SeedAsync(database);

        var invalid = await Assert.ThrowsAsync<DomainRuleException>(() => commands.PlaceHoldAsync(Admin, workspace, "  ", Now, null));
        Assert.Equal(nameof(LegalHold.Reason), invalid.Field);

        var hold = await commands.PlaceHoldAsync(Admin, workspace, "Litigation 2026-114", Now, Now.AddDays(90));
        clock.Advance(TimeSpan.FromDays(1));
        await commands.LiftHoldAsync(Admin, hold);
        var twice = await Assert.ThrowsAsync<DomainRuleException>(() => commands.LiftHoldAsync(Admin, hold));
        Assert.Equal("The hold was already lifted.", twice.Message);

        await using var db = database.CreateContext();
        var stored = await db.LegalHolds.SingleAsync();
        Assert.Equal(("Litigation 2026-114", "Wanda Workspace", Now.AddDays(1)), (stored.Reason, stored.LiftedBy!, stored.LiftedAt!.Value));
        Assert.False(stored.IsInForce(clock.GetUtcNow()));
        var entries = await db.AuditEntries.OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(["legal-hold.placed", "legal-hold.lifted"], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal((workspace, hold.ToString()), (e.WorkspaceId!.Value, e.TargetId)));
    }

    private static async Task<(Guid Workspace, Guid Page, Guid OtherPage)> SeedAsync(TestDatabase database)
    {
        var workspace = Workspace.Create("Acme " + Guid.NewGuid().ToString("N")[..6], Plan.Business, DataRegion.EU, Now.AddDays(-100));
        var page = Page.Create(Guid.NewGuid(), workspace.Id, "Roadmap", Now.AddDays(-10));
        var other = Page.Create(Guid.NewGuid(), workspace.Id, "Minutes", Now.AddDays(-10));
        await using var db = database.CreateContext();
        db.Workspaces.Add(workspace);
        db.Pages.AddRange(page, other);
        await db.SaveChangesAsync();
        return (workspace.Id, page.Id, other.Id);
    }
}
