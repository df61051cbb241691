using Microsoft.Playwright;

namespace AdminConsole.E2E.Pages;

/// <summary>The jobs: the list of scheduled jobs, and the selected job's runs and evidence beside it.</summary>
public sealed class JobsPage(IPage page)
{
    public ConsoleUi Ui { get; } = new(page);

    public ILocator Jobs => page.GetByRole(AriaRole.Region, new() { Name = "Scheduled jobs" }).Locator("tbody").GetByRole(AriaRole.Row);

    public ILocator Job(string title) => Jobs.Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = title, Exact = true }) });

    /// <summary>The cell of a job's next run.</summary>
    public ILocator NextRun(string title) => Job(title).GetByRole(AriaRole.Cell).Nth(1);

    public Task OpenAsync(string title) => Job(title).GetByRole(AriaRole.Link, new() { Name = title, Exact = true }).ClickAsync();

    public ILocator RunButton(string title) => Ui.Button($"Run {title} now");

    /// <summary>The selected job's part of the page, named by the job.</summary>
    public ILocator Detail(string title) => page.GetByRole(AriaRole.Region, new() { Name = title, Exact = true });

    public ILocator Runs(string title) => Detail(title).GetByRole(AriaRole.Table, new() { Name = "Runs", Exact = true }).Locator("tbody").GetByRole(AriaRole.Row);

    /// <summary>The evidence row of a kind of data whose plans include <paramref name="plan"/>.</summary>
    public ILocator Evidence(string title, string kind, string plan) =>
        Detail(title).GetByRole(AriaRole.Group, new() { Name = "Evidence of the last run, scrolls sideways" }).Locator("tbody").GetByRole(AriaRole.Row)
            .Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = kind, Exact = true }) })
            .Filter(new() { HasText = plan });
}
