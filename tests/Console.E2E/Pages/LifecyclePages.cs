using Microsoft.Playwright;

namespace AdminConsole.E2E.Pages;

/// <summary>Legal holds (all of them, or one workspace's with the form that places one) and a workspace's trash.</summary>
public sealed class LifecyclePage(IPage page)
{
    public ConsoleUi Ui { get; } = new(page);

    public ILocator Holds => Ui.Rows("Legal holds");

    public ILocator HoldsGrid => Ui.Grid("Legal holds");

    /// <summary>A hold's state cell ("In force", "Lifted"…).</summary>
    public static ILocator State(ILocator row) => row.GetByText(new System.Text.RegularExpressions.Regex("^(In force|Lifted|Ended|Not yet started)$"));

    public ILocator ResultCount => page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("legal hold|deleted page") });

    public ILocator DeletedPages => Ui.Rows("Deleted pages");

    public ILocator DeletedPagesGrid => Ui.Grid("Deleted pages");

    /// <summary>A deleted page's purge date cell.</summary>
    public static ILocator PurgeAt(ILocator row) => row.GetByRole(AriaRole.Cell).Nth(1);

    public ILocator RestoreRefusal => page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "was not restored" });
}
