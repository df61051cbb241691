using Microsoft.Playwright;

namespace AdminConsole.E2E.Pages;

/// <summary>The retention policies: the terms in force per plan, the edit form, each plan's history.</summary>
public sealed class RetentionPage(IPage page)
{
    public ConsoleUi Ui { get; } = new(page);

    public ILocator Terms => page.GetByRole(AriaRole.Region, new() { Name = "Terms in force" }).Locator("tbody").GetByRole(AriaRole.Row);

    public ILocator TermsOf(string plan) => Terms.Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = plan, Exact = true }) });

    /// <summary>The first term's cell (LLM-provider retention) of a plan's row.</summary>
    public ILocator ProviderDays(string plan) => TermsOf(plan).GetByRole(AriaRole.Cell).First;

    public ILocator EditForm => page.GetByRole(AriaRole.Region, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Edit the .* retention policy$") });

    public Task EditAsync(string plan) => Ui.Button($"Edit the {plan} retention policy").ClickAsync();

    public ILocator Field(string label) => Ui.Field(label);

    public Task SaveAsync() => Ui.Button("Save policy").ClickAsync();

    public ILocator History(string plan) => page.GetByRole(AriaRole.Region, new() { Name = plan, Exact = true }).Locator("tbody").GetByRole(AriaRole.Row);
}
