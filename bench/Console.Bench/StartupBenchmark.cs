using System.Diagnostics;
using AdminConsole.Domain.Persistence;
using AdminConsole.TestSupport;

namespace AdminConsole.Bench;

/// <summary>Process start to the first 200 on /health: on an empty database (migrations run) and an existing one.</summary>
internal static class StartupBenchmark
{
    private const int Runs = 5;

    public static async Task RunAsync()
    {
        Report.Section("Cold start to first 200 on /health (SQLite, Release build, `dotnet Console.Web.dll`)");
        var empty = new List<double>();
        var existing = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
            empty.Add(await TimeStartAsync(database));
            existing.Add(await TimeStartAsync(database));
        }

        Report.Line($"- empty database (creates the file, applies migrations): {Report.Stats(empty, "ms")}");
        Report.Line($"- existing database: {Report.Stats(existing, "ms")}");
    }

    private static async Task<double> TimeStartAsync(TestDatabase database)
    {
        var watch = Stopwatch.StartNew();
        await using var server = await ConsoleServer.StartAsync(database);
        return watch.Elapsed.TotalMilliseconds;
    }
}
