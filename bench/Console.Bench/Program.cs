using System.Globalization;
using AdminConsole.Bench;

// Usage: dotnet run -c Release --project bench/Console.Bench -- [startup] [memory] [memory-workspaces] [workspaces] [query] [audit] [notices] [purge] [purge-trace] [purge-workspaces] [purge-workspaces-trace] [ai-policy] [dlp-scan] [dlp-ingest] [report-render] [jobs] [model-retire]
// (no argument: the first six; `ai-policy` needs Debian's wrk, `dlp-scan` Debian's ripgrep for its baseline; `purge-trace` is `purge` writing each statement and commit of the job to stderr; `purge-workspaces` purges 2M rows over 100, 2,400 and 10,000 workspaces, `purge-workspaces-trace` one round of 10,000 traced; `report-render` renders 25k/50k/100k-row audit reports, each run in a child process of its own; `jobs` the job host's idle CPU/RSS and the *Run now* delay; `model-retire` retires a model 2,400 and 10,000 workspaces chose). Needs Debian's chromium, and for the PostgreSQL figures ADMINCONSOLE_TEST_POSTGRES
// (tools/test-postgres.sh start prints where it listens).
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args is [ReportRenderBenchmark.ChildCommand, ..])
{
    return await ReportRenderBenchmark.RunChildAsync(args[1..]);
}

var selected = args.Length == 0 ? ["startup", "memory", "workspaces", "query", "audit", "notices"] : args;
Report.Header();
foreach (var name in selected)
{
    switch (name)
    {
        case "startup":
            await StartupBenchmark.RunAsync();
            break;
        case "memory":
            await MemoryBenchmark.RunAsync();
            break;
        case "memory-workspaces":
            await MemoryBenchmark.RunAsync("/workspaces");
            break;
        case "workspaces":
            await WorkspacesPageBenchmark.RunAsync();
            break;
        case "query":
            await ListQueryBenchmark.RunAsync();
            break;
        case "audit":
            await AuditBenchmark.RunAsync();
            break;
        case "notices":
            await NoticeBenchmark.RunAsync();
            break;
        case "purge":
            await PurgeBenchmark.RunAsync();
            break;
        case "purge-trace":
            await PurgeBenchmark.RunAsync(trace: true);
            break;
        case "purge-workspaces":
            foreach (var workspaces in PurgeBenchmark.WorkspaceCounts)
                await PurgeBenchmark.RunAsync(2_000_000, workspaces);
            break;
        case "purge-workspaces-trace":
            await PurgeBenchmark.RunAsync(2_000_000, PurgeBenchmark.WorkspaceCounts[^1], trace: true);
            break;
        case "purge-100k":
            await PurgeBenchmark.RunAsync(100_000);
            break;
        case "notices-100k":
            await NoticeBenchmark.RunAsync(100_000);
            break;
        case "notices-10k":
            await NoticeBenchmark.RunAsync(10_000);
            break;
        case "ai-policy":
            await AiPolicyBenchmark.RunAsync();
            break;
        case "dlp-scan":
            await DlpScanBenchmark.RunAsync();
            break;
        case "dlp-ingest":
            await DlpIngestBenchmark.RunAsync();
            break;
        case "report-render":
            await ReportRenderBenchmark.RunAsync();
            break;
        case "jobs":
            await JobHostBenchmark.RunAsync();
            break;
        case "model-retire":
            await ModelRetireBenchmark.RunAsync();
            break;
        default:
            Console.Error.WriteLine($"unknown benchmark '{name}'");
            return 2;
    }
}

return 0;
