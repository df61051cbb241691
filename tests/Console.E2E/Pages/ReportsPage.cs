using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E.Pages;

/// <summary>The audit reports: the form that asks for one (scope and period) and the archive.</summary>
public sealed class ReportsPage(IPage page)
{
    public ConsoleUi Ui { get; } = new(page);

    public ILocator Scope => Ui.Field("Scope");

    public ILocator FirstDay => Ui.Field("First day (UTC)");

    public ILocator LastDay => Ui.Field("Last day (UTC, included)");

    public ILocator Generate => Ui.Button("Generate report");

    public ILocator Archive => Ui.Rows("Archive");

    /// <summary>Types a day into a date field (ISO, as shown) and leaves the field, as a person tabbing on would.</summary>
    public static async Task EnterDayAsync(ILocator field, DateOnly day)
    {
        await field.FillAsync(day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await field.PressAsync("Tab");
        await Expect(field).ToHaveValueAsync(day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Types into the scope's search and picks the option named <paramref name="option"/>.</summary>
    public async Task ChooseScopeAsync(string search, string option)
    {
        // Typed as a person types: each key is an input event, and the list opens with the matches.
        await Scope.ClearAsync();
        await Scope.PressSequentiallyAsync(search);
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
        await Expect(Scope).ToHaveValueAsync(option);
    }

    /// <summary>The scope's options offered for a search.</summary>
    public async Task<ILocator> OptionsForAsync(string search)
    {
        await Scope.ClearAsync();
        await Scope.PressSequentiallyAsync(search);
        var options = page.GetByRole(AriaRole.Option);
        await Expect(options.First).ToBeVisibleAsync();
        return options;
    }
}
