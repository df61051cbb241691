using System.Diagnostics;
using AdminConsole.Domain.Persistence;
using AdminConsole.TestSupport;
using Microsoft.Playwright;

namespace AdminConsole.Bench;

/// <summary>
/// Time to interactive of the workspaces page in Chromium: navigation start until the circuit is live and the
/// first page of the grid shows, with 10,000 workspaces and, as the baseline in the same run, with 100.
/// Then the round trips a user makes: go to the last page, filter by plan, sort by name.
/// </summary>
internal static class WorkspacesPageBenchmark
{
    private const int Runs = 7;

    public static async Task RunAsync()
    {
        Report.Section("Workspaces page in Chromium: time to interactive and grid round trips (Release, SQLite)");
        var (playwright, browser) = await Browser.LaunchAsync();
        try
        {
            foreach (var rows in new[] { 100, 10_000 })
                await MeasureAsync(browser, rows);
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    private static async Task MeasureAsync(IBrowser browser, int rows)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var server = await ConsoleServer.StartAsync(database, new Dictionary<string, string>
        {
            ["DemoData__Enabled"] = "true",
            ["DemoData__Workspaces"] = rows.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        var tti = new List<double>();
        var filter = new List<double>();
        var sort = new List<double>();
        var last = new List<double>();
        for (var run = 0; run <= Runs; run++)
        {
            // Signed in first (the development sign-in, as a console admin): the time counted is the page's own.
            await using var context = await browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString(), IgnoreHTTPSErrors = true });
            var page = await context.NewPageAsync();
            await page.GotoAsync("/account/dev-sign-in?returnUrl=%2Faccount%2Fsigned-out");
            await page.Locator("form:has(input[name='persona'][value='admin']) button").ClickAsync();
            await page.WaitForURLAsync(url => !url.Contains("dev-sign-in", StringComparison.Ordinal), new() { Timeout = 60_000 });
            var watch = Stopwatch.StartNew();
            await page.GotoAsync("/workspaces");
            await page.Locator(".console-layout[data-interactive='true']").WaitForAsync();
            await Assertions.Expect(page.Locator(".workspace-grid tbody tr")).ToHaveCountAsync(25);
            var ttiMs = watch.Elapsed.TotalMilliseconds;

            var firstRow = page.Locator(".workspace-grid tbody tr").First;
            var firstBefore = await firstRow.TextContentAsync();
            watch.Restart();
            await page.GetByRole(AriaRole.Button, new() { Name = "Last page", Exact = true }).ClickAsync();
            await Assertions.Expect(firstRow).Not.ToHaveTextAsync(firstBefore!);
            var lastMs = watch.Elapsed.TotalMilliseconds;

            var count = page.Locator(".result-count");
            var before = await count.TextContentAsync();
            watch.Restart();
            await page.GetByRole(AriaRole.Combobox, new() { Name = "Plan", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Listbox).GetByRole(AriaRole.Option, new() { Name = "Enterprise", Exact = true }).ClickAsync();
            await Assertions.Expect(count).Not.ToHaveTextAsync(before!);
            var filterMs = watch.Elapsed.TotalMilliseconds;

            firstBefore = await firstRow.TextContentAsync();
            watch.Restart();
            await page.GetByRole(AriaRole.Table, new() { Name = "Workspaces" }).GetByRole(AriaRole.Button, new() { Name = "Name", Exact = true }).ClickAsync();
            await Assertions.Expect(firstRow).Not.ToHaveTextAsync(firstBefore!);
            var sortMs = watch.Elapsed.TotalMilliseconds;


            // The first run warms the server and the browser's cache; it is not counted.
            if (run == 0)
                continue;
            tti.Add(ttiMs);
            filter.Add(filterMs);
            sort.Add(sortMs);
            last.Add(lastMs);
        }

        Report.Line($"- {rows:N0} workspaces: time to interactive {Report.Stats(tti, "ms")}");
        Report.Line($"  - last page: {Report.Stats(last, "ms")}; filter by plan: {Report.Stats(filter, "ms")}; sort by name, descending: {Report.Stats(sort, "ms")}");
    }
}
