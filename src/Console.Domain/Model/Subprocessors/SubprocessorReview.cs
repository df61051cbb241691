using AdminConsole.Domain.Model.Common;

namespace AdminConsole.Domain.Model.Subprocessors;

[Flags]
public enum ReviewArtifacts
{
    None = 0,
    AttestationReport = 1,
    PenTest = 2,
    Questionnaire = 4,
    Dpa = 8,
}

public enum ReviewOutcome
{
    Approved = 0,
    ApprovedWithConditions = 1,
    Rejected = 2,
}

/// <summary>A periodic review of a subprocessor: who checked what, when, with which outcome.</summary>
public sealed class SubprocessorReview
{
    public const int ReviewerMaxLength = 200;
    public const int NotesMaxLength = 4000;

    private SubprocessorReview()
    {
        Reviewer = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid SubprocessorId { get; private set; }

    public DateOnly ReviewedOn { get; private set; }

    public string Reviewer { get; private set; }

    public ReviewArtifacts Artifacts { get; private set; }

    public ReviewOutcome Outcome { get; private set; }

    public string? Notes { get; private set; }

    public DateOnly NextDueOn { get; private set; }

    internal static SubprocessorReview Create(
        Guid subprocessorId, DateOnly reviewedOn, string? reviewer, ReviewArtifacts artifacts, ReviewOutcome outcome, string? notes, DateOnly? nextDue, DateOnly today)
    {
        if (reviewedOn > today)
            throw new DomainRuleException(nameof(ReviewedOn), "A review cannot be dated in the future.");
        if (artifacts == ReviewArtifacts.None || (artifacts & ~(ReviewArtifacts.AttestationReport | ReviewArtifacts.PenTest | ReviewArtifacts.Questionnaire | ReviewArtifacts.Dpa)) != 0)
            throw new DomainRuleException(nameof(Artifacts), "Name at least one artifact checked (attestation report, pen test, questionnaire, DPA).");
        var latest = reviewedOn.AddMonths(Subprocessor.ReviewIntervalMonths);
        var due = nextDue ?? latest;
        if (due <= reviewedOn || due > latest)
            throw new DomainRuleException(nameof(NextDueOn), $"The next review is due within 12 months: between {reviewedOn.AddDays(1):yyyy-MM-dd} and {latest:yyyy-MM-dd}.");
        var text = notes?.Trim();
        if (text is { Length: > NotesMaxLength })
            throw new DomainRuleException(nameof(Notes), $"Notes must be at most {NotesMaxLength} characters.");
        return new SubprocessorReview
        {
            Id = Guid.NewGuid(),
            SubprocessorId = subprocessorId,
            ReviewedOn = reviewedOn,
            Reviewer = Guard.Text(reviewer, nameof(Reviewer), "Reviewer", ReviewerMaxLength),
            Artifacts = artifacts,
            Outcome = Guard.Defined(outcome, nameof(Outcome), "Outcome"),
            Notes = string.IsNullOrEmpty(text) ? null : text,
            NextDueOn = due,
        };
    }
}
