using Microsoft.Playwright;

namespace AdminConsole.E2E.Pages;

/// <summary>The audit log: its filters, its entries, the chain check; and one entry's page.</summary>
public sealed class AuditLogPage(IPage page)
{
    public ConsoleUi Ui { get; } = new(page);

    public ILocator Entries => Ui.Rows("Audit entries");

    public ILocator Entry(string containing) => Entries.Filter(new() { HasText = containing });

    public ILocator ResultCount => page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("entr(y|ies)") });

    public ILocator Verify => Ui.Button("Verify the audit log");

    public ILocator VerifyResult => page.GetByRole(AriaRole.Region, new() { Name = "Verify the chain" }).GetByRole(AriaRole.Status);

    /// <summary>Types into a filter's text box and leaves it.</summary>
    public async Task FilterAsync(string label, string text)
    {
        await Ui.Field(label).FillAsync(text);
        await Ui.Field(label).PressAsync("Tab");
    }

    /// <summary>One entry's page: the fields that changed, in its before-and-after table.</summary>
    public ILocator ChangedFields => page.GetByRole(AriaRole.Region, new() { Name = "Before and after" }).GetByRole(AriaRole.Row).Filter(new() { HasText = "(changed)" });

    /// <summary>Whether the page is wider than the window (a table pushing it sideways).</summary>
    public Task<bool> OverflowsAsync() => page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1");
}
