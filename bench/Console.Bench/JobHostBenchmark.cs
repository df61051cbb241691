using System.Globalization;
using AdminConsole.Domain.Persistence;
using AdminConsole.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace AdminConsole.Bench;

/// <summary>
/// The cost of the job host on a node: CPU and RSS of a console process idling with every job scheduled (after
/// each has run once), the CPU the database server spent meanwhile, and the delay from a click on *Run now* on
/// /jobs to the start of the run (its run record), median of 20.
/// </summary>
internal static class JobHostBenchmark
{
    private const int Clicks = 20;

    /// <summary>An hourly job that takes milliseconds: its schedule does not fire during the clicks.</summary>
    private const string Job = "posture-snapshot";

    private const string JobTitle = "Posture snapshot";

    private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    private static readonly string[] AllJobs =
    [
        "subprocessor-authorization", "notice-dispatch", "dlp-hook-dispatch", "reminders", "retention-enforcement",
        "trash-purge", "embedding-purge", "posture-snapshot", "audit-report-generation",
    ];

    public static async Task RunAsync()
    {
        var providers = new List<DatabaseProvider> { DatabaseProvider.Sqlite };
        if (Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable) is { Length: > 0 })
            providers.Add(DatabaseProvider.Postgres);
        foreach (var provider in providers)
            await RunAsync(provider);
    }

    private static async Task RunAsync(DatabaseProvider provider)
    {
        Report.Section($"Job host on one node ({provider}, demo data: 2,400 workspaces; every job scheduled)");
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = await ConsoleServer.StartAsync(database, new Dictionary<string, string> { ["DemoData__Enabled"] = "true" });

        // Every job runs once as the node starts: wait for those runs, then for the node to settle.
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (!await AllRanAsync(database) && DateTime.UtcNow < deadline)
            await Task.Delay(500);
        if (!await AllRanAsync(database))
            throw new InvalidOperationException("Not every job ran within five minutes of the start.");
        await Task.Delay(TimeSpan.FromSeconds(10));

        var cpuBefore = CpuSeconds(server.ProcessId);
        var dbBefore = provider == DatabaseProvider.Postgres ? PostgresCpuSeconds() : 0;
        var runsBefore = await RunCountAsync(database);
        await Task.Delay(Window);
        var cpu = CpuSeconds(server.ProcessId) - cpuBefore;
        var dbCpu = provider == DatabaseProvider.Postgres ? PostgresCpuSeconds() - dbBefore : 0;
        var runs = await RunCountAsync(database) - runsBefore;
        Report.Line($"- idle for {Window.TotalSeconds:0} s ({runs} scheduled runs in it): console process {cpu:0.00} CPU s ({100 * cpu / Window.TotalSeconds:0.00} % of a core), RSS {Report.RssMiB(server.ProcessId):0} MiB");
        if (provider == DatabaseProvider.Postgres)
            Report.Line($"- PostgreSQL server processes in the same window: {dbCpu:0.00} CPU s ({100 * dbCpu / Window.TotalSeconds:0.00} % of a core)");

        var (playwright, browser) = await Browser.LaunchAsync();
        try
        {
            var page = await Browser.OpenInteractiveAsync(browser, server.BaseAddress, "/jobs");
            var delays = new List<double>();
            for (var i = 0; i < Clicks; i++)
            {
                // A fresh circuit for each click: the button of the last one may still be on its way to disabled.
                if (i > 0)
                {
                    await page.GotoAsync("/jobs");
                    await page.Locator(".console-layout[data-interactive='true']").WaitForAsync(new() { Timeout = 60_000 });
                }

                var button = page.GetByRole(AriaRole.Button, new() { Name = $"Run {JobTitle} now" });
                await Assertions.Expect(button).ToBeEnabledAsync(new() { Timeout = 60_000 });
                var known = await RunIdsAsync(database);
                var clicked = DateTimeOffset.UtcNow;
                await button.ClickAsync();
                var (run, started) = await NextStartAsync(database, known);
                delays.Add((started - clicked).TotalMilliseconds);
                await FinishedAsync(database, run);
            }

            Report.Line($"- *Run now* click to the run's start ({Job}): {Report.Stats(delays, "ms")}");
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    private static async Task<bool> AllRanAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        var finished = await db.JobRuns.Where(r => r.FinishedAt != null).Select(r => r.JobName).Distinct().ToListAsync();
        var running = await db.JobRuns.AnyAsync(r => r.FinishedAt == null);
        return !running && AllJobs.All(finished.Contains);
    }

    private static async Task<int> RunCountAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        return await db.JobRuns.CountAsync();
    }

    private static async Task<HashSet<Guid>> RunIdsAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        return [.. await db.JobRuns.Where(r => r.JobName == Job).Select(r => r.Id).ToListAsync()];
    }

    private static async Task FinishedAsync(TestDatabase database, Guid run)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            await using var db = database.CreateContext();
            if (await db.JobRuns.AnyAsync(r => r.Id == run && r.FinishedAt != null))
                return;
            await Task.Delay(50);
        }

        throw new TimeoutException("The run did not finish within two minutes.");
    }

    private static async Task<(Guid Id, DateTimeOffset StartedAt)> NextStartAsync(TestDatabase database, HashSet<Guid> known)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            await using var db = database.CreateContext();
            var runs = await db.JobRuns.Where(r => r.JobName == Job).Select(r => new { r.Id, r.StartedAt }).ToListAsync();
            if (runs.FirstOrDefault(r => !known.Contains(r.Id)) is { } run)
                return (run.Id, run.StartedAt);
            await Task.Delay(10);
        }

        throw new TimeoutException("The run asked for did not start within two minutes.");
    }

    /// <summary>User plus system CPU time of a process, from /proc/PID/stat (in clock ticks of 1/100 s).</summary>
    private static double CpuSeconds(int processId) => Ticks(File.ReadAllText($"/proc/{processId}/stat")) / 100.0;

    /// <summary>CPU time of every process named postgres on the machine (the test server is the only one).</summary>
    private static double PostgresCpuSeconds()
    {
        double ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _))
                continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                if (stat.Contains("(postgres)", StringComparison.Ordinal))
                    ticks += Ticks(stat);
            }
            catch (IOException)
            {
                // The process ended while the list was read.
            }
        }

        return ticks / 100.0;
    }

    /// <summary>Fields 14 and 15 (utime, stime) of /proc/PID/stat, counted after the command name's closing parenthesis.</summary>
    private static long Ticks(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }
}
