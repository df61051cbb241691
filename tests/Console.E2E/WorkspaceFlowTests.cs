using AdminConsole.Domain.Model.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

public class WorkspaceFlowTests(BrowserFixture browser) : ConsolePageTest(browser)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SignInAsAsync("admin");
    }

    [Fact]
    public async Task Dashboard_BecomesInteractive_AndIsAccessible()
    {
        await SeedAsync(("Acme Research", Plan.Enterprise), ("Globex Legal", Plan.Free), ("Initech Sales", Plan.Plus));

        await GoToInteractiveAsync("/");

        await Expect(Page.Locator("h1")).ToHaveTextAsync("Dashboard");
        await Expect(Page.Locator(".stat-card").First).ToContainTextAsync("3");

        // A server round trip through the circuit: collapsing the navigation only works once interactive.
        var toggle = Page.GetByRole(AriaRole.Button, new() { Name = "Toggle navigation" });
        var areas = Page.GetByRole(AriaRole.Navigation, new() { Name = "Areas" });
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(areas).ToBeInViewportAsync();
        await toggle.ClickAsync();
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(areas).Not.ToBeInViewportAsync();
        await toggle.ClickAsync();
        await Expect(areas).ToBeInViewportAsync();

        await SaveScreenshotAsync("dashboard");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task CreateWorkspace_ThroughTheForm_AppearsInTheList()
    {
        await GoToInteractiveAsync("/workspaces/new");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);

        await Page.GetByLabel("Name").First.FillAsync("Wonka Research");
        await ChooseAsync("plan", "Enterprise");
        await ChooseAsync("region", "EU");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create workspace" }).ClickAsync();

        await Expect(Page.Locator("h1")).ToHaveTextAsync("Wonka Research");
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/workspaces/[0-9a-f-]{36}$"));
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await SaveScreenshotAsync("workspace-detail");

        await GoToInteractiveAsync("/workspaces");
        await Page.GetByLabel("Search by name").FillAsync("wonka");
        var row = Page.Locator(".workspace-grid tbody tr", new() { HasText = "Wonka Research" });
        await Expect(row).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("Enterprise");
        await Expect(row).ToContainTextAsync("EU");
        await Expect(Page.Locator(".result-count")).ToHaveTextAsync("1 workspace");

        await using var db = Database.CreateContext();
        var saved = await db.Workspaces.SingleAsync();
        Assert.Equal(("Wonka Research", Plan.Enterprise, DataRegion.EU), (saved.Name, saved.Plan, saved.Region));
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task CreateWorkspace_WithBadInput_ShowsMessagesNextToTheFieldsAndSavesNothing()
    {
        await GoToInteractiveAsync("/workspaces/new");
        var name = Page.GetByLabel("Name").First;
        var create = Page.GetByRole(AriaRole.Button, new() { Name = "Create workspace" });

        await create.ClickAsync();
        await Expect(Page.Locator("#name-error")).ToHaveTextAsync("Name is required.");
        await Expect(Page.Locator("#plan-error")).ToHaveTextAsync("Choose a plan.");

        await name.FillAsync(new string('x', 101));
        await ChooseAsync("plan", "Business");
        await create.ClickAsync();
        await Expect(Page.Locator("#name-error")).ToHaveTextAsync("Name must be at most 100 characters.");
        await Expect(Page.Locator("#plan-error")).ToBeEmptyAsync();

        await name.FillAsync("   ");
        await create.ClickAsync();
        await Expect(Page.Locator("#name-error")).ToHaveTextAsync("Name is required.");
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/workspaces/new$"));
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await SaveScreenshotAsync("workspace-form-errors");

        await using var db = Database.CreateContext();
        Assert.Equal(0, await db.Workspaces.CountAsync());
    }

    [Fact]
    public async Task WorkspaceList_PagesSortsAndFilters_AndIsAccessible()
    {
        var seeded = Enumerable.Range(1, 60).Select(i => ($"Tenant {i:D2}", (Plan)(i % 4))).ToArray();
        await SeedAsync(seeded);

        await GoToInteractiveAsync("/workspaces");
        var rows = Page.Locator(".workspace-grid tbody tr");
        await Expect(Page.Locator(".result-count")).ToHaveTextAsync("60 workspaces");
        await Expect(rows).ToHaveCountAsync(25);
        await Expect(rows.First).ToContainTextAsync("Tenant 01");

        await Page.Locator(".workspace-grid th", new() { HasText = "Name" }).ClickAsync();
        await Page.Locator(".workspace-grid th", new() { HasText = "Name" }).ClickAsync();
        await Expect(rows.First).ToContainTextAsync("Tenant 60");

        await ChooseAsync("plan", "Enterprise");
        await Expect(Page.Locator(".result-count")).ToHaveTextAsync("15 workspaces");
        await Expect(rows).ToHaveCountAsync(15);

        await SaveScreenshotAsync("workspaces");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);

        // On a laptop-sized window the name column keeps its room (the grid scrolls sideways instead).
        await Page.SetViewportSizeAsync(1280, 800);
        var name = rows.First.GetByRole(AriaRole.Link);
        await Expect(name).ToBeVisibleAsync();
        Assert.True((await name.BoundingBoxAsync())!.Width > 60, "The workspace name is squeezed out of the grid.");
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task WorkspaceDetail_ChangePlanAfterConfirming_AddTeamAndMember()
    {
        await SeedAsync(("Hooli Platform", Plan.Plus));
        await using (var db = Database.CreateContext())
            await GoToInteractiveAsync($"/workspaces/{(await db.Workspaces.SingleAsync()).Id}");

        await ChooseAsync("plan", "Enterprise");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Alertdialog);
        await Expect(dialog).ToContainTextAsync("Change the plan from Plus to Enterprise?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Keep Plus" }).ClickAsync();
        await Expect(Page.Locator(".facts")).ToContainTextAsync("Plus");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Page.GetByRole(AriaRole.Alertdialog).GetByRole(AriaRole.Button, new() { Name = "Change plan" }).ClickAsync();
        await Expect(Page.Locator(".facts")).ToContainTextAsync("Enterprise");

        await Page.GetByLabel("New team name").FillAsync("Legal");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Add team" }).ClickAsync();
        await Expect(Page.Locator("table[aria-labelledby='teams-heading']")).ToContainTextAsync("Legal");

        // Checked while the "Team added" notification is on screen: its colours must pass too.
        await Expect(Page.Locator(".rz-notification-success", new() { HasText = "Team added" })).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(Page);

        await Page.GetByLabel("Display name").FillAsync("Grace Hopper");
        await Page.GetByLabel("Email").FillAsync("not-an-email");
        await Page.GetByLabel("Entra ID object id").FillAsync("7c9e6679-7425-40de-944b-e07fc1f90ae7");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Add member" }).ClickAsync();
        await Expect(Page.GetByText("Enter a valid email address.")).ToBeVisibleAsync();
        await Page.GetByLabel("Email").FillAsync("grace@hooli.example");
        await Page.GetByLabel("Email").PressAsync("Tab");

        // The message goes once the field is valid; wait for the layout to settle before the next click.
        await Expect(Page.GetByText("Enter a valid email address.")).ToBeHiddenAsync();
        await ChooseAsync("member-team", "Legal");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Add member" }).ClickAsync();
        var memberRow = Page.Locator("tr", new() { HasText = "grace@hooli.example" });
        await Expect(memberRow).ToContainTextAsync("Legal");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);

        await using var check = Database.CreateContext();
        var saved = await check.Workspaces.Include(w => w.Members).ThenInclude(m => m.Teams).SingleAsync();
        Assert.Equal(Plan.Enterprise, saved.Plan);
        var member = Assert.Single(saved.Members);
        Assert.Equal(("Grace Hopper", "Legal"), (member.DisplayName, Assert.Single(member.Teams).Name));
        AssertNoConsoleErrors();
    }

    private async Task SeedAsync(params (string Name, Plan Plan)[] workspaces)
    {
        await using var db = Database.CreateContext();
        var now = DateTimeOffset.UtcNow;
        db.Workspaces.AddRange(workspaces.Select((w, i) => Workspace.Create(w.Name, w.Plan, DataRegion.US, now.AddMinutes(-i))));
        await db.SaveChangesAsync();
    }
}
