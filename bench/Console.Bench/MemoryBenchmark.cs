using AdminConsole.Domain.Persistence;
using AdminConsole.TestSupport;
using Microsoft.Playwright;

namespace AdminConsole.Bench;

/// <summary>Server memory (RSS) idle, with one and with twenty connected circuits on a page (the dashboard unless told).</summary>
internal static class MemoryBenchmark
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    /// <summary>How many circuits to open (ADMINCONSOLE_BENCH_CIRCUITS, 20 unless told): more circuits, less of the GC's noise per circuit.</summary>
    private static int Circuits => int.TryParse(Environment.GetEnvironmentVariable("ADMINCONSOLE_BENCH_CIRCUITS"), out var n) && n > 1 ? n : 20;

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
            var oneHeap = await Report.LiveHeapMiBAsync(server.ProcessId);
            Report.Line($"- 1 connected circuit ({name}): {one:0} MiB{Heap(oneHeap)}");

            for (var i = 1; i < Circuits; i++)
                pages.Add(await Browser.OpenInteractiveAsync(browser, server.BaseAddress, path));
            await Task.Delay(Settle);
            var twenty = Report.RssMiB(server.ProcessId);
            var twentyHeap = await Report.LiveHeapMiBAsync(server.ProcessId);
            Report.Line($"- {Circuits} connected circuits ({name}): {twenty:0} MiB ({(twenty - one) / (Circuits - 1):0.00} MiB per extra circuit){Heap(twentyHeap)}");
            if (oneHeap is { } a && twentyHeap is { } b)
                Report.Line($"  - live managed heap per extra circuit: {(b - a) / (Circuits - 1):0.000} MiB");
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    private static string Heap(double? mib) => mib is { } m ? $"; live managed heap {m:0.0} MiB" : string.Empty;
}
