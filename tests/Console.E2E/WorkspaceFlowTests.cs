using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.E2E.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

public class WorkspaceFlowTests(BrowserFixture browser) : ConsolePageTest(browser)
{
    /// <summary>About pages and sign-in, not jobs.</summary>
    protected override bool RunsJobs => false;

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

        var form = new WorkspaceFormPage(Page);
        await form.Name.FillAsync("Wonka Research");
        await form.ChoosePlanAsync("Enterprise");
        await form.ChooseRegionAsync("EU");
        await form.Create.ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Wonka Research");
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/workspaces/[0-9a-f-]{36}$"));
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await SaveScreenshotAsync("workspace-detail");

        await GoToInteractiveAsync("/workspaces");
        var list = new WorkspaceListPage(Page);
        await list.SearchAsync("wonka");
        await Expect(list.Rows).ToHaveCountAsync(1);
        await Expect(list.Row("Wonka Research")).ToContainTextAsync("Enterprise");
        await Expect(list.Row("Wonka Research")).ToContainTextAsync("EU");
        await Expect(list.ResultCount).ToHaveTextAsync("1 workspace");

        // The filter is in the address: a reload (or a shared link) shows the same view.
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("[?&]q=wonka"));
        await ReloadInteractiveAsync();
        await Expect(list.Rows).ToHaveCountAsync(1);
        await Expect(Page.GetByLabel("Search by name")).ToHaveValueAsync("wonka");

        await using var db = Database.CreateContext();
        var saved = await db.Workspaces.SingleAsync();
        Assert.Equal(("Wonka Research", Plan.Enterprise, DataRegion.EU), (saved.Name, saved.Plan, saved.Region));
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task CreateWorkspace_WithBadInput_ShowsMessagesNextToTheFieldsAndSavesNothing()
    {
        await GoToInteractiveAsync("/workspaces/new");
        var form = new WorkspaceFormPage(Page);

        await form.Create.ClickAsync();
        await form.ExpectErrorAsync("Name", "Name is required.");
        await form.ExpectErrorAsync("Plan", "Choose a plan.");

        // The field takes at most the 100 characters a name may have.
        await form.Name.FillAsync(new string('x', 101));
        await Expect(form.Name).ToHaveValueAsync(new string('x', 100));
        await form.ChoosePlanAsync("Business");
        await Expect(Page.GetByRole(AriaRole.Combobox, new() { Name = "Plan" })).ToHaveAttributeAsync("aria-invalid", "false");

        await form.Name.FillAsync("   ");
        await form.Create.ClickAsync();
        await form.ExpectErrorAsync("Name", "Name is required.");
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
        var list = new WorkspaceListPage(Page);
        await Expect(list.ResultCount).ToHaveTextAsync("60 workspaces");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "New workspace" })).ToBeVisibleAsync();
        await Expect(list.Rows).ToHaveCountAsync(25);
        await Expect(list.Rows.First).ToContainTextAsync("Tenant 01");

        await list.GoToPageAsync("Next page");
        await Expect(list.Rows.First).ToContainTextAsync("Tenant 26");
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("[?&]page=2"));

        await list.SortByAsync("Name");
        await Expect(list.Rows.First).ToContainTextAsync("Tenant 60");
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("[?&]sort=-Name"));

        await list.FilterAsync("Plan", "Enterprise");
        await Expect(list.ResultCount).ToHaveTextAsync("15 workspaces");
        await Expect(list.Rows).ToHaveCountAsync(15);

        // Sort, filter and page survive a reload.
        await ReloadInteractiveAsync();
        await Expect(list.ResultCount).ToHaveTextAsync("15 workspaces");
        await Expect(list.Rows.First).ToContainTextAsync("Tenant 59");

        await SaveScreenshotAsync("workspaces");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);

        // On a laptop-sized window the name column keeps its room (the grid scrolls sideways instead).
        await Page.SetViewportSizeAsync(1280, 800);
        var name = list.Rows.First.GetByRole(AriaRole.Link);
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
        var detail = new WorkspaceDetailPage(Page);

        await detail.SavePlanAsync("Enterprise");
        await Expect(detail.Ui.Dialog).ToContainTextAsync("Change the plan from Plus to Enterprise?");
        await detail.Ui.ConfirmAsync("Keep Plus");
        await detail.ExpectPlanAsync("Plus");

        await detail.Ui.Button("Save changes").ClickAsync();
        await detail.Ui.ConfirmAsync("Change plan");
        await detail.ExpectPlanAsync("Enterprise");

        await detail.AddTeamAsync("Legal");
        await Expect(detail.Teams).ToContainTextAsync("Legal");

        // Checked while the "Team added" message is on screen: its colours must pass too.
        await Expect(detail.Ui.Outcome("Team Legal added")).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(Page);

        await detail.FillMemberAsync("Grace Hopper", "not-an-email", "7c9e6679-7425-40de-944b-e07fc1f90ae7");
        await detail.AddMemberAsync();
        await detail.Ui.ExpectFieldErrorAsync("Email", "Enter a valid email address.");
        await detail.Ui.Field("Email").FillAsync("grace@hooli.example");
        await detail.Ui.Field("Email").PressAsync("Tab");
        await detail.Ui.ExpectNoFieldErrorAsync("Email");
        await detail.Ui.SelectAsync("Team (optional)", "Legal");
        await detail.AddMemberAsync();
        await Expect(detail.MemberRow("grace@hooli.example")).ToContainTextAsync("Legal");
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
