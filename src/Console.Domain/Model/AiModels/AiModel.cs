using AdminConsole.Domain.Model.AiSettings;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Subprocessors;

namespace AdminConsole.Domain.Model.AiModels;

/// <summary>
/// A model the AI product may use, at one version, from an authorized LLM or embeddings subprocessor. Customers are told
/// which models serve them, and are promised that each was evaluated before deployment and that the provider does not
/// train on their data: the life cycle's rules live here (no approval without a passing evaluation of this exact version,
/// approved by a second person, never back into production once retired).
/// </summary>
public sealed class AiModel
{
    public const int NameMaxLength = 200;
    public const int VersionMaxLength = 100;
    public const int RegionMaxLength = 50;
    public const int MaxRetentionDays = 3650;

    private AiModel()
    {
        Name = Version = Region = ProposedById = ProposedByName = string.Empty;
        Features = [];
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    public string Version { get; private set; }

    /// <summary>The subprocessor that hosts it (category LLM or embeddings).</summary>
    public Guid ProviderId { get; private set; }

    public AiModelPurpose Purpose { get; private set; }

    /// <summary>The AI features that use it.</summary>
    public List<AiFeature> Features { get; private set; }

    /// <summary>Where the provider runs it (a country or region code).</summary>
    public string Region { get; private set; }

    /// <summary>Whether requests go to the provider's zero-retention endpoint.</summary>
    public bool ZeroRetention { get; private set; }

    /// <summary>How long the provider keeps requests when not zero retention.</summary>
    public int? RetentionDays { get; private set; }

    public AiModelStage Stage { get; private set; }

    public string ProposedById { get; private set; }

    public string ProposedByName { get; private set; }

    public string? ApprovedById { get; private set; }

    public string? ApprovedByName { get; private set; }

    public DateTimeOffset? ApprovedAt { get; private set; }

    /// <summary>The passing evaluation the approval rests on.</summary>
    public Guid? ApprovedEvaluationId { get; private set; }

    public DateTimeOffset? InProductionAt { get; private set; }

    public DateTimeOffset? RetiredAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <param name="trainsOnInputs">Whether the provider may train on the inputs: it must not, and a model that would is refused.</param>
    public static AiModel Propose(
        string? name, string? version, Subprocessor provider, AiModelPurpose purpose, IEnumerable<AiFeature>? features, string? region,
        bool zeroRetention, int? retentionDays, bool trainsOnInputs, string proposedById, string proposedByName, DateTimeOffset now)
    {
        var (featureList, retention) = Checked(provider, purpose, features, zeroRetention, retentionDays, trainsOnInputs);
        return new AiModel
        {
            Id = Guid.NewGuid(),
            Name = Guard.Text(name, nameof(Name), "The model's name", NameMaxLength),
            Version = Guard.Text(version, nameof(Version), "The version", VersionMaxLength),
            ProviderId = provider.Id,
            Purpose = purpose,
            Features = featureList,
            Region = Guard.Text(region, nameof(Region), "The hosting region", RegionMaxLength),
            ZeroRetention = zeroRetention,
            RetentionDays = retention,
            Stage = AiModelStage.Proposed,
            ProposedById = Guard.Text(proposedById, nameof(ProposedById), "Who proposed it", Audit.AuditActor.IdMaxLength),
            ProposedByName = Guard.Text(proposedByName, nameof(ProposedByName), "Who proposed it", Audit.AuditActor.NameMaxLength),
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>
    /// Changes what was proposed — purpose, features, region, the provider's retention — while the model is proposed or
    /// being evaluated, under the rules of a proposal. Name, version and provider stay: another is a new record. An
    /// approved model's details are what its approval covered, and do not change. False when nothing changes.
    /// </summary>
    public bool UpdateDetails(
        Subprocessor provider, AiModelPurpose purpose, IEnumerable<AiFeature>? features, string? region,
        bool zeroRetention, int? retentionDays, bool trainsOnInputs, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (provider.Id != ProviderId)
            throw new ArgumentException("Not this model's provider.", nameof(provider));
        if (Stage is not (AiModelStage.Proposed or AiModelStage.Evaluating))
            throw new DomainRuleException(nameof(Stage), $"The model is {Stage.Label().ToLowerInvariant()}: its details are what was approved. Propose a new version to change them.");
        var (featureList, retention) = Checked(provider, purpose, features, zeroRetention, retentionDays, trainsOnInputs);
        var checkedRegion = Guard.Text(region, nameof(Region), "The hosting region", RegionMaxLength);
        if (Purpose == purpose && Features.SequenceEqual(featureList) && Region == checkedRegion && ZeroRetention == zeroRetention && RetentionDays == retention)
            return false;
        (Purpose, Features, Region, ZeroRetention, RetentionDays, UpdatedAt) = (purpose, featureList, checkedRegion, zeroRetention, retention, now);
        return true;
    }

    /// <summary>The rules a proposal and a change of its details share; the features (once each) and the retention days to keep.</summary>
    private static (List<AiFeature> Features, int? RetentionDays) Checked(
        Subprocessor provider, AiModelPurpose purpose, IEnumerable<AiFeature>? features, bool zeroRetention, int? retentionDays, bool trainsOnInputs)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (provider.Category is not (ProcessingCategory.Llm or ProcessingCategory.Embeddings))
            throw new DomainRuleException(nameof(ProviderId), $"{provider.LegalName} is not an LLM or embeddings provider.");
        if (provider.Status is not (SubprocessorStatus.Authorized or SubprocessorStatus.NoticePeriod))
            throw new DomainRuleException(nameof(ProviderId), $"{provider.LegalName} is {provider.Status.Label().ToLowerInvariant()}: only an authorized subprocessor (or one whose notice is published) may run a model on customer data.");
        if (trainsOnInputs)
            throw new DomainRuleException("TrainsOnInputs", "The provider must not train on customers' inputs: choose a model or endpoint that does not.");
        if (zeroRetention && !provider.ZeroRetentionCapable)
            throw new DomainRuleException(nameof(ZeroRetention), $"{provider.LegalName} offers no zero-retention endpoint.");
        if (!zeroRetention && retentionDays is not (>= 1 and <= MaxRetentionDays))
            throw new DomainRuleException(nameof(RetentionDays), $"Say how many days the provider keeps requests (1 to {MaxRetentionDays}), or choose zero retention.");
        Guard.Defined(purpose, nameof(Purpose), "The purpose");
        var featureList = (features ?? []).Distinct().ToList();
        foreach (var feature in featureList)
            Guard.Defined(feature, nameof(Features), "The feature");
        return (featureList, zeroRetention ? null : retentionDays);
    }

    /// <summary>
    /// An evaluation was recorded: a proposed model is now being evaluated. An approved or serving model is evaluated again
    /// to keep reviewing its performance (its stage stays); a retired one is not evaluated any more.
    /// </summary>
    public void StartEvaluation(DateTimeOffset now)
    {
        if (Stage == AiModelStage.Retired)
            throw new DomainRuleException(nameof(Stage), "The model is retired: evaluate a new version instead.");
        if (Stage == AiModelStage.Proposed)
        {
            Stage = AiModelStage.Evaluating;
            UpdatedAt = now;
        }
    }

    /// <summary>
    /// Approves this version on a passing evaluation of this exact version, by someone who neither proposed the model nor
    /// ran that evaluation.
    /// </summary>
    public void Approve(ModelEvaluation evaluation, string approverId, string approverName, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        if (Stage is not (AiModelStage.Proposed or AiModelStage.Evaluating))
            throw new DomainRuleException(nameof(Stage), $"The model is {Stage.Label().ToLowerInvariant()}: only a proposed or evaluated model is approved.");
        if (evaluation.ModelId != Id || !string.Equals(evaluation.Version, Version, StringComparison.Ordinal))
            throw new DomainRuleException("Evaluation", $"The evaluation is of {evaluation.Version}, not of {Name} {Version}: an approval rests on an evaluation of this exact version.");
        if (!evaluation.Passed)
            throw new DomainRuleException("Evaluation", $"The evaluation '{evaluation.Suite}' did not pass: {string.Join("; ", evaluation.Failures)}.");
        if (string.Equals(approverId, ProposedById, StringComparison.Ordinal))
            throw new DomainRuleException("Approver", "You proposed this model: a second person approves it.");
        if (string.Equals(approverId, evaluation.RunById, StringComparison.Ordinal))
            throw new DomainRuleException("Approver", "You ran the evaluation: a second person approves it.");

        Stage = AiModelStage.Approved;
        ApprovedById = Guard.Text(approverId, "Approver", "The approver", Audit.AuditActor.IdMaxLength);
        ApprovedByName = Guard.Text(approverName, "Approver", "The approver", Audit.AuditActor.NameMaxLength);
        ApprovedAt = now;
        ApprovedEvaluationId = evaluation.Id;
        UpdatedAt = now;
    }

    /// <summary>
    /// An approved model starts serving customers (a notice to subscribers follows). Its provider must be authorized by
    /// then: a provider still in its notice period is new to customers, and the subprocessor rules make them wait.
    /// </summary>
    public void PutInProduction(Subprocessor provider, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (provider.Id != ProviderId)
            throw new ArgumentException("Not this model's provider.", nameof(provider));
        switch (Stage)
        {
            case AiModelStage.Approved when provider.Status == SubprocessorStatus.NoticePeriod:
                throw new DomainRuleException(nameof(ProviderId), $"{provider.LegalName} is new to customers and takes effect {provider.EffectiveAt:yyyy-MM-dd HH:mm} UTC, after its notice period: the model goes into production from then.");
            case AiModelStage.Approved when provider.Status != SubprocessorStatus.Authorized:
                throw new DomainRuleException(nameof(ProviderId), $"{provider.LegalName} is {provider.Status.Label().ToLowerInvariant()}, not authorized: no model of it goes into production.");
            case AiModelStage.Approved:
                Stage = AiModelStage.InProduction;
                InProductionAt = now;
                UpdatedAt = now;
                break;
            case AiModelStage.InProduction:
                throw new DomainRuleException(nameof(Stage), "The model is already in production.");
            case AiModelStage.Retired:
                throw new DomainRuleException(nameof(Stage), "A retired model does not go back into production: propose and evaluate it again as a new version.");
            default:
                throw new DomainRuleException(nameof(Stage), "Only an approved model goes into production: record a passing evaluation and have a second person approve it.");
        }
    }

    /// <summary>
    /// The model stops serving, or a proposal is withdrawn; workspaces that chose it fall back to their fallback model.
    /// True when it was in production (customers are told).
    /// </summary>
    public bool Retire(DateTimeOffset now)
    {
        if (Stage == AiModelStage.Retired)
            throw new DomainRuleException(nameof(Stage), "The model is already retired.");
        var wasServing = Stage == AiModelStage.InProduction;
        Stage = AiModelStage.Retired;
        RetiredAt = now;
        UpdatedAt = now;
        return wasServing;
    }

    /// <summary>When the latest passing evaluation of this model's own version ran; null when none of <paramref name="evaluations"/> passed.</summary>
    public DateTimeOffset? LastPassedAt(IEnumerable<ModelEvaluation> evaluations) =>
        evaluations.Where(e => e.ModelId == Id && e.Version == Version && e.Passed).Select(e => (DateTimeOffset?)e.RunAt).Max();

    /// <summary>When a serving model's review falls due: the review interval after its latest passing evaluation ran.</summary>
    public static DateTimeOffset ReviewDueAt(DateTimeOffset lastPassedAt, int reviewIntervalDays) => lastPassedAt.AddDays(reviewIntervalDays);

    /// <summary>The model as people name it: its name and version.</summary>
    public string Title => $"{Name} {Version}";

    /// <summary>How long the provider keeps requests, as customers read it.</summary>
    public string RetentionText => ZeroRetention ? "Zero retention" : $"{RetentionDays} days";
}
