namespace AdminConsole.Domain.Model.Dlp.Hooks;

/// <summary>The events a DLP hook can subscribe to; the CloudEvents <c>type</c> is <see cref="CloudEventTypePrefix"/> + the name.</summary>
public static class DlpHookEvents
{
    public const string AlertCreated = "dlp.alert.created";
    public const string AlertResolved = "dlp.alert.resolved";
    public const string Test = "dlp.test";

    public const string CloudEventTypePrefix = "com.adminconsole.";

    public static IReadOnlyList<string> All { get; } = [AlertCreated, AlertResolved, Test];

    public static bool IsKnown(string? name) => name is not null && All.Contains(name, StringComparer.Ordinal);

    public static string CloudEventType(string name) => CloudEventTypePrefix + name;
}
