using Microsoft.Playwright;

namespace AdminConsole.E2E.Pages;

/// <summary>The compliance posture: the rules with their counts, the trend chart, and one rule's violations.</summary>
public sealed class PosturePage(IPage page)
{
    public ConsoleUi Ui { get; } = new(page);

    public ILocator Rules => page.GetByRole(AriaRole.Region, new() { Name = "Rules" });

    /// <summary>The count of a rule, as the link that leads to its violations ("Certification expired: 1 violation").</summary>
    public ILocator Count(string rule) => Rules.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex($"^{System.Text.RegularExpressions.Regex.Escape(rule)}: ") });

    public ILocator Total => Rules.GetByRole(AriaRole.Status);

    public ILocator Trend => page.GetByRole(AriaRole.Region, new() { Name = "Trend" });

    public ILocator Chart => Trend.GetByRole(AriaRole.Img);

    /// <summary>The day labels under the chart, as drawn.</summary>
    public ILocator DayLabels => Chart.Locator("text.day");

    public ILocator Legend => Trend.GetByRole(AriaRole.List, new() { Name = "Legend" }).GetByRole(AriaRole.Listitem);

    public Task PeriodAsync(string period) => Trend.GetByRole(AriaRole.Radio, new() { Name = period, Exact = true }).ClickAsync();

    /// <summary>One rule's page: its violations.</summary>
    public ILocator Violations => Ui.Rows("Violations");

    public ILocator ResultCount => page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("violation|Loading") });
}
