namespace AdminConsole.Domain.Model.Dlp;

/// <summary>How much a DLP finding matters; alerts and hooks filter on it.</summary>
public enum DlpSeverity
{
    Low = 0,
    Medium = 1,
    High = 2,
    Critical = 3,
}
