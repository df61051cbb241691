using System.Globalization;
using AdminConsole.Domain.Model.AiSettings;
using AdminConsole.Domain.Model.Lifecycle;
using AdminConsole.Domain.Model.Subprocessors;

namespace AdminConsole.Domain.Model.Posture;

/// <summary>
/// The single registry of posture rules: each rule's definition next to its evaluation. A new rule (failing DLP
/// hooks) is one more entry here, with the facts it needs added to <see cref="PostureFacts"/>.
/// </summary>
public static class PostureRules
{
    /// <summary>How many of its intervals a retention job may go without a successful run before it counts as stopped.</summary>
    public const int MissedIntervalsAllowed = 2;

    public static readonly PostureRule ReviewOverdue = new(
        "review-overdue",
        "Subprocessor review overdue",
        "Every authorized subprocessor is reviewed at least every 12 months.",
        PostureSubjectKind.Subprocessor);

    public static readonly PostureRule CertificationExpired = new(
        "certification-expired",
        "Certification expired",
        "Authorized subprocessors hold the certifications we list for them (SOC 2, ISO 27001, HIPAA BAA), in force.",
        PostureSubjectKind.Subprocessor);

    public static readonly PostureRule RetentionBehind = new(
        "retention-behind",
        "Retention behind its promise",
        "Data is deleted when each plan's retention policy says: provider records, prompt history and AI outputs on time, embeddings within 60 days, trash after 30 days.",
        PostureSubjectKind.RetentionJob);

    /// <summary>
    /// HIPAA mode on a plan other than Enterprise counts here: HIPAA mode is a promise about how the AI's data is
    /// handled (zero retention, the BAA), and only the Enterprise plan's terms back it.
    /// </summary>
    public static readonly PostureRule AiProviderRetainsData = new(
        "ai-provider-retains-data",
        "AI provider keeps data longer than promised",
        "Enterprise and HIPAA workspaces use only zero-retention LLM providers, and HIPAA mode runs only on the Enterprise plan; every other plan's LLM provider keeps requests at most the plan's provider-retention days.",
        PostureSubjectKind.Workspace);

    public static readonly PostureRule AiProviderNotAuthorized = new(
        "ai-provider-not-authorized",
        "AI provider not authorized",
        "A workspace's AI sends data only to the LLM provider it chose, and that provider is an authorized LLM subprocessor in the registry.",
        PostureSubjectKind.Workspace);

    public static readonly PostureRule ModelNotEvaluated = new(
        "model-not-evaluated",
        "AI model in production without a passing evaluation",
        "Every AI model is tested before deployment: a model serves customers only after an evaluation of its exact version passed every threshold.",
        PostureSubjectKind.Model);

    public static readonly PostureRule ModelReviewOverdue = new(
        "model-review-overdue",
        "AI model evaluation overdue",
        "Models in use are reviewed continually: each is evaluated again within the review interval (Models:ReviewIntervalDays).",
        PostureSubjectKind.Model);

    public static readonly PostureRule ModelProviderNotAuthorized = new(
        "model-provider-not-authorized",
        "AI model of a provider no longer authorized",
        "A model in production runs only at an authorized subprocessor.",
        PostureSubjectKind.Model);

    public static readonly PostureRule HipaaModelRetainsData = new(
        "hipaa-model-retains-data",
        "HIPAA workspace on a model without zero retention",
        "HIPAA workspaces use only models served from the provider's zero-retention endpoint.",
        PostureSubjectKind.Workspace);

    private static readonly (PostureRule Rule, Func<PostureFacts, DateTimeOffset, IEnumerable<PostureViolation>> Evaluate)[] Registry =
    [
        (ReviewOverdue, ReviewsOverdue),
        (CertificationExpired, CertificationsExpired),
        (RetentionBehind, RetentionBehindItsPromise),
        (AiProviderRetainsData, AiProvidersRetainingData),
        (AiProviderNotAuthorized, AiProvidersNotAuthorized),
        (ModelNotEvaluated, ModelsNotEvaluated),
        (ModelReviewOverdue, ModelReviewsOverdue),
        (ModelProviderNotAuthorized, ModelProvidersNotAuthorized),
        (HipaaModelRetainsData, HipaaModelsRetainingData),
    ];

    /// <summary>Every rule, in the order the dashboard lists them.</summary>
    public static IReadOnlyList<PostureRule> All { get; } = [.. Registry.Select(r => r.Rule)];

    public static PostureRule? Find(string? code) => All.FirstOrDefault(r => string.Equals(r.Code, code, StringComparison.Ordinal));

    /// <summary>Every violation of every rule at <paramref name="now"/>.</summary>
    public static IReadOnlyList<PostureViolation> Evaluate(PostureFacts facts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return [.. Registry.SelectMany(r => r.Evaluate(facts, now))];
    }

    /// <summary>The violations of one rule at <paramref name="now"/>.</summary>
    public static IReadOnlyList<PostureViolation> Evaluate(PostureRule rule, PostureFacts facts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return [.. Registry.Where(r => r.Rule == rule).SelectMany(r => r.Evaluate(facts, now))];
    }

    private static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime);

    private static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static IEnumerable<PostureViolation> ReviewsOverdue(PostureFacts facts, DateTimeOffset now)
    {
        var today = Today(now);
        foreach (var subprocessor in facts.Subprocessors.Where(s => s.Status == SubprocessorStatus.Authorized).OrderBy(s => s.LegalName, StringComparer.Ordinal))
        {
            if (!subprocessor.IsReviewOverdue(today) || subprocessor.ReviewDueOn() is not { } due)
                continue;
            var last = subprocessor.Reviews.OrderByDescending(r => r.ReviewedOn).FirstOrDefault();
            var detail = last is null
                ? $"Never reviewed; the first review was due on {Day(due)}, 12 months after it was authorized."
                : $"Last reviewed on {Day(last.ReviewedOn)}; the next review was due on {Day(due)}.";
            yield return new PostureViolation(ReviewOverdue, PostureSubjectKind.Subprocessor, Id(subprocessor.Id), subprocessor.LegalName, detail, StartOf(due.AddDays(1)));
        }
    }

    private static IEnumerable<PostureViolation> CertificationsExpired(PostureFacts facts, DateTimeOffset now)
    {
        var today = Today(now);
        foreach (var subprocessor in facts.Subprocessors.Where(s => s.Status == SubprocessorStatus.Authorized).OrderBy(s => s.LegalName, StringComparer.Ordinal))
        {
            foreach (var certification in subprocessor.Certifications.Where(c => c.IsExpired(today)).OrderBy(c => c.ExpiresOn))
            {
                yield return new PostureViolation(
                    CertificationExpired, PostureSubjectKind.Subprocessor, Id(subprocessor.Id), subprocessor.LegalName,
                    $"{CertificationName(certification.Type)} expired on {Day(certification.ExpiresOn)}.", StartOf(certification.ExpiresOn.AddDays(1)));
            }
        }
    }

    /// <summary>
    /// A job's latest finished run left an item past its promise by more than one interval (the next run is
    /// allowed to catch up), or the job has not succeeded for <see cref="MissedIntervalsAllowed"/> intervals.
    /// Items kept by a legal hold are not counted: the evidence holds them apart, and a hold is deliberate.
    /// </summary>
    private static IEnumerable<PostureViolation> RetentionBehindItsPromise(PostureFacts facts, DateTimeOffset now)
    {
        foreach (var job in facts.RetentionJobs)
        {
            var allowed = job.Interval * MissedIntervalsAllowed;
            if (job.LastSucceededAt is not { } succeeded)
            {
                yield return new PostureViolation(
                    RetentionBehind, PostureSubjectKind.RetentionJob, job.JobName, job.Title,
                    "No run of this job has succeeded: nothing shows that its data is purged.", null);
            }
            else if (now - succeeded > allowed)
            {
                yield return new PostureViolation(
                    RetentionBehind, PostureSubjectKind.RetentionJob, job.JobName, job.Title,
                    $"No successful run since {Time(succeeded)}, more than {MissedIntervalsAllowed} intervals of {Duration(job.Interval)}: the job has stopped purging.",
                    succeeded + allowed);
            }

            foreach (var evidence in job.LatestEvidence.Where(e => e.Lag > job.Interval).OrderBy(e => e.Kind).ThenBy(e => e.Plan))
            {
                var dueAt = evidence.OldestPresentAt + TimeSpan.FromDays(evidence.LimitDays);
                yield return new PostureViolation(
                    RetentionBehind, PostureSubjectKind.RetentionJob, job.JobName, job.Title,
                    $"{KindName(evidence.Kind)} on the {evidence.Plan} plan: the oldest item left was {Duration(evidence.Lag)} past the {evidence.LimitDays}-day promise when the run of {Time(job.LatestFinishedAt)} finished.",
                    dueAt);
            }
        }
    }

    /// <summary>
    /// The provider rules the settings save refuses, applied to the plan, terms and provider of today: a plan
    /// change, new retention terms or a provider's new details can break what was allowed when it was saved. The
    /// settings' save date is not when that happened, so the start is not known.
    /// </summary>
    private static IEnumerable<PostureViolation> AiProvidersRetainingData(PostureFacts facts, DateTimeOffset now)
    {
        foreach (var workspace in WorkspacesUsingAi(facts))
        {
            if (ChosenProvider(workspace) is { } provider
                && AiPolicyRules.Provider(provider, workspace.Plan, workspace.HipaaMode, workspace.Terms) is { Code: AiPolicyCodes.ProviderRetainsData or AiPolicyCodes.ProviderRetentionExceedsPolicy } problem)
            {
                yield return WorkspaceViolation(AiProviderRetainsData, workspace, problem.Message, null);
            }

            if (AiPolicyRules.Hipaa(workspace.Plan, workspace.HipaaMode) is { } hipaa)
                yield return WorkspaceViolation(AiProviderRetainsData, workspace, hipaa.Message, null);
        }
    }

    /// <summary>
    /// AI on with no provider chosen is left out: the AI cannot run, so no data reaches a provider. A retirement is
    /// the one change whose date is known: when the settings in force were saved before it, it is when the violation began.
    /// </summary>
    private static IEnumerable<PostureViolation> AiProvidersNotAuthorized(PostureFacts facts, DateTimeOffset now)
    {
        foreach (var workspace in WorkspacesUsingAi(facts))
        {
            if (workspace.ProviderId is not { } providerId)
                continue;
            if (ChosenProvider(workspace) is not { } provider)
            {
                yield return WorkspaceViolation(
                    AiProviderNotAuthorized, workspace, $"The chosen LLM provider ({Id(providerId)}) is no longer in the subprocessor registry; choose an authorized one.", null);
            }
            else if (AiPolicyRules.Provider(provider, workspace.Plan, workspace.HipaaMode, workspace.Terms) is { Code: AiPolicyCodes.ProviderNotAuthorized } problem)
            {
                var retired = provider.Category == ProcessingCategory.Llm && provider.RetiredAt is { } at && workspace.SettingsUpdatedAt <= at ? at : (DateTimeOffset?)null;
                yield return WorkspaceViolation(AiProviderNotAuthorized, workspace, problem.Message, retired);
            }
        }
    }

    private static IEnumerable<ModelState> Serving(PostureFacts facts) =>
        (facts.Models ?? []).Where(m => m.Model.Stage == AiModels.AiModelStage.InProduction)
            .OrderBy(m => m.Model.Name, StringComparer.Ordinal).ThenBy(m => m.Model.Version, StringComparer.Ordinal);

    /// <summary>Approval needs a passing evaluation of the version, so this finds a record changed outside the console's rules.</summary>
    private static IEnumerable<PostureViolation> ModelsNotEvaluated(PostureFacts facts, DateTimeOffset now) =>
        Serving(facts).Where(m => m.LastPassedAt is null).Select(m => ModelViolation(
            ModelNotEvaluated, m, $"In production since {Time(m.Model.InProductionAt)} with no passing evaluation of version {m.Model.Version}.", m.Model.InProductionAt));

    private static IEnumerable<PostureViolation> ModelReviewsOverdue(PostureFacts facts, DateTimeOffset now)
    {
        foreach (var m in Serving(facts))
        {
            if (m.LastPassedAt is { } last && AiModels.AiModel.ReviewDueAt(last, facts.ModelReviewIntervalDays) is var due && now > due)
            {
                yield return ModelViolation(
                    ModelReviewOverdue, m, $"Last passing evaluation ran {Time(last)}, more than {facts.ModelReviewIntervalDays} days ago: evaluate it again.", due);
            }
        }
    }

    private static IEnumerable<PostureViolation> ModelProvidersNotAuthorized(PostureFacts facts, DateTimeOffset now)
    {
        foreach (var m in Serving(facts))
        {
            if (m.Provider is null)
                yield return ModelViolation(ModelProviderNotAuthorized, m, "Its provider is no longer in the subprocessor registry.", null);
            else if (m.Provider.Status != SubprocessorStatus.Authorized)
                yield return ModelViolation(ModelProviderNotAuthorized, m, $"{m.Provider.LegalName} is {m.Provider.Status.Label().ToLowerInvariant()}: retire the model or move it to an authorized provider.", m.Provider.RetiredAt);
        }
    }

    private static IEnumerable<PostureViolation> HipaaModelsRetainingData(PostureFacts facts, DateTimeOffset now)
    {
        foreach (var workspace in WorkspacesUsingAi(facts).Where(w => w.HipaaMode))
        {
            var retaining = (workspace.ChosenModels ?? []).Where(m => !m.ZeroRetention).OrderBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.Version, StringComparer.Ordinal).ToList();
            if (retaining.Count > 0)
            {
                yield return WorkspaceViolation(HipaaModelRetainsData, workspace,
                    $"HIPAA mode is on, and {string.Join(", ", retaining.Select(m => $"{m.Title} ({m.RetentionText.ToLowerInvariant()})"))} does not use the provider's zero-retention endpoint.", null);
            }
        }
    }

    private static PostureViolation ModelViolation(PostureRule rule, ModelState m, string detail, DateTimeOffset? since) =>
        new(rule, PostureSubjectKind.Model, Id(m.Model.Id), m.Model.Title, detail, since);

    /// <summary>A workspace that never saved its settings has AI off, and a deleted one runs no AI: neither is listed.</summary>
    private static IEnumerable<WorkspaceAiState> WorkspacesUsingAi(PostureFacts facts) =>
        facts.WorkspaceAi.Where(w => w.WorkspaceActive && w.AiEnabled).OrderBy(w => w.Name, StringComparer.Ordinal).ThenBy(w => w.WorkspaceId);

    private static Subprocessor? ChosenProvider(WorkspaceAiState workspace) =>
        workspace.ProviderId is { } id && workspace.Provider?.Id == id ? workspace.Provider : null;

    private static PostureViolation WorkspaceViolation(PostureRule rule, WorkspaceAiState workspace, string detail, DateTimeOffset? since) =>
        new(rule, PostureSubjectKind.Workspace, Id(workspace.WorkspaceId), workspace.Name, detail, since);

    public static string KindName(DataKind kind) => kind.Label();

    public static string CertificationName(CertificationType type) => type.Label();

    private static string Id(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset? at) => at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC" : "never";

    private static string Duration(TimeSpan span) => span switch
    {
        { TotalDays: >= 1 } => $"{(int)span.TotalDays} d {span.Hours} h",
        { TotalHours: >= 1 } => $"{(int)span.TotalHours} h {span.Minutes} min",
        _ => $"{Math.Max(1, (int)Math.Ceiling(span.TotalMinutes))} min",
    };
}
