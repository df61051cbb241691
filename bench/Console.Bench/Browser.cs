using Microsoft.Playwright;

namespace AdminConsole.Bench;

internal static class Browser
{
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        return (playwright, browser);
    }

    /// <summary>
    /// Opens a page as a console admin (the development sign-in, in a browser context of its own) and waits until its
    /// circuit is interactive. The console serves https with a certificate made for the run.
    /// </summary>
    public static async Task<IPage> OpenInteractiveAsync(IBrowser browser, Uri baseAddress, string path)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = baseAddress.ToString(), IgnoreHTTPSErrors = true });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/account/dev-sign-in?returnUrl={Uri.EscapeDataString(path)}");
        await page.Locator("form:has(input[name='persona'][value='admin']) button").ClickAsync();
        await page.Locator(".user-box").WaitForAsync(new() { Timeout = 60_000 });
        await page.Locator(".console-layout[data-interactive='true']").WaitForAsync(new() { Timeout = 60_000 });
        return page;
    }
}
