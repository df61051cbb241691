using AdminConsole.Domain.Model.Common;

namespace AdminConsole.Domain.Model.Subprocessors;

/// <summary>
/// A third party that processes customer data for the AI features. Customers are promised notice before a new
/// subprocessor may process their data: the lifecycle rules live here, and the jobs and pages call them.
/// </summary>
public sealed class Subprocessor
{
    /// <summary>The notice period unless the installation configures a longer one.</summary>
    public static readonly TimeSpan DefaultNoticePeriod = TimeSpan.FromDays(30);

    /// <summary>A review is overdue this long after the last one (or after authorization, if never reviewed).</summary>
    public const int ReviewIntervalMonths = 12;

    private readonly List<SubprocessorReview> _reviews = [];

    private Subprocessor()
    {
        LegalName = Purpose = DpaReference = string.Empty;
        DataCategories = [];
        Countries = [];
        Certifications = [];
    }

    public Guid Id { get; private set; }

    public string LegalName { get; private set; }

    public string Purpose { get; private set; }

    public ProcessingCategory Category { get; private set; }

    public List<string> DataCategories { get; private set; }

    public List<string> Countries { get; private set; }

    public List<Certification> Certifications { get; private set; }

    public string DpaReference { get; private set; }

    public bool ZeroRetentionCapable { get; private set; }

    public int? RetentionDays { get; private set; }

    public RiskTier RiskTier { get; private set; }

    public string? Website { get; private set; }

    public SubprocessorStatus Status { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? NoticePublishedAt { get; private set; }

    public DateTimeOffset? EffectiveAt { get; private set; }

    public DateTimeOffset? AuthorizedAt { get; private set; }

    public DateTimeOffset? RetiredAt { get; private set; }

    public IReadOnlyCollection<SubprocessorReview> Reviews => _reviews.AsReadOnly();

    /// <summary>Only authorized subprocessors may be chosen by a workspace (as its LLM provider, for one).</summary>
    public bool IsSelectable => Status == SubprocessorStatus.Authorized;

    public SubprocessorDetails Details => new(
        LegalName, Purpose, Category, DataCategories, Countries, Certifications, DpaReference, ZeroRetentionCapable, RetentionDays, RiskTier, Website);

    public static Subprocessor Propose(SubprocessorDetails details, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);
        var subprocessor = new Subprocessor { Id = Guid.NewGuid(), Status = SubprocessorStatus.Proposed, CreatedAt = now };
        subprocessor.Apply(details, now);
        return subprocessor;
    }

    public void UpdateDetails(SubprocessorDetails details, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);
        if (Status == SubprocessorStatus.Retired)
            throw new DomainRuleException(nameof(Status), "A retired subprocessor can no longer be changed.");
        Apply(details, now);
    }

    /// <summary>
    /// Publishes the notice that this subprocessor will process customer data from <paramref name="effectiveAt"/>,
    /// which must leave subscribers at least <paramref name="noticePeriod"/> to read and object.
    /// </summary>
    /// <summary>How long a form may take between offering the earliest effective moment and publishing with it.</summary>
    public static readonly TimeSpan PublishFormMargin = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The earliest effective moment a form offers: the end of the notice period plus a quarter of an hour for the
    /// form and its confirmation, rounded up to the whole hour. Still accepted when the notice is published up to
    /// <see cref="PublishFormMargin"/> later — the end of the notice period itself would be refused a moment after
    /// it was offered.
    /// </summary>
    public static DateTimeOffset EarliestOfferedEffectiveAt(DateTimeOffset now, TimeSpan noticePeriod)
    {
        var earliest = (now + noticePeriod + PublishFormMargin).ToUniversalTime();
        var hour = new DateTimeOffset(earliest.Year, earliest.Month, earliest.Day, earliest.Hour, 0, 0, TimeSpan.Zero);
        return hour == earliest ? hour : hour.AddHours(1);
    }

    public Notice PublishNotice(DateTimeOffset now, DateTimeOffset effectiveAt, TimeSpan noticePeriod)
    {
        if (Status != SubprocessorStatus.Proposed)
            throw new DomainRuleException(nameof(Status), $"Only a proposed subprocessor gets a notice; this one is {Status}.");
        if (noticePeriod < DefaultNoticePeriod)
            throw new DomainRuleException(nameof(EffectiveAt), $"The notice period cannot be shorter than the published {DefaultNoticePeriod.TotalDays:0} days.");
        var earliest = now + noticePeriod;
        if (effectiveAt < earliest)
        {
            throw new DomainRuleException(
                nameof(EffectiveAt),
                $"The effective date must be at least {noticePeriod.TotalDays:0} days after the notice is published: {earliest:yyyy-MM-dd HH:mm} UTC or later.");
        }

        Status = SubprocessorStatus.NoticePeriod;
        NoticePublishedAt = now;
        EffectiveAt = effectiveAt;
        UpdatedAt = now;
        return Notice.For(this, NoticeKind.Added, now, effectiveAt);
    }

    /// <summary>Called by the authorization job; refuses to act a moment before the effective date.</summary>
    public void Authorize(DateTimeOffset now)
    {
        if (Status != SubprocessorStatus.NoticePeriod || EffectiveAt is not { } effective)
            throw new DomainRuleException(nameof(Status), $"Only a subprocessor in its notice period can be authorized; this one is {Status}.");
        if (now < effective)
            throw new DomainRuleException(nameof(EffectiveAt), $"The notice period runs until {effective:yyyy-MM-dd HH:mm:ss} UTC; it cannot be authorized before.");
        Status = SubprocessorStatus.Authorized;
        AuthorizedAt = now;
        UpdatedAt = now;
    }

    /// <summary>Retires the subprocessor; subscribers get a notice when it had been announced or authorized.</summary>
    public Notice? Retire(DateTimeOffset now)
    {
        if (Status == SubprocessorStatus.Retired)
            throw new DomainRuleException(nameof(Status), "The subprocessor is already retired.");
        var announced = Status is SubprocessorStatus.NoticePeriod or SubprocessorStatus.Authorized;
        Status = SubprocessorStatus.Retired;
        RetiredAt = now;
        UpdatedAt = now;
        return announced ? Notice.For(this, NoticeKind.Removed, now, now) : null;
    }

    public SubprocessorReview RecordReview(
        DateOnly reviewedOn, string? reviewer, ReviewArtifacts artifacts, ReviewOutcome outcome, string? notes, DateOnly? nextDue, DateOnly today)
    {
        if (Status == SubprocessorStatus.Retired)
            throw new DomainRuleException(nameof(Status), "A retired subprocessor is no longer reviewed.");
        var review = SubprocessorReview.Create(Id, reviewedOn, reviewer, artifacts, outcome, notes, nextDue, today);
        _reviews.Add(review);
        return review;
    }

    /// <summary>When the next review is due: the last review's own due date, or 12 months after authorization.</summary>
    public DateOnly? ReviewDueOn()
    {
        if (Status != SubprocessorStatus.Authorized)
            return null;
        var last = _reviews.OrderByDescending(r => r.ReviewedOn).FirstOrDefault();
        if (last is not null)
            return last.NextDueOn;
        return AuthorizedAt is { } authorized ? DateOnly.FromDateTime(authorized.UtcDateTime).AddMonths(ReviewIntervalMonths) : null;
    }

    public bool IsReviewOverdue(DateOnly today) => ReviewDueOn() is { } due && due < today;

    private void Apply(SubprocessorDetails details, DateTimeOffset now)
    {
        LegalName = details.LegalName;
        Purpose = details.Purpose;
        Category = details.Category;
        DataCategories = [.. details.DataCategories];
        Countries = [.. details.Countries];
        Certifications = [.. details.Certifications];
        DpaReference = details.DpaReference;
        ZeroRetentionCapable = details.ZeroRetentionCapable;
        RetentionDays = details.RetentionDays;
        RiskTier = details.RiskTier;
        Website = details.Website;
        UpdatedAt = now;
    }
}
