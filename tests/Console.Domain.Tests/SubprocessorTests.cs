using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Subprocessors;

namespace AdminConsole.Domain.Tests;

public class SubprocessorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);

    internal static SubprocessorDetails Details(
        string legalName = "OpenAI, L.L.C.", string[]? countries = null, bool zeroRetention = true, int? retentionDays = 0, string? website = "https://openai.com") =>
        new(legalName, "Large language model inference for workspace Q&A and writing help", ProcessingCategory.Llm,
            ["Prompts", "AI output"], countries ?? ["US"], [new Certification(CertificationType.Soc2Type2, Today.AddMonths(8))],
            "DPA 2026-04", zeroRetention, retentionDays, RiskTier.High, website);

    [Theory]
    [InlineData("LegalName", "Acme\r\nBcc: victim@example.com", "Legal name must not contain control characters.")]
    [InlineData("Purpose", "LLM inference\nX-Injected: 1", "Purpose must not contain control characters.")]
    [InlineData("DataCategories", "Prompts\rBcc: v@example.com", "Data category must not contain control characters.")]
    public void AFieldThatReachesANoticeMail_RefusesLineBreaks(string field, string value, string message)
    {
        var error = Assert.Throws<DomainRuleException>(() => new SubprocessorDetails(
            field == "LegalName" ? value : "Acme Inc",
            field == "Purpose" ? value : "LLM inference",
            ProcessingCategory.Llm,
            [field == "DataCategories" ? value : "Prompts"],
            ["US"], [], "DPA-1", true, 0, RiskTier.High, null));

        Assert.Equal((field, message), (error.Field, error.Message));
    }

    [Fact]
    public void Propose_StartsProposedAndNotSelectable()
    {
        var subprocessor = Subprocessor.Propose(Details(), Now);

        Assert.Equal(SubprocessorStatus.Proposed, subprocessor.Status);
        Assert.False(subprocessor.IsSelectable);
        Assert.Equal("OpenAI, L.L.C.", subprocessor.LegalName);
        Assert.Equal(["US"], subprocessor.Countries);
    }

    [Fact]
    public void PublishNotice_WithEffectiveDateInsideTheNoticePeriod_IsRefusedAndNamesTheEarliestDate()
    {
        var subprocessor = Subprocessor.Propose(Details(), Now);

        var error = Assert.Throws<DomainRuleException>(() => subprocessor.PublishNotice(Now, Now.AddDays(30).AddSeconds(-1), Subprocessor.DefaultNoticePeriod));

        Assert.Equal("EffectiveAt", error.Field);
        Assert.Contains("2026-12-01 09:00 UTC or later", error.Message, StringComparison.Ordinal);
        Assert.Equal(SubprocessorStatus.Proposed, subprocessor.Status);
        Assert.Null(subprocessor.NoticePublishedAt);
    }

    /// <summary>
    /// The form offers its earliest moment when it is shown and publishes after a confirmation: that moment is still
    /// accepted a quarter of an hour later, whatever the second it was offered at (the end of the notice period
    /// itself was refused a moment after it was shown).
    /// </summary>
    [Theory]
    [InlineData("2026-11-01T09:00:00Z", "2026-12-01T10:00:00Z")]
    [InlineData("2026-11-01T09:44:59.999Z", "2026-12-01T10:00:00Z")]
    [InlineData("2026-11-01T09:45:00.001Z", "2026-12-01T11:00:00Z")]
    [InlineData("2026-11-01T23:50:00Z", "2026-12-02T01:00:00Z")]
    public void TheEarliestOfferedEffectiveMoment_IsAWholeHour_StillAcceptedAQuarterHourAfterItWasOffered(string offeredAt, string expected)
    {
        var shown = DateTimeOffset.Parse(offeredAt, System.Globalization.CultureInfo.InvariantCulture);

        var earliest = Subprocessor.EarliestOfferedEffectiveAt(shown, Subprocessor.DefaultNoticePeriod);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), earliest);
        var subprocessor = Subprocessor.Propose(Details(), shown);
        subprocessor.PublishNotice(shown + Subprocessor.PublishFormMargin, earliest, Subprocessor.DefaultNoticePeriod);
        Assert.Equal(earliest, subprocessor.EffectiveAt);
    }

    [Fact]
    public void PublishNotice_WithAShorterNoticePeriodThanPublished_IsRefused()
    {
        var subprocessor = Subprocessor.Propose(Details(), Now);

        Assert.Throws<DomainRuleException>(() => subprocessor.PublishNotice(Now, Now.AddDays(20), TimeSpan.FromDays(14)));
    }

    [Fact]
    public void Authorize_OneSecondBeforeTheEffectiveDate_IsRefused_AndAtTheEffectiveDate_Succeeds()
    {
        var subprocessor = Subprocessor.Propose(Details(), Now);
        var effective = Now.AddDays(30);
        subprocessor.PublishNotice(Now, effective, Subprocessor.DefaultNoticePeriod);

        Assert.Throws<DomainRuleException>(() => subprocessor.Authorize(effective.AddSeconds(-1)));
        Assert.Equal(SubprocessorStatus.NoticePeriod, subprocessor.Status);

        subprocessor.Authorize(effective);
        Assert.Equal(SubprocessorStatus.Authorized, subprocessor.Status);
        Assert.True(subprocessor.IsSelectable);
        Assert.Equal(effective, subprocessor.AuthorizedAt);
    }

    [Fact]
    public void Authorize_WithoutANotice_IsRefused()
    {
        var subprocessor = Subprocessor.Propose(Details(), Now);

        Assert.Throws<DomainRuleException>(() => subprocessor.Authorize(Now.AddYears(1)));
    }

    [Fact]
    public void Retired_IsNotSelectableAndCannotChange()
    {
        var subprocessor = Authorized();
        subprocessor.Retire(Now.AddDays(60));

        Assert.False(subprocessor.IsSelectable);
        Assert.Throws<DomainRuleException>(() => subprocessor.UpdateDetails(Details(), Now.AddDays(61)));
        Assert.Throws<DomainRuleException>(() => subprocessor.RecordReview(Today.AddDays(61), "Olivia", ReviewArtifacts.PenTest, ReviewOutcome.Approved, null, null, Today.AddDays(61)));
    }

    [Theory]
    [InlineData("USA", "Countries")]
    [InlineData("u1", "Countries")]
    public void Details_WithBadCountryCode_AreRefusedOnThatField(string country, string field)
    {
        var error = Assert.Throws<DomainRuleException>(() => Details(countries: [country]));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Details_WithPlainHttpWebsite_AreRefused()
    {
        var error = Assert.Throws<DomainRuleException>(() => Details(website: "http://openai.com"));

        Assert.Equal("Website", error.Field);
    }

    [Fact]
    public void Details_ZeroRetentionCapableWithRetentionDays_AreRefused()
    {
        var error = Assert.Throws<DomainRuleException>(() => Details(zeroRetention: true, retentionDays: 30));

        Assert.Equal("RetentionDays", error.Field);
    }

    [Fact]
    public void Review_IsDueTwelveMonthsAfterAuthorization_ThenAfterTheLastReview()
    {
        var subprocessor = Authorized();
        var authorizedOn = DateOnly.FromDateTime(subprocessor.AuthorizedAt!.Value.UtcDateTime);

        Assert.Equal(authorizedOn.AddMonths(12), subprocessor.ReviewDueOn());
        Assert.False(subprocessor.IsReviewOverdue(authorizedOn.AddMonths(12)));
        Assert.True(subprocessor.IsReviewOverdue(authorizedOn.AddMonths(12).AddDays(1)));

        var reviewedOn = authorizedOn.AddMonths(11);
        subprocessor.RecordReview(reviewedOn, "Olivia Officer", ReviewArtifacts.AttestationReport | ReviewArtifacts.PenTest, ReviewOutcome.Approved, "SOC 2 report 2026 read.", null, reviewedOn);
        Assert.Equal(reviewedOn.AddMonths(12), subprocessor.ReviewDueOn());
    }

    [Fact]
    public void Review_WithNextDueBeyondTwelveMonths_IsRefused()
    {
        var subprocessor = Authorized();

        var error = Assert.Throws<DomainRuleException>(() =>
            subprocessor.RecordReview(Today, "Olivia", ReviewArtifacts.Questionnaire, ReviewOutcome.Approved, null, Today.AddMonths(13), Today));

        Assert.Equal("NextDueOn", error.Field);
    }

    [Fact]
    public void Review_WithoutArtifactsOrInTheFuture_IsRefused()
    {
        var subprocessor = Authorized();

        Assert.Equal("Artifacts", Assert.Throws<DomainRuleException>(() => subprocessor.RecordReview(Today, "Olivia", ReviewArtifacts.None, ReviewOutcome.Approved, null, null, Today)).Field);
        Assert.Equal("ReviewedOn", Assert.Throws<DomainRuleException>(() => subprocessor.RecordReview(Today.AddDays(1), "Olivia", ReviewArtifacts.PenTest, ReviewOutcome.Approved, null, null, Today)).Field);
        Assert.Empty(subprocessor.Reviews);
    }

    [Fact]
    public void Certification_ExpiringWithin30Days_IsFlagged()
    {
        var soon = new Certification(CertificationType.Iso27001, Today.AddDays(30));
        var later = new Certification(CertificationType.Iso27001, Today.AddDays(31));
        var lapsed = new Certification(CertificationType.Iso27001, Today.AddDays(-1));

        Assert.True(soon.ExpiresSoon(Today));
        Assert.False(later.ExpiresSoon(Today));
        Assert.True(lapsed.IsExpired(Today));
        Assert.False(lapsed.ExpiresSoon(Today));
    }

    [Fact]
    public void PublishNotice_CreatesAnAddedNotice_AndRetiringAnAnnouncedOne_ARemovedNotice()
    {
        var subprocessor = Subprocessor.Propose(Details(), Now);
        var added = subprocessor.PublishNotice(Now, Now.AddDays(45), Subprocessor.DefaultNoticePeriod);
        var removed = subprocessor.Retire(Now.AddDays(50));

        Assert.Equal((NoticeKind.Added, "New subprocessor: OpenAI, L.L.C.", Now, Now.AddDays(45)), (added.Kind, added.Title, added.PublishedAt, added.EffectiveAt));
        Assert.Contains("Effective 2026-12-16 09:00 UTC", added.Summary, StringComparison.Ordinal);
        Assert.Equal(NoticeKind.Removed, removed!.Kind);
        Assert.Equal(subprocessor.Id, removed.SubprocessorId);
    }

    [Fact]
    public void Retire_ANeverAnnouncedSubprocessor_NeedsNoNotice()
    {
        var subprocessor = Subprocessor.Propose(Details(), Now);

        Assert.Null(subprocessor.Retire(Now.AddDays(1)));
        Assert.Equal(SubprocessorStatus.Retired, subprocessor.Status);
    }

    private static Subprocessor Authorized()
    {
        var subprocessor = Subprocessor.Propose(Details(), Now);
        subprocessor.PublishNotice(Now, Now.AddDays(30), Subprocessor.DefaultNoticePeriod);
        subprocessor.Authorize(Now.AddDays(30));
        return subprocessor;
    }
}
