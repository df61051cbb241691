using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Jobs;
using AdminConsole.Domain.Model.Lifecycle;
using AdminConsole.Domain.Model.Posture;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Model.Workspaces;

namespace AdminConsole.Domain.Tests;

public class PostureRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public void Registry_GivesEveryRuleAUniqueCodeANameAndACommitment_AndFindsItByCode()
    {
        Assert.Equal(PostureRules.All.Count, PostureRules.All.Select(r => r.Code).Distinct(StringComparer.Ordinal).Count());
        Assert.All(PostureRules.All, r => Assert.False(string.IsNullOrWhiteSpace(r.Name) || string.IsNullOrWhiteSpace(r.Commitment)));
        Assert.Same(PostureRules.ReviewOverdue, PostureRules.Find("review-overdue"));
        Assert.Null(PostureRules.Find("no-such-rule"));
    }

    [Fact]
    public void ReviewedTwelveMonthsLessADayAgo_IsNotOverdue()
    {
        var subprocessor = Authorized("Vector Store Inc", authorizedAt: Now.AddYears(-3));
        Review(subprocessor, Today.AddMonths(-12).AddDays(1));

        Assert.Empty(Evaluate(subprocessor));
    }

    [Fact]
    public void ReviewedTwelveMonthsAndADayAgo_IsOverdueSinceToday()
    {
        var subprocessor = Authorized("Vector Store Inc", authorizedAt: Now.AddYears(-3));
        Review(subprocessor, Today.AddMonths(-12).AddDays(-1));

        var violation = Assert.Single(Evaluate(subprocessor));

        Assert.Equal(PostureRules.ReviewOverdue, violation.Rule);
        Assert.Equal((PostureSubjectKind.Subprocessor, subprocessor.Id.ToString(), "Vector Store Inc"), (violation.SubjectKind, violation.SubjectId, violation.SubjectName));
        Assert.Equal("Last reviewed on 2025-10-31; the next review was due on 2026-10-31.", violation.Detail);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), violation.Since);
    }

    [Fact]
    public void NeverReviewed_IsOverdueTwelveMonthsAfterAuthorization_NotBefore()
    {
        var recent = Authorized("Recent Ltd", authorizedAt: Now.AddMonths(-12).AddDays(1));
        var old = Authorized("Old Ltd", authorizedAt: Now.AddMonths(-12).AddDays(-1));

        var violation = Assert.Single(Evaluate(recent, old));

        Assert.Equal("Old Ltd", violation.SubjectName);
        Assert.StartsWith("Never reviewed", violation.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ASubprocessorNotAuthorized_BreaksNoRegistryRule()
    {
        var proposed = Subprocessor.Propose(Details("Proposed BV", [new Certification(CertificationType.Iso27001, Today.AddDays(-100))]), Now.AddYears(-3));
        var retired = Authorized("Retired AG", Now.AddYears(-3), new Certification(CertificationType.Soc2Type2, Today.AddDays(-100)));
        retired.Retire(Now.AddYears(-2));

        Assert.Empty(Evaluate(proposed, retired));
    }

    [Fact]
    public void ACertificationExpiringToday_IsStillInForce_OneThatExpiredYesterdayIsAViolation()
    {
        var subprocessor = Authorized(
            "Hosting Co", Now.AddDays(-60), new Certification(CertificationType.Soc2Type2, Today), new Certification(CertificationType.Iso27001, Today.AddDays(-1)));

        var violation = Assert.Single(Evaluate(subprocessor));

        Assert.Equal(PostureRules.CertificationExpired, violation.Rule);
        Assert.Equal("ISO 27001 expired on 2026-10-31.", violation.Detail);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), violation.Since);
    }

    [Fact]
    public void RetentionLag_OfExactlyOneInterval_IsWithinTolerance_AMinuteMoreIsBehind()
    {
        var within = Evidence(DataKind.PromptLog, Plan.Free, 30, lag: Hour);
        var past = Evidence(DataKind.AiOutput, Plan.Business, 30, lag: Hour + TimeSpan.FromMinutes(1));

        var violation = Assert.Single(PostureRules.Evaluate(Facts(Job(Now.AddMinutes(-5), within, past)), Now));

        Assert.Equal((PostureRules.RetentionBehind, PostureSubjectKind.RetentionJob, "retention-enforcement"), (violation.Rule, violation.SubjectKind, violation.SubjectId));
        Assert.StartsWith("AI outputs on the Business plan: the oldest item left was 1 h 1 min past the 30-day promise", violation.Detail, StringComparison.Ordinal);
        Assert.Equal(past.OldestPresentAt!.Value.AddDays(30), violation.Since);
    }

    [Fact]
    public void ItemsKeptByALegalHold_AreNotAViolation()
    {
        var held = JobRunEvidence.Start(Guid.NewGuid(), DataKind.PromptLog, Plan.Enterprise, 30);
        held.Close(held: 5_000, oldestPresentAt: null, Now.AddMinutes(-5));

        Assert.Empty(PostureRules.Evaluate(Facts(Job(Now.AddMinutes(-5), held)), Now));
    }

    [Fact]
    public void AJobLastSucceededTwoIntervalsAgo_IsOnTime_AMinuteLaterItHasStopped()
    {
        Assert.Empty(PostureRules.Evaluate(Facts(Job(Now - (2 * Hour))), Now));

        var last = Now - (2 * Hour) - TimeSpan.FromMinutes(1);
        var violation = Assert.Single(PostureRules.Evaluate(Facts(Job(last)), Now));

        Assert.Equal(PostureRules.RetentionBehind, violation.Rule);
        Assert.Equal("No successful run since 2026-11-01 06:59 UTC, more than 2 intervals of 1 h 0 min: the job has stopped purging.", violation.Detail);
        Assert.Equal(last + (2 * Hour), violation.Since);
    }

    [Fact]
    public void AJobThatNeverRan_IsBehind()
    {
        var violation = Assert.Single(PostureRules.Evaluate(Facts(Job(lastSucceeded: null)), Now));

        Assert.Equal(("Retention enforcement", null), (violation.SubjectName, violation.Since));
        Assert.Contains("No run of this job has succeeded", violation.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void EvaluatingOneRule_ReturnsOnlyItsViolations()
    {
        var subprocessor = Authorized("Both Inc", Now.AddYears(-3), new Certification(CertificationType.HipaaBaa, Today.AddDays(-3)));
        var facts = new PostureFacts([subprocessor], [Job(lastSucceeded: null)], []);

        Assert.Equal(3, PostureRules.Evaluate(facts, Now).Count);
        var only = Assert.Single(PostureRules.Evaluate(PostureRules.CertificationExpired, facts, Now));
        Assert.Equal("HIPAA BAA expired on 2026-10-29.", only.Detail);
    }

    [Fact]
    public void Snapshot_RefusesTheSameRuleTwice_AndAddsUpItsCounts()
    {
        var error = Assert.Throws<DomainRuleException>(() => PostureSnapshot.Take([new("review-overdue", 1), new("review-overdue", 2)], Now));
        Assert.Equal("The rule review-overdue is counted twice.", error.Message);

        var snapshot = PostureSnapshot.Take([new("review-overdue", 1), new("certification-expired", 2)], Now);
        Assert.Equal((Today, 3), (snapshot.Day, snapshot.Total));
    }

    private static IReadOnlyList<PostureViolation> Evaluate(params Subprocessor[] subprocessors) =>
        PostureRules.Evaluate(new PostureFacts(subprocessors, [], []), Now);

    private static PostureFacts Facts(RetentionJobState job) => new([], [job], []);

    private static RetentionJobState Job(DateTimeOffset? lastSucceeded, params JobRunEvidence[] evidence) =>
        new("retention-enforcement", "Retention enforcement", Hour, lastSucceeded, lastSucceeded, evidence);

    /// <summary>Evidence of a run that finished five minutes ago with its oldest item <paramref name="lag"/> past the promise.</summary>
    private static JobRunEvidence Evidence(DataKind kind, Plan plan, int limitDays, TimeSpan lag)
    {
        var finished = Now.AddMinutes(-5);
        var evidence = JobRunEvidence.Start(Guid.NewGuid(), kind, plan, limitDays);
        evidence.Close(0, finished - TimeSpan.FromDays(limitDays) - lag, finished);
        Assert.Equal(lag, evidence.Lag);
        return evidence;
    }

    private static Subprocessor Authorized(string name, DateTimeOffset authorizedAt, params Certification[] certifications)
    {
        var proposedAt = authorizedAt - Subprocessor.DefaultNoticePeriod;
        var subprocessor = Subprocessor.Propose(Details(name, certifications), proposedAt);
        subprocessor.PublishNotice(proposedAt, authorizedAt, Subprocessor.DefaultNoticePeriod);
        subprocessor.Authorize(authorizedAt);
        return subprocessor;
    }

    private static void Review(Subprocessor subprocessor, DateOnly on) =>
        subprocessor.RecordReview(on, "Olivia Officer", ReviewArtifacts.AttestationReport, ReviewOutcome.Approved, null, null, on);

    private static SubprocessorDetails Details(string name, Certification[] certifications) =>
        new(name, "Processing", ProcessingCategory.Hosting, ["Pages"], ["US"], certifications, "DPA", false, 30, RiskTier.Low, null);
}
