using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E.Pages;

/// <summary>The workspaces list: its filters, its grid and its result count.</summary>
public sealed class WorkspaceListPage(IPage page)
{
    private readonly ConsoleUi _ui = new(page);

    public ILocator Rows => _ui.Rows("Workspaces");

    public ILocator ResultCount => page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex(@"workspaces?$") });

    public ILocator Row(string name) => Rows.Filter(new() { HasText = name });

    public Task SearchAsync(string text) => page.GetByLabel("Search by name").FillAsync(text);

    public Task FilterAsync(string filter, string option) => _ui.SelectAsync(filter, option);

    public Task SortByAsync(string column) => _ui.Grid("Workspaces").GetByRole(AriaRole.Button, new() { Name = column, Exact = true }).ClickAsync();

    public Task GoToPageAsync(string which) => page.GetByRole(AriaRole.Button, new() { Name = which, Exact = true }).ClickAsync();
}

/// <summary>The new-workspace form.</summary>
public sealed class WorkspaceFormPage(IPage page)
{
    private readonly ConsoleUi _ui = new(page);

    public ILocator Name => _ui.Field("Name");

    public ILocator Create => _ui.Button("Create workspace");

    public Task ChoosePlanAsync(string plan) => _ui.SelectAsync("Plan", plan);

    public Task ChooseRegionAsync(string region) => _ui.SelectAsync("Data region", region);

    public Task ExpectErrorAsync(string field, string message) => _ui.ExpectFieldErrorAsync(field, message);
}

/// <summary>A workspace's page: its facts, settings, teams and members.</summary>
public sealed class WorkspaceDetailPage(IPage page)
{
    private readonly ConsoleUi _ui = new(page);

    public ConsoleUi Ui => _ui;

    public ILocator Facts => page.Locator("dl").First;

    /// <summary>One of the workspace's own pages, from the list of them under its facts.</summary>
    public Task OpenAsync(string name) =>
        page.GetByRole(AriaRole.Navigation, new() { Name = "This workspace's pages" }).GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();

    public ILocator Teams => page.GetByRole(AriaRole.Region, new() { Name = "Teams" });

    public ILocator MemberRow(string text) => _ui.Rows("Members").Filter(new() { HasText = text });

    public async Task SavePlanAsync(string plan)
    {
        await _ui.SelectAsync("Plan", plan);
        await _ui.Button("Save changes").ClickAsync();
    }

    public async Task AddTeamAsync(string name)
    {
        await _ui.Field("New team name").FillAsync(name);
        await _ui.Button("Add team").ClickAsync();
    }

    public async Task FillMemberAsync(string name, string email, string objectId)
    {
        await _ui.Field("Display name").FillAsync(name);
        await _ui.Field("Email").FillAsync(email);
        await _ui.Field("Entra ID object id").FillAsync(objectId);
    }

    public Task AddMemberAsync() => _ui.Button("Add member").ClickAsync();

    public async Task ExpectPlanAsync(string plan) => await Expect(Facts).ToContainTextAsync(plan);
}

/// <summary>A workspace's API keys: the key just created, the keys' table, the form.</summary>
public sealed class ApiKeysPage(IPage page)
{
    private readonly ConsoleUi _ui = new(page);

    public ConsoleUi Ui => _ui;

    public ILocator NewKey => page.GetByRole(AriaRole.Region, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Key .* created$") });

    public ILocator Secret => _ui.Field("New API key");

    /// <summary>The keys' rows (the table's header row left out), each headed by the key's name.</summary>
    public ILocator Rows => page.GetByRole(AriaRole.Table).Locator("tbody").GetByRole(AriaRole.Row);

    /// <summary>A key's status cell: the sixth column.</summary>
    public static ILocator Status(ILocator row) => row.GetByRole(AriaRole.Cell).Nth(4);

    public Task CreateAsync() => _ui.Button("Create key").ClickAsync();

    public Task ChooseScopeAsync(string scopeLabel) => page.GetByRole(AriaRole.Checkbox, new() { Name = scopeLabel }).CheckAsync();
}
