using AdminConsole.Domain.Model.Retention;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Model.Workspaces;

namespace AdminConsole.Domain.Model.AiSettings;

/// <summary>Why the AI may not do what was asked: a stable code for the AI product, and text for people.</summary>
public sealed record AiPolicyReason(string Code, string Message);

/// <summary>The stable reason codes of <see cref="EffectivePolicy"/>; the AI product branches on these.</summary>
public static class AiPolicyCodes
{
    public const string WorkspaceDeleted = "workspace_deleted";
    public const string AiDisabled = "ai_disabled";
    public const string ProviderNotChosen = "provider_not_chosen";
    public const string ProviderNotAuthorized = "provider_not_authorized";
    public const string ProviderRetainsData = "provider_retains_data";
    public const string ProviderRetentionExceedsPolicy = "provider_retention_exceeds_policy";
    public const string HipaaRequiresEnterprise = "hipaa_requires_enterprise";
    public const string FeatureOff = "feature_off";
    public const string RunSqlIntegrationRequired = "run_sql_integration_required";
    public const string RunSqlNoIntegrationPermission = "run_sql_no_integration_permission";
    public const string IntegrationNoPermission = "integration_no_permission";
    public const string TeamAccess = "team_access";
    public const string ModelNotInProduction = "model_not_in_production";
    public const string ModelRetainsData = "model_retains_data";
}

/// <summary>A member as the policy sees them: their role and the teams they are in.</summary>
public sealed record AiPolicyUser(Guid ObjectId, MemberRole Role, IReadOnlyCollection<Guid> TeamIds);

/// <summary>Everything a decision depends on; the caller loads it, the evaluator touches nothing else.</summary>
public sealed record AiPolicyInput(
    WorkspaceAiSettings Settings,
    Plan Plan,
    bool WorkspaceActive,
    Subprocessor? Provider,
    RetentionTerms Terms,
    AiPolicyUser? User = null,
    AiFeature? Feature = null,
    Guid? ResourceTeamId = null,
    Integration? Integration = null,
    AiModels.AiModel? Model = null);

/// <summary>The model a request is to use: the feature's own, else the workspace's fallback.</summary>
public sealed record AiPolicyModel(Guid Id, string Name, string Version, string Purpose);

/// <summary>
/// The answer the AI product acts on: allowed or not and every reason why not, and the terms a request runs under
/// (provider, how long the provider and the prompt history keep it, data mode). Moderation and DLP are always on.
/// </summary>
public sealed record AiPolicyDecision(
    bool Allowed,
    IReadOnlyList<AiPolicyReason> Reasons,
    Guid? ProviderId,
    string? ProviderName,
    int ProviderRetentionDays,
    int PromptHistoryDays,
    AiDataMode DataMode,
    bool Moderation,
    bool Dlp,
    int SettingsVersion,
    AiPolicyModel? Model = null);

/// <summary>The effective AI policy of a request: a pure function of its <see cref="AiPolicyInput"/>.</summary>
public static class EffectivePolicy
{
    /// <summary>DLP scans every prompt and output; it is not something a workspace can turn off.</summary>
    public const bool Dlp = true;

    public static AiPolicyDecision Evaluate(AiPolicyInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var s = input.Settings;
        var reasons = new List<AiPolicyReason>();
        if (!input.WorkspaceActive)
            reasons.Add(new(AiPolicyCodes.WorkspaceDeleted, "The workspace is deleted; the AI does not run in it."));
        if (!s.AiEnabled)
            reasons.Add(new(AiPolicyCodes.AiDisabled, "AI is turned off in this workspace's AI settings."));

        var provider = s.ProviderId is { } id && input.Provider?.Id == id ? input.Provider : null;
        if (s.ProviderId is null)
            reasons.Add(new(AiPolicyCodes.ProviderNotChosen, "No LLM provider is chosen in the workspace's AI settings; the AI cannot run until one is."));
        else if (provider is null)
            reasons.Add(new(AiPolicyCodes.ProviderNotAuthorized, "The chosen LLM provider is no longer in the subprocessor registry; choose an authorized one."));
        else if (AiPolicyRules.Provider(provider, input.Plan, s.HipaaMode, input.Terms) is { } problem)
            reasons.Add(problem);

        if (AiPolicyRules.Hipaa(input.Plan, s.HipaaMode) is { } hipaa)
            reasons.Add(hipaa);

        if (input.Feature is { } feature && !s.IsOn(feature))
            reasons.Add(new(AiPolicyCodes.FeatureOff, $"{AiFeatures.Describe(feature)} is turned off in this workspace's AI settings."));

        if (input.Feature == AiFeature.RunSql)
        {
            if (input.Integration is null)
                reasons.Add(new(AiPolicyCodes.RunSqlIntegrationRequired, "Run SQL queries an integration: name the integration the query runs against."));
            else if (!Permits(input.Integration, input.User))
                reasons.Add(new(AiPolicyCodes.RunSqlNoIntegrationPermission, NoPermission(input.Integration, input.User, "run SQL on")));
        }
        else if (input.Integration is { } integration && !Permits(integration, input.User))
        {
            reasons.Add(new(AiPolicyCodes.IntegrationNoPermission, NoPermission(integration, input.User, "query")));
        }

        if (s.TeamBasedAccess && input.ResourceTeamId is { } team && input.User?.TeamIds.Contains(team) != true)
        {
            reasons.Add(new(AiPolicyCodes.TeamAccess, input.User is null
                ? "Team-based data access is on: name the user, who must be in the team the data belongs to."
                : "Team-based data access is on and the user is not in the team the data belongs to."));
        }

        // The model to use: one that is not (or no longer) in production is refused, never silently swapped.
        AiPolicyModel? model = null;
        if (s.EffectiveModelFor(input.Feature) is { } modelId)
        {
            var chosen = input.Model?.Id == modelId ? input.Model : null;
            if (chosen is null || chosen.Stage != AiModels.AiModelStage.InProduction || chosen.ProviderId != s.ProviderId)
            {
                reasons.Add(new(AiPolicyCodes.ModelNotInProduction, chosen is null
                    ? "The chosen model is not in the model register; the workspace's admins choose a model in production."
                    : $"{chosen.Title} is {chosen.Stage.Label().ToLowerInvariant()}{(chosen.ProviderId != s.ProviderId ? " and not of the chosen provider" : string.Empty)}, not in production; the workspace's admins choose a model in production."));
            }
            else
            {
                model = new AiPolicyModel(chosen.Id, chosen.Name, chosen.Version, chosen.Purpose.ToString());
                if (s.HipaaMode && !chosen.ZeroRetention)
                    reasons.Add(new(AiPolicyCodes.ModelRetainsData, $"{chosen.Title} does not use the provider's zero-retention endpoint, which HIPAA mode requires."));
            }
        }

        return new AiPolicyDecision(
            reasons.Count == 0,
            reasons,
            s.ProviderId,
            provider?.LegalName,
            s.HipaaMode ? 0 : input.Terms.ProviderRetentionDays,
            s.PromptHistory ? input.Terms.PromptHistoryDays : 0,
            s.DataMode,
            WorkspaceAiSettings.Moderation,
            Dlp,
            s.Version,
            model);
    }

    private static bool Permits(Integration integration, AiPolicyUser? user) => user is not null && integration.Allows(user.Role, user.TeamIds);

    private static string NoPermission(Integration integration, AiPolicyUser? user, string verb) => user is null
        ? $"Permission to {verb} '{integration.Name}' through the AI is given by role or team: name the user."
        : $"The user's role ({user.Role}) and teams are not allowed to {verb} '{integration.Name}' through the AI.";
}

/// <summary>The rules that both a save and a decision apply: a save refuses what a decision would deny.</summary>
internal static class AiPolicyRules
{
    public static AiPolicyReason? Provider(Subprocessor provider, Plan plan, bool hipaa, RetentionTerms terms)
    {
        if (provider.Category != ProcessingCategory.Llm)
            return new(AiPolicyCodes.ProviderNotAuthorized, $"{provider.LegalName} is not an LLM provider (its category is {provider.Category}).");
        if (provider.Status != SubprocessorStatus.Authorized)
        {
            return new(AiPolicyCodes.ProviderNotAuthorized, provider.Status == SubprocessorStatus.Retired
                ? $"{provider.LegalName} is retired and may no longer process customer data; choose an authorized LLM provider."
                : $"{provider.LegalName} is not authorized yet (it is {provider.Status}); only authorized subprocessors may process a workspace's data.");
        }

        if ((plan == Plan.Enterprise || hipaa) && !provider.ZeroRetentionCapable)
        {
            var who = hipaa ? "HIPAA workspaces" : "Enterprise workspaces";
            return new(AiPolicyCodes.ProviderRetainsData,
                $"{provider.LegalName} is not zero-retention capable: {who} use only LLM providers that keep nothing of their requests.");
        }

        if (!provider.ZeroRetentionCapable && (provider.RetentionDays is not { } days || days > terms.ProviderRetentionDays))
        {
            var kept = provider.RetentionDays is { } d ? $"keeps requests for {d} days" : "does not say how long it keeps requests";
            return new(AiPolicyCodes.ProviderRetentionExceedsPolicy,
                $"{provider.LegalName} {kept}; the {plan} plan promises at most {terms.ProviderRetentionDays} days at LLM providers.");
        }

        return null;
    }

    public static AiPolicyReason? Hipaa(Plan plan, bool hipaa) => hipaa && plan != Plan.Enterprise
        ? new(AiPolicyCodes.HipaaRequiresEnterprise, $"HIPAA mode needs the Enterprise plan; this workspace is on {plan}.")
        : null;
}
