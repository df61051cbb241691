using Xunit;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("AdminConsole.E2E.LongestFirst", "Console.E2E")]

namespace AdminConsole.E2E;

/// <summary>
/// Starts the longest test classes first. Every class is a collection of its own and two run at a time (the machine's two
/// cores); started in this order, the long ones overlap instead of leaving one lane running alone at the end. The
/// figures are the classes' wall times in seconds in CI (docs/benchmarks.md); a class not listed starts after these, by
/// name. They only order the run: no test depends on them.
/// </summary>
public sealed class LongestFirst : ITestCollectionOrderer
{
    private static readonly Dictionary<string, int> Seconds = new(StringComparer.Ordinal)
    {
        ["PageTourTests"] = 75,
        ["JobClusterTests"] = 66,
        ["PageTourOnPostgresTests"] = 60,
        ["RetentionCrashTests"] = 57,
        ["JobTakeoverTests"] = 46,
        ["AuditAndAccessTests"] = 30,
        ["SubscriptionTests"] = 28,
        ["CleanStartTests"] = 27,
        ["WorkspaceFlowTests"] = 26,
        ["ModelRegisterTests"] = 25,
        ["ReportTests"] = 21,
        ["ConsoleOutputTests"] = 20,
        ["SubprocessorRegistryTests"] = 18,
        ["RetentionPolicyTests"] = 14,
        ["DlpTests"] = 14,
        ["TrashTests"] = 14,
        ["MetricsTests"] = 14,
    };

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections
            .OrderByDescending(c => Seconds.GetValueOrDefault(ClassOf(c)))
            .ThenBy(c => c.DisplayName, StringComparer.Ordinal);

    /// <summary>A class's own collection is named "Test collection for Namespace.Class".</summary>
    private static string ClassOf(ITestCollection collection) => collection.DisplayName[(collection.DisplayName.LastIndexOf('.') + 1)..];
}

/// <summary>
/// Tests that hold the console to a time it promises (a change answered by every node within a second): they run after
/// the others, one at a time, on a machine doing nothing else, as the promise is made for a console that is not sharing
/// two cores with browsers and other consoles.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimedPromises
{
    public const string Name = "timed promises";
}
