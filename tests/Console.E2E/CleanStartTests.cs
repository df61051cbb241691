using System.Text.RegularExpressions;
using AdminConsole.Domain.Persistence;
using AdminConsole.TestSupport;

namespace AdminConsole.E2E;

/// <summary>
/// A first start on an empty database — migrations, demo data, the jobs' first runs — logs no warning and no error:
/// an operator who sees one in the log of a healthy start learns to ignore them.
/// </summary>
public sealed partial class CleanStartTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task AFirstStart_OnAnEmptyDatabase_LogsNoWarningAndNoError(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var settings = new Dictionary<string, string> { ["DemoData__Enabled"] = "true", ["DemoData__Workspaces"] = "60" };
        await using var server = await ConsoleServer.StartAsync(database, settings);

        // The jobs start with the host: their first runs happen in these seconds.
        await Task.Delay(TimeSpan.FromSeconds(8));

        var output = server.Output;
        Assert.Contains("Seeded 60 demo workspaces", output, StringComparison.Ordinal);
        var flagged = LevelAtLeastWarning().Matches(output).Select(m => m.Value).ToList();
        Assert.True(flagged.Count == 0, "The start logged:\n" + string.Join('\n', flagged) + "\n\n" + output);
    }

    [GeneratedRegex(@"^\[\d\d:\d\d:\d\d (WRN|ERR|FTL)\].*$", RegexOptions.Multiline)]
    private static partial Regex LevelAtLeastWarning();
}
