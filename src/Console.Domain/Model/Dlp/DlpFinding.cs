namespace AdminConsole.Domain.Model.Dlp;

/// <summary>
/// One hit of a detector: where it is in the scanned text and a redacted excerpt. The raw matched value is never
/// kept here, so a finding can be stored, logged and sent to a DLP partner as it is.
/// </summary>
public sealed record DlpFinding(string DetectorId, DlpSeverity Severity, int Start, int Length, string Excerpt)
{
    public int End => Start + Length;
}

/// <summary>Scanned text with its findings replaced by their excerpts, and the findings' places in it.</summary>
public sealed record DlpRedactedText(string Text, IReadOnlyList<DlpFinding> Findings);
