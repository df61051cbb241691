using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E.Pages;

/// <summary>The subprocessor registry: the list, the form that proposes or edits one, a subprocessor's page, its notices' deliveries, the subscribers.</summary>
public sealed class SubprocessorPages(IPage page)
{
    public ConsoleUi Ui { get; } = new(page);

    public ILocator ResultCount => page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("subprocessor|deliver|subscriber|Loading") }).First;

    public ILocator Rows => Ui.Rows("Subprocessors");

    /// <summary>The facts at the top of a subprocessor's page (status, category, risk…).</summary>
    public ILocator Facts => page.Locator("main dl").First;

    public Task ProposeAsync() => page.GetByRole(AriaRole.Link, new() { Name = "Propose a subprocessor" }).ClickAsync();

    /// <summary>Fills the registry form; category and risk tier by their display names.</summary>
    public async Task FillAsync(string legalName, string purpose, string category, string dataCategories, string countries, string dpa, string riskTier, string? website = null)
    {
        await Ui.Field("Legal name").FillAsync(legalName);
        await Ui.Field("Purpose").FillAsync(purpose);
        await Ui.SelectAsync("Processing category", category);
        await Ui.Field("Data categories (comma-separated)").FillAsync(dataCategories);
        await Ui.Field("Countries or regions (comma-separated codes)").FillAsync(countries);
        await Ui.Field("DPA reference").FillAsync(dpa);
        await Ui.SelectAsync("Risk tier", riskTier);
        if (website is not null)
            await Ui.Field("Website (https)").FillAsync(website);
    }

    /// <summary>Types the notice's effective day and publishes it, confirming.</summary>
    public async Task PublishNoticeAsync(DateTimeOffset day)
    {
        var field = Ui.Field("Effective date (UTC)");
        await field.FillAsync(day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await field.PressAsync("Tab");
        await Expect(field).ToHaveValueAsync(day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await Ui.Button("Publish notice").ClickAsync();
        await Ui.ConfirmAsync("Publish notice");
    }

    /// <summary>A section of a subprocessor's page (Reviews, Reminders sent, Notices and who was told, Objections), by its heading.</summary>
    public ILocator Section(string heading) => page.GetByRole(AriaRole.Region, new() { Name = heading, Exact = true });

    public ILocator Deliveries => Ui.Rows("Deliveries");

    public ILocator Subscribers => Ui.Rows("Subscribers");

    /// <summary>A count on the subscribers page (Confirmed, Pending, Unsubscribed).</summary>
    public ILocator Count(string label) => page.Locator(".stat-card", new() { HasText = label });
}
