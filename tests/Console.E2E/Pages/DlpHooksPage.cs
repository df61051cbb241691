using Microsoft.Playwright;

namespace AdminConsole.E2E.Pages;

/// <summary>A workspace's DLP hooks: the hooks, the add form, the secret shown once, a hook's deliveries, the dead letters.</summary>
public sealed class DlpHooksPage(IPage page)
{
    private readonly ConsoleUi _ui = new(page);

    public ConsoleUi Ui => _ui;

    /// <summary>The secret just made, in its read-only field (shown once).</summary>
    public ILocator Secret => _ui.Field("Signing secret");

    public ILocator SecretHeading => page.GetByRole(AriaRole.Heading, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Signing secret of ") });

    /// <summary>The hooks' rows, each headed by the hook's name.</summary>
    public ILocator Hooks => page.GetByRole(AriaRole.Region, new() { Name = "Hooks", Exact = true }).Locator("tbody").GetByRole(AriaRole.Row);

    public ILocator Hook(string name) => Hooks.Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = name, Exact = true }) });

    /// <summary>Why the workspace's plan has no hooks, or why the reader may only read them.</summary>
    public ILocator Note => page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("Enterprise plan|You can read these hooks") });

    public ILocator AddButton => _ui.Button("Add hook");

    public ILocator DeliveriesHeading(string hook) => page.GetByRole(AriaRole.Heading, new() { Name = $"Deliveries of {hook}", Exact = true });

    public ILocator Deliveries(string hook) => _ui.Rows($"Deliveries of {hook}");

    public ILocator DeadLetters => _ui.Rows("Dead letters");

    public async Task AddAsync(string name, string url)
    {
        await _ui.Field("Name").FillAsync(name);
        await _ui.Field("Endpoint URL (https)").FillAsync(url);
        await AddButton.ClickAsync();
    }

    /// <summary>One of a hook's actions, by its accessible name ("Rotate the secret of Partner DLP").</summary>
    public Task ActAsync(string action) => _ui.Button(action).ClickAsync();

    public Task OpenDeliveriesAsync(string hook) => page.GetByRole(AriaRole.Link, new() { Name = $"Deliveries of {hook}", Exact = true }).ClickAsync();
}
