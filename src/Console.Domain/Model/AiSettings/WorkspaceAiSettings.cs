using System.Text.Json;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Retention;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Model.Workspaces;

namespace AdminConsole.Domain.Model.AiSettings;

/// <summary>
/// How the AI may work in one workspace, and which integrations it may query for whom. A workspace that never saved
/// its settings has <see cref="DefaultsFor"/>: AI off, no provider, metadata only, nothing shared. Every change is
/// checked in full before anything changes, and counts as a new <see cref="Version"/>.
/// </summary>
public sealed class WorkspaceAiSettings
{
    public const int UpdatedByMaxLength = 200;

    /// <summary>Moderation of prompts and output is not a setting: it is always on.</summary>
    public const bool Moderation = true;

    private static readonly JsonSerializerOptions SnapshotJson = new(JsonSerializerDefaults.Web);

    private readonly List<Integration> _integrations = [];

    private WorkspaceAiSettings()
    {
        UpdatedBy = string.Empty;
    }

    public Guid WorkspaceId { get; private set; }

    public bool AiEnabled { get; private set; }

    /// <summary>The LLM provider (an authorized subprocessor of category LLM); none chosen means the AI cannot run.</summary>
    public Guid? ProviderId { get; private set; }

    public AiDataMode DataMode { get; private set; }

    public bool WorkspaceSearch { get; private set; }

    public bool WebSearch { get; private set; }

    public bool ConnectedApps { get; private set; }

    public bool RunSql { get; private set; }

    /// <summary>On: the AI reads a team's data only for members of that team.</summary>
    public bool TeamBasedAccess { get; private set; }

    public bool PromptHistory { get; private set; }

    /// <summary>Opt-in: the provider may use the workspace's requests to improve its models.</summary>
    public bool DataSharing { get; private set; }

    public bool HipaaMode { get; private set; }

    /// <summary>The model workspace search uses (null: the fallback).</summary>
    public Guid? WorkspaceSearchModelId { get; private set; }

    public Guid? WebSearchModelId { get; private set; }

    public Guid? ConnectedAppsModelId { get; private set; }

    public Guid? RunSqlModelId { get; private set; }

    /// <summary>The model for a feature with no model of its own, and the one a retired model is replaced by.</summary>
    public Guid? FallbackModelId { get; private set; }

    /// <summary>0 for settings never saved; one more with every change.</summary>
    public int Version { get; private set; }

    public DateTimeOffset? UpdatedAt { get; private set; }

    public string UpdatedBy { get; private set; }

    public IReadOnlyCollection<Integration> Integrations => _integrations.AsReadOnly();

    public IReadOnlySet<AiFeature> Features => AiFeatures.All.Where(IsOn).ToHashSet();

    /// <summary>What a cautious admin expects before they decide anything: AI off, metadata only, team-based access on.</summary>
    public static WorkspaceAiSettings DefaultsFor(Guid workspaceId) => new()
    {
        WorkspaceId = workspaceId,
        AiEnabled = false,
        DataMode = AiDataMode.MetadataOnly,
        WorkspaceSearch = true,
        TeamBasedAccess = true,
    };

    /// <summary>The model chosen for <paramref name="feature"/>, or null for the fallback.</summary>
    public Guid? ModelFor(AiFeature feature) => feature switch
    {
        AiFeature.WorkspaceSearch => WorkspaceSearchModelId,
        AiFeature.WebSearch => WebSearchModelId,
        AiFeature.ConnectedApps => ConnectedAppsModelId,
        AiFeature.RunSql => RunSqlModelId,
        _ => null,
    };

    /// <summary>The model a request for <paramref name="feature"/> uses: the feature's own, else the fallback.</summary>
    public Guid? EffectiveModelFor(AiFeature? feature) => (feature is { } f ? ModelFor(f) : null) ?? FallbackModelId;

    /// <summary>Every model id the settings name, per feature and the fallback.</summary>
    public IEnumerable<Guid> ChosenModels =>
        new[] { WorkspaceSearchModelId, WebSearchModelId, ConnectedAppsModelId, RunSqlModelId, FallbackModelId }.OfType<Guid>().Distinct();

    /// <summary>
    /// Chooses the models: per feature (null for the fallback) and the fallback. Each must be in production, of the
    /// workspace's chosen provider, serve that feature, and in HIPAA mode use the provider's zero-retention endpoint.
    /// <paramref name="models"/> holds the models named. False when nothing changes.
    /// </summary>
    public bool ChooseModels(
        IReadOnlyDictionary<AiFeature, Guid?> perFeature, Guid? fallback, IReadOnlyCollection<AiModels.AiModel> models, DateTimeOffset now, string changedBy)
    {
        ArgumentNullException.ThrowIfNull(perFeature);
        ArgumentNullException.ThrowIfNull(models);
        var by = Guard.Text(changedBy, nameof(UpdatedBy), "Changed by", UpdatedByMaxLength);
        foreach (var (feature, id) in perFeature)
        {
            Guard.Defined(feature, nameof(Features), "Feature");
            if (id is { } modelId)
                CheckModel(models.SingleOrDefault(m => m.Id == modelId), feature, $"{feature}ModelId");
        }

        if (fallback is { } fallbackId)
            CheckModel(models.SingleOrDefault(m => m.Id == fallbackId), null, nameof(FallbackModelId));

        Guid? Chosen(AiFeature f) => perFeature.TryGetValue(f, out var id) ? id : ModelFor(f);
        var next = (Chosen(AiFeature.WorkspaceSearch), Chosen(AiFeature.WebSearch), Chosen(AiFeature.ConnectedApps), Chosen(AiFeature.RunSql), fallback);
        if (next == (WorkspaceSearchModelId, WebSearchModelId, ConnectedAppsModelId, RunSqlModelId, FallbackModelId))
            return false;
        (WorkspaceSearchModelId, WebSearchModelId, ConnectedAppsModelId, RunSqlModelId, FallbackModelId) = next;
        Touch(now, by);
        return true;
    }

    /// <summary>
    /// A model was retired: every choice of it moves to the fallback (or to none when the fallback is the retired model
    /// or itself unusable). False when the settings did not name it.
    /// </summary>
    public bool ReplaceRetiredModel(Guid retired, DateTimeOffset now, string changedBy)
    {
        if (!ChosenModels.Contains(retired))
            return false;
        var by = Guard.Text(changedBy, nameof(UpdatedBy), "Changed by", UpdatedByMaxLength);
        if (FallbackModelId == retired)
            FallbackModelId = null;
        Guid? Replace(Guid? id) => id == retired ? FallbackModelId : id;
        (WorkspaceSearchModelId, WebSearchModelId, ConnectedAppsModelId, RunSqlModelId) =
            (Replace(WorkspaceSearchModelId), Replace(WebSearchModelId), Replace(ConnectedAppsModelId), Replace(RunSqlModelId));
        Touch(now, by);
        return true;
    }

    private void CheckModel(AiModels.AiModel? model, AiFeature? feature, string field)
    {
        if (model is null)
            throw new DomainRuleException(field, "The chosen model is not in the model register.");
        if (model.Stage != AiModels.AiModelStage.InProduction)
            throw new DomainRuleException(field, $"{model.Title} is {model.Stage.Label().ToLowerInvariant()}, not in production: choose a model in production.");
        if (ProviderId != model.ProviderId)
            throw new DomainRuleException(field, $"{model.Title} is not a model of the workspace's LLM provider: choose the provider first, then one of its models.");
        if (feature is { } f && !model.Features.Contains(f))
            throw new DomainRuleException(field, $"{model.Title} is not evaluated for {AiFeatures.Describe(f).ToLowerInvariant()}.");
        if (HipaaMode && !model.ZeroRetention)
            throw new DomainRuleException(field, $"{model.Title} does not use the provider's zero-retention endpoint, which HIPAA mode requires.");
    }

    public bool IsOn(AiFeature feature) => feature switch
    {
        AiFeature.WorkspaceSearch => WorkspaceSearch,
        AiFeature.WebSearch => WebSearch,
        AiFeature.ConnectedApps => ConnectedApps,
        AiFeature.RunSql => RunSql,
        _ => false,
    };

    /// <summary>
    /// Saves <paramref name="change"/> when every rule holds for the workspace's <paramref name="plan"/> and the chosen
    /// <paramref name="provider"/>; otherwise refuses with the first rule it breaks and changes nothing. False when
    /// the change equals the settings in force.
    /// </summary>
    public bool Apply(AiSettingsChange change, Plan plan, Subprocessor? provider, RetentionTerms terms, DateTimeOffset now, string changedBy)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(terms);
        Guard.Defined(change.DataMode, nameof(DataMode), "Data mode");
        var features = change.Features ?? throw new DomainRuleException(nameof(Features), "Say which features are on (none is fine).");
        foreach (var feature in features)
            Guard.Defined(feature, nameof(Features), "Feature");
        var by = Guard.Text(changedBy, nameof(UpdatedBy), "Changed by", UpdatedByMaxLength);

        if (change.ProviderId is { } providerId)
        {
            if (provider is null || provider.Id != providerId)
                throw new DomainRuleException(nameof(ProviderId), "The chosen LLM provider is not in the subprocessor registry.");
            if (AiPolicyRules.Provider(provider, plan, change.HipaaMode, terms) is { } problem)
                throw new DomainRuleException(nameof(ProviderId), problem.Message);
        }

        if (AiPolicyRules.Hipaa(plan, change.HipaaMode) is { } hipaa)
            throw new DomainRuleException(nameof(HipaaMode), hipaa.Message);
        if (change.DataSharing && change.HipaaMode)
            throw new DomainRuleException(nameof(DataSharing), "Data sharing for model improvement is never allowed in HIPAA mode: turn it off, or turn HIPAA mode off.");

        if (Same(change))
            return false;

        AiEnabled = change.AiEnabled;

        // Models are chosen among the provider's: another provider (or none) leaves none chosen.
        if (ProviderId != change.ProviderId)
            (WorkspaceSearchModelId, WebSearchModelId, ConnectedAppsModelId, RunSqlModelId, FallbackModelId) = (null, null, null, null, null);
        ProviderId = change.ProviderId;
        DataMode = change.DataMode;
        WorkspaceSearch = features.Contains(AiFeature.WorkspaceSearch);
        WebSearch = features.Contains(AiFeature.WebSearch);
        ConnectedApps = features.Contains(AiFeature.ConnectedApps);
        RunSql = features.Contains(AiFeature.RunSql);
        TeamBasedAccess = change.TeamBasedAccess;
        PromptHistory = change.PromptHistory;
        DataSharing = change.DataSharing;
        HipaaMode = change.HipaaMode;
        Touch(now, by);
        return true;
    }

    /// <summary>A new integration, closed to the AI unless roles or teams are allowed; <paramref name="workspaceTeams"/> are the workspace's team ids.</summary>
    public Integration AddIntegration(
        string? name, IntegrationKind kind, IEnumerable<MemberRole>? allowedRoles, IEnumerable<Guid>? allowedTeamIds,
        IReadOnlyCollection<Guid> workspaceTeams, DateTimeOffset now, string changedBy)
    {
        ArgumentNullException.ThrowIfNull(workspaceTeams);
        var by = Guard.Text(changedBy, nameof(UpdatedBy), "Changed by", UpdatedByMaxLength);
        var integration = Integration.Create(WorkspaceId, name, kind, now);
        if (_integrations.Any(i => string.Equals(i.Name, integration.Name, StringComparison.OrdinalIgnoreCase)))
            throw new DomainRuleException(nameof(Integration.Name), $"An integration named '{integration.Name}' already exists in this workspace.");
        var (roles, teams) = Integration.ValidPermissions(allowedRoles, allowedTeamIds, workspaceTeams);
        integration.SetPermissions(roles, teams);
        _integrations.Add(integration);
        Touch(now, by);
        return integration;
    }

    /// <summary>Who may query the integration through the AI; false when that is already so.</summary>
    public bool ChangeIntegrationPermissions(
        Guid integrationId, IEnumerable<MemberRole>? allowedRoles, IEnumerable<Guid>? allowedTeamIds,
        IReadOnlyCollection<Guid> workspaceTeams, DateTimeOffset now, string changedBy)
    {
        ArgumentNullException.ThrowIfNull(workspaceTeams);
        var by = Guard.Text(changedBy, nameof(UpdatedBy), "Changed by", UpdatedByMaxLength);
        var integration = Find(integrationId);
        var (roles, teams) = Integration.ValidPermissions(allowedRoles, allowedTeamIds, workspaceTeams);
        if (roles.SequenceEqual(integration.AllowedRoles) && teams.Order().SequenceEqual(integration.AllowedTeamIds.Order()))
            return false;
        integration.SetPermissions(roles, teams);
        Touch(now, by);
        return true;
    }

    public void RemoveIntegration(Guid integrationId, DateTimeOffset now, string changedBy)
    {
        var by = Guard.Text(changedBy, nameof(UpdatedBy), "Changed by", UpdatedByMaxLength);
        _integrations.Remove(Find(integrationId));
        Touch(now, by);
    }

    public Integration? FindIntegration(string? name) =>
        _integrations.SingleOrDefault(i => string.Equals(i.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    public AiSettingsSnapshot Snapshot(string? providerName, Func<Guid, string>? modelName = null) => new(
        AiEnabled,
        ProviderId,
        providerName,
        DataMode.ToString(),
        [.. Features.Order().Select(f => f.ToString())],
        TeamBasedAccess,
        PromptHistory,
        DataSharing,
        HipaaMode,
        Moderation,
        [.. _integrations.OrderBy(i => i.Name, StringComparer.OrdinalIgnoreCase).Select(i => new IntegrationSnapshot(
            i.Id, i.Name, i.Kind.ToString(), [.. i.AllowedRoles.Order().Select(r => r.ToString())], [.. i.AllowedTeamIds.Order()]))],
        [.. AiFeatures.All.Where(f => ModelFor(f) is not null).Select(f => new ModelChoiceSnapshot(f.ToString(), ModelFor(f)!.Value, modelName?.Invoke(ModelFor(f)!.Value)))
            .Concat(FallbackModelId is { } fallback ? [new ModelChoiceSnapshot("Fallback", fallback, modelName?.Invoke(fallback))] : [])]);

    /// <summary>The history row of the version in force, for the change just made.</summary>
    public AiSettingsVersion RecordVersion(string action, AiSettingsSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (Version == 0 || UpdatedAt is not { } at)
            throw new InvalidOperationException("Settings that were never changed have no version to record.");
        return new AiSettingsVersion(WorkspaceId, Version, action, JsonSerializer.Serialize(snapshot, SnapshotJson), at, UpdatedBy);
    }

    private bool Same(AiSettingsChange change) =>
        Version > 0
        && AiEnabled == change.AiEnabled
        && ProviderId == change.ProviderId
        && DataMode == change.DataMode
        && Features.SetEquals(change.Features)
        && TeamBasedAccess == change.TeamBasedAccess
        && PromptHistory == change.PromptHistory
        && DataSharing == change.DataSharing
        && HipaaMode == change.HipaaMode;

    private Integration Find(Guid integrationId) =>
        _integrations.SingleOrDefault(i => i.Id == integrationId)
        ?? throw new DomainRuleException(nameof(Integration), "The integration does not belong to this workspace.");

    private void Touch(DateTimeOffset now, string by)
    {
        Version++;
        UpdatedAt = now;
        UpdatedBy = by;
    }
}
