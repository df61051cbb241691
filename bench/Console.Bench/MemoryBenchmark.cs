using AdminConsole.Domain.Persistence;
using AdminConsole.TestSupport;
using Microsoft.Playwright;

namespace AdminConsole.Bench;

/// <summary>Server memory (RSS) idle, with one and with twenty connected circuits on a page (the dashboard unless told).</summary>
internal static class MemoryBenchmark
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(string path = "/")
    {
        var name = path == "/" ? "dashboard" : path.TrimStart('/');
        Report.Section($"Server memory (RSS of the server process; demo data: 2,400 workspaces, SQLite; circuits on {name})");
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var server = await ConsoleServer.StartAsync(database, new Dictionary<string, string> { ["DemoData__Enabled"] = "true" });
        // The console serves https with a certificate made for the run.
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        using var http = new HttpClient(handler) { BaseAddress = server.BaseAddress };
        await http.GetStringAsync(new Uri("/", UriKind.Relative));
        await Task.Delay(Settle);
        Report.Line($"- idle after start and one page request: {Report.RssMiB(server.ProcessId):0} MiB");

        var (playwright, browser) = await Browser.LaunchAsync();
        try
        {
            var pages = new List<IPage> { await Browser.OpenInteractiveAsync(browser, server.BaseAddress, path) };
            await Task.Delay(Settle);
            var one = Report.RssMiB(server.ProcessId);
            Report.Line($"- 1 connected circuit ({name}): {one:0} MiB");

            for (var i = 1; i < 20; i++)
                pages.Add(await Browser.OpenInteractiveAsync(browser, server.BaseAddress, path));
            await Task.Delay(Settle);
            var twenty = Report.RssMiB(server.ProcessId);
            Report.Line($"- 20 connected circuits ({name}): {twenty:0} MiB ({(twenty - one) / 19:0.0} MiB per extra circuit)");
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
