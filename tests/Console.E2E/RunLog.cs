using System.Text.RegularExpressions;
using AdminConsole.TestSupport;

namespace AdminConsole.E2E;

/// <summary>Which node started which run, read from the nodes' output (the tests of two nodes on one database).</summary>
public static partial class RunLog
{
    /// <summary>A run's start is logged at Debug: a node started with this setting at Debug writes those lines.</summary>
    public const string AtDebug = "Serilog__MinimumLevel__Override__AdminConsole.Jobs.JobRunRecorder";

    /// <summary>Whether <paramref name="node"/> logged the start of run <paramref name="runId"/> of <paramref name="job"/>.</summary>
    public static bool Started(ConsoleServer node, string job, Guid runId)
    {
        ArgumentNullException.ThrowIfNull(node);
        return StartedLine().Matches(node.Output).Any(m => m.Groups["job"].Value == job && m.Groups["run"].Value == runId.ToString());
    }

    /// <summary>How many run starts <paramref name="node"/> logged.</summary>
    public static int Starts(ConsoleServer node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return StartedLine().Count(node.Output);
    }

    [GeneratedRegex(@"Job (?<job>[a-z-]+) run (?<run>[0-9a-f-]{36}) started on ")]
    private static partial Regex StartedLine();
}
