using AdminConsole.Domain.Persistence;
using AdminConsole.TestSupport;

namespace AdminConsole.E2E;

/// <summary>What a newcomer sees in the terminal after starting the console in Development.</summary>
public sealed class ConsoleOutputTests
{
    [Fact]
    public async Task AtStart_SaysWhereToSignInAndAsWhom_AndRoutineJobRunsStayOutOfTheLog()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var server = await ConsoleServer.StartAsync(database);

        // Every job runs at start; the DLP hook dispatch runs again after 10 s, the notice dispatch after 15 s.
        await Task.Delay(TimeSpan.FromSeconds(17));
        var output = server.Output;

        Assert.Contains($"Development sign-in: open {server.BaseAddress.AbsoluteUri.TrimEnd('/')}/account/dev-sign-in and choose a persona: admin (Console.Admin), officer (Compliance.Officer), second-officer (Compliance.Officer), auditor (Compliance.Auditor), workspace-admin (Workspace.Admin), no-role (no console role)", output, StringComparison.Ordinal);
        var jobLines = output.Split('\n').Where(l => l.Contains("AdminConsole.Jobs.", StringComparison.Ordinal)).ToList();

        // The one run that did something on an empty database: the day's posture snapshot.
        Assert.Equal(["posture-snapshot"], jobLines.Select(l => l.Split(" run ")[0].Split("Job ")[^1]).Distinct(StringComparer.Ordinal));
        Assert.Single(jobLines);
    }
}
