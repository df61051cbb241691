using AdminConsole.Domain.Model.Access;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.E2E.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

public class AuditAndAccessTests(BrowserFixture browser) : ConsolePageTest(browser)
{
    /// <summary>The development sign-in's workspace admin persona.</summary>
    private static readonly Guid WandaObjectId = new("00000000-0000-4000-8000-000000000004");

    private Guid _acme;
    private Guid _globex;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = Database.CreateContext();
        var now = DateTimeOffset.UtcNow;
        var acme = Workspace.Create("Acme Research", Plan.Business, DataRegion.EU, now);
        var globex = Workspace.Create("Globex Secret Project", Plan.Enterprise, DataRegion.US, now);
        acme.AssignAdministrator(WandaObjectId, now);
        db.Workspaces.AddRange(acme, globex);
        var seed = new AuditActor("seed", "Seed", ConsoleRoles.Admin, null);
        db.Audit(seed, new AuditRecord("workspace.created", "Workspace", acme.Id.ToString(), acme.Id, null, new { acme.Name }), now);
        db.Audit(seed, new AuditRecord("workspace.created", "Workspace", globex.Id.ToString(), globex.Id, null, new { globex.Name }), now);
        await db.SaveChangesAsync();
        (_acme, _globex) = (acme.Id, globex.Id);
    }

    [Fact]
    public async Task ChangeInTheUi_WritesExactlyOneEntry_WithBeforeAndAfter_AndTheChainVerifies()
    {
        await SignInAsAsync("admin");
        long before;
        await using (var db = Database.CreateContext())
            before = await db.AuditEntries.MaxAsync(e => e.Sequence);

        await GoToInteractiveAsync($"/workspaces/{_acme}");
        await Page.GetByLabel("Name").First.FillAsync("Acme Research & Legal");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Acme Research & Legal");

        await using (var db = Database.CreateContext())
        {
            var entry = Assert.Single(await db.AuditEntries.Where(e => e.Sequence > before).ToListAsync());
            Assert.Equal(("workspace.updated", "Ada Admin", ConsoleRoles.Admin, _acme), (entry.Action, entry.ActorName, entry.ActorRole, entry.WorkspaceId!.Value));
            Assert.Equal("""{"Name":"Acme Research","Plan":"Business","Region":"EU"}""", entry.Before);
            Assert.Equal("""{"Name":"Acme Research \u0026 Legal","Plan":"Business","Region":"EU"}""", entry.After);
            Assert.Equal("127.0.0.1", entry.SourceIp);
        }

        // The audit log lists it; its page shows the diff; the chain verifies.
        await GoToInteractiveAsync("/audit");
        var audit = new AuditLogPage(Page);
        var row = audit.Entry("workspace.updated");
        await Expect(row).ToContainTextAsync("Ada Admin");
        await Expect(row).ToContainTextAsync("Acme Research & Legal");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await audit.Verify.ClickAsync();
        await Expect(audit.VerifyResult).ToContainTextAsync("Intact");
        await SaveScreenshotAsync("audit-log");

        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(audit.Ui.Heading).ToContainTextAsync("Audit entry #");
        var changed = audit.ChangedFields;
        await Expect(changed).ToHaveCountAsync(1);
        await Expect(changed).ToContainTextAsync("Acme Research & Legal");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await SaveScreenshotAsync("audit-entry");
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task TheFilters_StayInTheAddress_ABadOneIsToldNextToItsField_AndOnAPhoneTheLogScrollsInsideItsFrame()
    {
        await SignInAsAsync("officer");
        await GoToInteractiveAsync("/audit");
        var audit = new AuditLogPage(Page);
        await Expect(audit.ResultCount).Not.ToHaveTextAsync("Loading entries…");

        // A workspace id that is not one: said next to the field, nothing listed.
        await audit.FilterAsync("Workspace id", "not-a-guid");
        await audit.Ui.ExpectFieldErrorAsync("Workspace id", "Workspace id must be a GUID");
        await Expect(audit.ResultCount).ToHaveTextAsync("0 entries");

        // Globex's id: its entry alone; the filter is in the address and survives a reload.
        await audit.FilterAsync("Workspace id", _globex.ToString());
        await Expect(audit.Entries).ToHaveCountAsync(1);
        await Expect(audit.Entries.First).ToContainTextAsync("Globex Secret Project");
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"workspace={_globex}"));
        await ReloadInteractiveAsync();
        await Expect(audit.Ui.Field("Workspace id")).ToHaveValueAsync(_globex.ToString());
        await Expect(audit.Entries).ToHaveCountAsync(1);

        // A period that ends before it starts.
        await audit.FilterAsync("From (UTC)", "2026-12-05");
        await audit.FilterAsync("To (UTC, exclusive)", "2026-12-01");
        await audit.Ui.ExpectFieldErrorAsync("To (UTC, exclusive)", "'To' must be after 'From'.");

        // On a phone the seven columns scroll inside the log's own frame; the page itself is no wider than the window.
        await Page.SetViewportSizeAsync(390, 844);
        await GoToInteractiveAsync("/audit");
        await Expect(audit.Entries.First).ToBeVisibleAsync();
        Assert.False(await audit.OverflowsAsync(), "The audit log page is wider than a phone's screen.");
        await Expect(Page.GetByRole(AriaRole.Group, new() { Name = "Audit entries, scrolls sideways" })).ToHaveAttributeAsync("tabindex", "0");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
    }

    [Fact]
    public async Task WorkspaceAdmin_SeesOnlyTheirWorkspace_InListsAndAuditLog()
    {
        await SignInAsAsync("workspace-admin");

        await GoToInteractiveAsync("/workspaces");
        var workspaces = new WorkspaceListPage(Page);
        await Expect(workspaces.ResultCount).ToHaveTextAsync("1 workspace");
        await Expect(workspaces.Rows).ToHaveCountAsync(1);
        await Expect(workspaces.Rows.First).ToContainTextAsync("Acme Research");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "New workspace" })).ToHaveCountAsync(0);

        await GoToInteractiveAsync("/audit");
        var audit = new AuditLogPage(Page);
        await Expect(audit.Entries).ToHaveCountAsync(1);
        await Expect(audit.Ui.Grid("Audit entries")).Not.ToContainTextAsync("Globex");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Verify the audit log" })).ToHaveCountAsync(0);

        await Page.GotoAsync($"/workspaces/{_globex}");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Page not found");
        Assert.DoesNotContain("Globex", await Page.ContentAsync(), StringComparison.Ordinal);

        // Their own workspace: members and teams yes, name and plan no.
        await GoToInteractiveAsync($"/workspaces/{_acme}");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Add team" })).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Save changes" })).ToHaveCountAsync(0);
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
    }

    [Fact]
    public async Task SignOutInOneTab_IsNoticedByTheCircuitOfAnother()
    {
        await SignInAsAsync("officer");
        await GoToInteractiveAsync("/workspaces");
        var other = await Page.Context.NewPageAsync();
        await other.GotoAsync("/");
        await other.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(other.Locator("h1")).ToHaveTextAsync("You are signed out");

        // The first tab's circuit re-checks its session (every 2 s here) and stops showing data.
        await Expect(Page.Locator(".session-ended h1")).ToHaveTextAsync("Your session has ended", new() { Timeout = 20_000 });
        await Expect(Page.Locator(".workspace-grid")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task UsersPage_ListsWhoSignedInWithRolesAndWorkspaces()
    {
        await SignInAsAsync("workspace-admin");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await SignInAsAsync("admin");

        await GoToInteractiveAsync("/users");
        var users = new ConsoleUi(Page);
        var wanda = users.Rows("Users").Filter(new() { HasText = "Wanda Workspace" });
        await Expect(wanda).ToContainTextAsync("Workspace admin");
        await Expect(wanda.GetByRole(AriaRole.Link, new() { Name = "Acme Research" })).ToBeVisibleAsync();
        await Expect(users.Rows("Users").Filter(new() { HasText = "Ada Admin" })).ToContainTextAsync("Administrator");

        // Searching narrows the list, and the search is in the address.
        await Page.GetByLabel("Search by name or email").FillAsync("wanda@");
        await Expect(users.Rows("Users")).ToHaveCountAsync(1);
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("[?&]q=wanda%40"));
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await SaveScreenshotAsync("users");
    }

    [Fact]
    public async Task UserWithoutAConsoleRole_IsToldAccessIsDenied()
    {
        await Page.GotoAsync("/account/dev-sign-in");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await Page.Locator("form:has(input[name='persona'][value='no-role']) button").ClickAsync();

        await Expect(Page.Locator("h1")).ToHaveTextAsync("Access denied");
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/access-denied"));
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
    }
}
