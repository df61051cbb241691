using AdminConsole.Domain.Model.AiSettings;
using AdminConsole.Domain.Model.Retention;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Queries;

public sealed record TeamOption(Guid Id, string Name);

public sealed record IntegrationView(Guid Id, string Name, IntegrationKind Kind, IReadOnlyList<MemberRole> AllowedRoles, IReadOnlyList<TeamOption> AllowedTeams);

/// <summary>A workspace's AI settings as the settings page shows them, with what the page needs to offer choices.</summary>
public sealed record AiSettingsView(
    Guid WorkspaceId,
    string WorkspaceName,
    Plan Plan,
    bool WorkspaceActive,
    bool AiEnabled,
    Guid? ProviderId,
    string? ProviderName,
    SubprocessorStatus? ProviderStatus,
    AiDataMode DataMode,
    IReadOnlySet<AiFeature> Features,
    bool TeamBasedAccess,
    bool PromptHistory,
    bool DataSharing,
    bool HipaaMode,
    bool Moderation,
    int Version,
    DateTimeOffset? UpdatedAt,
    string? UpdatedBy,
    IReadOnlyList<IntegrationView> Integrations,
    IReadOnlyList<TeamOption> Teams,
    RetentionTerms Terms)
{
    /// <summary>HIPAA mode is offered on the Enterprise plan only.</summary>
    public bool HipaaAvailable => Plan == Plan.Enterprise;

    /// <summary>Enterprise and HIPAA workspaces may choose zero-retention-capable providers only.</summary>
    public bool NeedsZeroRetention => Plan == Plan.Enterprise || HipaaMode;

    public AiSettingsChange ToChange() => new(AiEnabled, ProviderId, DataMode, Features, TeamBasedAccess, PromptHistory, DataSharing, HipaaMode);
}

/// <summary>A model a workspace may choose: in production at its provider, with the features it was evaluated for.</summary>
public sealed record ModelOption(Guid Id, string Name, string Version, Model.AiModels.AiModelPurpose Purpose, IReadOnlyList<AiFeature> Features, bool ZeroRetention, Model.AiModels.AiModelStage Stage)
{
    public string Text => $"{Name} {Version}";
}

/// <summary>The models a workspace chose (per feature, null for the fallback; and the fallback) and those it may choose.</summary>
public sealed record ModelChoicesView(IReadOnlyDictionary<AiFeature, Guid?> PerFeature, Guid? Fallback, IReadOnlyList<ModelOption> Options, IReadOnlyList<ModelOption> Chosen)
{
    /// <summary>A chosen model by id, in production or not (a retired one is named as such).</summary>
    public ModelOption? Find(Guid? id) => id is null ? null : Chosen.Concat(Options).FirstOrDefault(o => o.Id == id);
}

/// <summary>An LLM provider a workspace may choose: an authorized subprocessor of category LLM.</summary>
public sealed record LlmProviderOption(Guid Id, string LegalName, bool ZeroRetentionCapable, int? RetentionDays, IReadOnlyList<string> Countries);

public sealed record AiSettingsHistoryRow(int Version, string Action, DateTimeOffset ChangedAt, string ChangedBy, string Snapshot);

public sealed record AiSettingsHistoryPage(IReadOnlyList<AiSettingsHistoryRow> Items, int Total);

/// <summary>What a policy decision for a workspace depends on, apart from the request itself.</summary>
public sealed record AiPolicyContext(
    WorkspaceAiSettings Settings, Plan Plan, bool WorkspaceActive, Subprocessor? Provider, RetentionTerms Terms, IReadOnlySet<Guid> TeamIds, IReadOnlyList<Model.AiModels.AiModel> Models)
{
    /// <summary>The model a request for <paramref name="feature"/> uses (its own, else the fallback), whatever its stage; null when none is chosen.</summary>
    public Model.AiModels.AiModel? ModelFor(AiFeature? feature) =>
        Settings.EffectiveModelFor(feature) is { } id ? Models.SingleOrDefault(m => m.Id == id) : null;
}

/// <summary>A workspace's AI settings, the providers it may choose, its settings history, and what its policy decisions read.</summary>
public static class AiSettingsQuery
{
    public const int MaxTake = 200;

    /// <summary>The workspace's model choices, and the models in production of its chosen provider.</summary>
    public static async Task<ModelChoicesView> ModelChoicesAsync(ConsoleDbContext db, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var s = await LoadAsync(db, workspaceId, cancellationToken).ConfigureAwait(false);
        var chosenIds = s.ChosenModels.ToList();
        var models = await db.AiModels.AsNoTracking()
            .Where(m => (s.ProviderId != null && m.ProviderId == s.ProviderId && m.Stage == Model.AiModels.AiModelStage.InProduction) || chosenIds.Contains(m.Id))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        ModelOption Option(Model.AiModels.AiModel m) => new(m.Id, m.Name, m.Version, m.Purpose, m.Features, m.ZeroRetention, m.Stage);
        return new ModelChoicesView(
            AiFeatures.All.ToDictionary(f => f, s.ModelFor),
            s.FallbackModelId,
            [.. models.Where(m => m.Stage == Model.AiModels.AiModelStage.InProduction && m.ProviderId == s.ProviderId).OrderBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.Version, StringComparer.Ordinal).Select(Option)],
            [.. models.Where(m => chosenIds.Contains(m.Id)).Select(Option)]);
    }

    /// <summary>The settings in force (the defaults when never saved); null when there is no such workspace.</summary>
    public static async Task<AiSettingsView?> GetAsync(ConsoleDbContext db, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var workspace = await db.Workspaces.AsNoTracking().Where(w => w.Id == workspaceId)
            .Select(w => new { w.Name, w.Plan, w.Status, Teams = w.Teams.OrderBy(t => t.Name).Select(t => new TeamOption(t.Id, t.Name)).ToList() })
            .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (workspace is null)
            return null;
        var s = await LoadAsync(db, workspaceId, cancellationToken).ConfigureAwait(false);
        var provider = s.ProviderId is { } id
            ? await db.Subprocessors.AsNoTracking().Where(p => p.Id == id).Select(p => new { p.LegalName, p.Status }).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false)
            : null;
        var teamNames = workspace.Teams.ToDictionary(t => t.Id);
        var integrations = s.Integrations.OrderBy(i => i.Name, StringComparer.OrdinalIgnoreCase)
            .Select(i => new IntegrationView(i.Id, i.Name, i.Kind, [.. i.AllowedRoles.Order()],
                [.. i.AllowedTeamIds.Where(teamNames.ContainsKey).Select(t => teamNames[t]).OrderBy(t => t.Name, StringComparer.Ordinal)]))
            .ToList();
        return new AiSettingsView(
            workspaceId, workspace.Name, workspace.Plan, workspace.Status == WorkspaceStatus.Active,
            s.AiEnabled, s.ProviderId, provider?.LegalName, provider?.Status, s.DataMode, s.Features, s.TeamBasedAccess, s.PromptHistory,
            s.DataSharing, s.HipaaMode, WorkspaceAiSettings.Moderation, s.Version, s.UpdatedAt, s.Version == 0 ? null : s.UpdatedBy,
            integrations, workspace.Teams, await TermsAsync(db, workspace.Plan, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The LLM providers a workspace may choose from: authorized subprocessors of category LLM, by name.</summary>
    public static async Task<IReadOnlyList<LlmProviderOption>> ProvidersAsync(ConsoleDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var providers = await db.Subprocessors.AsNoTracking()
            .Where(p => p.Category == ProcessingCategory.Llm && p.Status == SubprocessorStatus.Authorized)
            .OrderBy(p => p.LegalName)
            .Select(p => new { p.Id, p.LegalName, p.ZeroRetentionCapable, p.RetentionDays, p.Countries })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. providers.Select(p => new LlmProviderOption(p.Id, p.LegalName, p.ZeroRetentionCapable, p.RetentionDays, p.Countries))];
    }

    /// <summary>Every saved version of the settings, newest first, paged in SQL.</summary>
    public static async Task<AiSettingsHistoryPage> HistoryAsync(ConsoleDbContext db, Guid workspaceId, int skip, int take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var versions = db.AiSettingsVersions.AsNoTracking().Where(v => v.WorkspaceId == workspaceId);
        var total = await versions.CountAsync(cancellationToken).ConfigureAwait(false);
        var items = await versions.OrderByDescending(v => v.Version)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, MaxTake))
            .Select(v => new AiSettingsHistoryRow(v.Version, v.Action, v.ChangedAt, v.ChangedBy, v.Snapshot))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new AiSettingsHistoryPage(items, total);
    }

    /// <summary>What the workspace's policy decisions read; null when there is no such workspace.</summary>
    public static async Task<AiPolicyContext?> PolicyContextAsync(ConsoleDbContext db, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var workspace = await db.Workspaces.AsNoTracking().Where(w => w.Id == workspaceId)
            .Select(w => new { w.Plan, w.Status, Teams = w.Teams.Select(t => t.Id).ToList() })
            .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (workspace is null)
            return null;
        var settings = await LoadAsync(db, workspaceId, cancellationToken).ConfigureAwait(false);
        var provider = settings.ProviderId is { } id
            ? await db.Subprocessors.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken).ConfigureAwait(false)
            : null;
        var terms = await TermsAsync(db, workspace.Plan, cancellationToken).ConfigureAwait(false);
        var chosen = settings.ChosenModels.ToList();
        var models = chosen.Count == 0
            ? []
            : await db.AiModels.AsNoTracking().Where(m => chosen.Contains(m.Id)).ToListAsync(cancellationToken).ConfigureAwait(false);
        return new AiPolicyContext(settings, workspace.Plan, workspace.Status == WorkspaceStatus.Active, provider, terms, workspace.Teams.ToHashSet(), models);
    }

    /// <summary>A member of the workspace as the policy sees them; null when the workspace has no member with this object id.</summary>
    public static async Task<AiPolicyUser?> PolicyUserAsync(ConsoleDbContext db, Guid workspaceId, Guid userObjectId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var member = await db.Members.AsNoTracking().Where(m => m.WorkspaceId == workspaceId && m.UserObjectId == userObjectId)
            .Select(m => new { m.Role, Teams = m.Teams.Select(t => t.Id).ToList() })
            .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return member is null ? null : new AiPolicyUser(userObjectId, member.Role, member.Teams);
    }

    /// <summary>The retention terms of the plan's policy in force (the defaults before a policy exists).</summary>
    private static async Task<RetentionTerms> TermsAsync(ConsoleDbContext db, Plan plan, CancellationToken cancellationToken) =>
        await db.RetentionPolicies.AsNoTracking().Where(p => p.Plan == plan).Select(p => p.Terms)
            .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false)
        ?? RetentionTerms.DefaultFor(plan);

    private static async Task<WorkspaceAiSettings> LoadAsync(ConsoleDbContext db, Guid workspaceId, CancellationToken cancellationToken) =>
        await db.AiSettings.AsNoTracking().Include(s => s.Integrations).SingleOrDefaultAsync(s => s.WorkspaceId == workspaceId, cancellationToken).ConfigureAwait(false)
        ?? WorkspaceAiSettings.DefaultsFor(workspaceId);
}
