using AdminConsole.Domain.Model.Common;

namespace AdminConsole.Domain.Model.Dlp;

/// <summary>What the scanned content was.</summary>
public enum DlpSource
{
    Prompt = 0,
    AiOutput = 1,
}

public enum DlpAlertStatus
{
    Open = 0,
    Acknowledged = 1,
    Resolved = 2,
}

/// <summary>
/// Sensitive content found in a prompt or an AI output. It says where (source, position, length), what (detector,
/// severity) and shows a redacted excerpt; the matched value itself is never kept. Its source may be purged by the
/// retention jobs long before the alert is: the alert stands on its own.
/// </summary>
public sealed class DlpAlert
{
    public const int DetectorIdMaxLength = 80;
    public const int DetectorNameMaxLength = 120;
    public const int ExcerptMaxLength = 200;
    public const int NoteMaxLength = 1000;
    public const int ByMaxLength = 200;

    private DlpAlert()
    {
        DetectorId = string.Empty;
        DetectorName = string.Empty;
        Excerpt = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid WorkspaceId { get; private set; }

    /// <summary>The member whose prompt it was (none for an AI output).</summary>
    public Guid? UserObjectId { get; private set; }

    public DlpSource Source { get; private set; }

    /// <summary>The prompt log's or AI output's id.</summary>
    public long SourceId { get; private set; }

    public string DetectorId { get; private set; }

    public string DetectorName { get; private set; }

    public DlpSeverity Severity { get; private set; }

    /// <summary>Where the match starts in the content, in characters.</summary>
    public int Position { get; private set; }

    public int Length { get; private set; }

    public string Excerpt { get; private set; }

    public DateTimeOffset DetectedAt { get; private set; }

    public DlpAlertStatus Status { get; private set; }

    public string? StatusNote { get; private set; }

    public DateTimeOffset? StatusChangedAt { get; private set; }

    public string? StatusChangedBy { get; private set; }

    public static DlpAlert Raise(Guid workspaceId, Guid? userObjectId, DlpSource source, long sourceId, DlpFinding finding, string detectorName, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (workspaceId == Guid.Empty)
            throw new DomainRuleException(nameof(WorkspaceId), "Workspace is required.");
        return new DlpAlert
        {
            Id = Guid.NewGuid(),
            WorkspaceId = workspaceId,
            UserObjectId = userObjectId,
            Source = Guard.Defined(source, nameof(Source), "Source"),
            SourceId = sourceId,
            DetectorId = Guard.Text(finding.DetectorId, nameof(DetectorId), "Detector", DetectorIdMaxLength),
            DetectorName = Cut(detectorName, DetectorNameMaxLength),
            Severity = Guard.Defined(finding.Severity, nameof(Severity), "Severity"),
            Position = finding.Start,
            Length = finding.Length,
            Excerpt = Cut(finding.Excerpt, ExcerptMaxLength),
            DetectedAt = now,
            Status = DlpAlertStatus.Open,
        };
    }

    /// <summary>Seen and being looked at; a note is optional.</summary>
    public void Acknowledge(string by, string? note, DateTimeOffset now)
    {
        if (Status != DlpAlertStatus.Open)
            throw new DomainRuleException(nameof(Status), Status == DlpAlertStatus.Resolved ? "The alert is already resolved." : "The alert is already acknowledged.");
        Change(DlpAlertStatus.Acknowledged, by, string.IsNullOrWhiteSpace(note) ? null : Note(note), now);
    }

    /// <summary>Dealt with: the note says how (required, so the record explains itself to an auditor).</summary>
    public void Resolve(string by, string? note, DateTimeOffset now)
    {
        if (Status == DlpAlertStatus.Resolved)
            throw new DomainRuleException(nameof(Status), "The alert is already resolved.");
        if (string.IsNullOrWhiteSpace(note))
            throw new DomainRuleException(nameof(StatusNote), "Say how the alert was resolved.");
        Change(DlpAlertStatus.Resolved, by, Note(note), now);
    }

    private void Change(DlpAlertStatus status, string by, string? note, DateTimeOffset now)
    {
        StatusChangedBy = Guard.Text(by, nameof(StatusChangedBy), "Changed by", ByMaxLength);
        Status = status;
        StatusNote = note;
        StatusChangedAt = now;
    }

    /// <summary>Several lines are fine in a note; other control characters are not.</summary>
    private static string Note(string note)
    {
        var trimmed = note.Trim();
        if (trimmed.Length > NoteMaxLength)
            throw new DomainRuleException(nameof(StatusNote), $"The note must be at most {NoteMaxLength} characters.");
        if (trimmed.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
            throw new DomainRuleException(nameof(StatusNote), "The note must not contain control characters.");
        return trimmed;
    }

    private static string Cut(string? value, int max) => value is null ? string.Empty : value.Length <= max ? value : value[..max];
}
