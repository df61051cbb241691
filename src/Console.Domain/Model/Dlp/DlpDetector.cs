namespace AdminConsole.Domain.Model.Dlp;

/// <summary>
/// A kind of sensitive content the scanner looks for. <see cref="Id"/> is stable: alerts, hooks and workspace
/// settings store it (<c>payment-card</c>, <c>custom:employee-id</c>).
/// </summary>
public sealed record DlpDetector(string Id, string Name, DlpSeverity Severity, string Description)
{
    public const string CustomPrefix = "custom:";

    public bool IsCustom => Id.StartsWith(CustomPrefix, StringComparison.Ordinal);
}
