using AdminConsole.Domain.Persistence;
using AdminConsole.TestSupport;

namespace AdminConsole.Bench;

/// <summary>Renders the README's screenshot of the dashboard from the embedded default's demo data.</summary>
internal static class ScreenshotCommand
{
    public static async Task RunAsync()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var server = await ConsoleServer.StartAsync(database, new Dictionary<string, string> { ["DemoData__Enabled"] = "true" });
        var (playwright, browser) = await Browser.LaunchAsync();
        try
        {
            var page = await Browser.OpenInteractiveAsync(browser, server.BaseAddress, "/");
            await page.SetViewportSizeAsync(1280, 800);
            await page.Locator(".plan-chart svg").First.WaitForAsync();
            await Task.Delay(1000);
            var path = Path.Combine(ConsoleServer.RepositoryRoot, "docs", "screenshots", "dashboard.png");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await page.ScreenshotAsync(new() { Path = path });
            Report.Line($"screenshot: {path}");
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
