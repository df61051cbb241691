using AdminConsole.Domain.Model.AiModels;
using AdminConsole.Domain.Model.AiSettings;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Retention;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Commands;

/// <summary>
/// Changes to a workspace's AI settings and integrations. Each loads what the rules depend on (plan, provider,
/// retention terms, teams), lets the model check everything, and saves the change with its audit entry (before and
/// after) and its history row in one save: a refused change leaves nothing behind.
/// </summary>
public sealed class AiSettingsCommands(IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider clock)
{
    public const string Updated = "ai-settings.updated";
    public const string IntegrationAdded = "ai-integration.added";
    public const string IntegrationChanged = "ai-integration.permissions-changed";
    public const string IntegrationRemoved = "ai-integration.removed";
    public const string ModelsChosen = "ai-settings.models-chosen";
    public const string ModelFallback = "ai-settings.model-fallback";

    /// <summary>Saves the settings; the version in force afterwards (unchanged when the change equals the settings in force).</summary>
    public Task<int> UpdateAsync(AuditActor actor, Guid workspaceId, AiSettingsChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        return ChangeAsync(actor, workspaceId, Updated, change.ProviderId, (s, ctx, now) =>
            (s.Apply(change, ctx.Plan, ctx.Provider, ctx.Terms, now, actor.Name), s.Version), cancellationToken);
    }

    /// <summary>
    /// Chooses the models per feature (null: the fallback; a feature left out keeps its choice) and the fallback, among
    /// the models in production of the workspace's provider. False when nothing changed.
    /// </summary>
    public Task<bool> ChooseModelsAsync(
        AuditActor actor, Guid workspaceId, IReadOnlyDictionary<AiFeature, Guid?> perFeature, Guid? fallback, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(perFeature);
        var named = perFeature.Values.Append(fallback).OfType<Guid>().ToList();
        return ChangeAsync(actor, workspaceId, ModelsChosen, null, (s, ctx, now) =>
        {
            var changed = s.ChooseModels(perFeature, fallback, ctx.Models, now, actor.Name);
            return (changed, changed);
        }, cancellationToken, named);
    }

    /// <summary>
    /// Moves every workspace that chose <paramref name="retired"/> to its fallback, each with a new settings version and
    /// an audit entry, in the caller's unit of work (the retirement's transaction).
    /// </summary>
    public static async Task<int> ReplaceRetiredModelAsync(ConsoleDbContext db, AuditActor actor, AiModel retired, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(retired);
        var id = retired.Id;
        var affected = await db.AiSettings.Include(s => s.Integrations)
            .Where(s => s.WorkspaceSearchModelId == id || s.WebSearchModelId == id || s.ConnectedAppsModelId == id || s.RunSqlModelId == id || s.FallbackModelId == id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (affected.Count == 0)
            return 0;
        var modelIds = affected.SelectMany(s => s.ChosenModels).Distinct().ToList();
        var names = await db.AiModels.AsNoTracking().Where(m => modelIds.Contains(m.Id))
            .ToDictionaryAsync(m => m.Id, m => m.Title, cancellationToken).ConfigureAwait(false);
        var providerIds = affected.Select(s => s.ProviderId).OfType<Guid>().Distinct().ToList();
        var providers = await db.Subprocessors.AsNoTracking().Where(p => providerIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => p.LegalName, cancellationToken).ConfigureAwait(false);
        string ModelName(Guid m) => names.GetValueOrDefault(m, m.ToString());
        foreach (var settings in affected)
        {
            var provider = settings.ProviderId is { } p ? providers.GetValueOrDefault(p) : null;
            var before = settings.Snapshot(provider, ModelName);
            settings.ReplaceRetiredModel(id, now, actor.Name);
            Record(db, actor, settings, ModelFallback, before, settings.Snapshot(provider, ModelName), now);
        }

        return affected.Count;
    }

    public Task<Guid> AddIntegrationAsync(
        AuditActor actor, Guid workspaceId, string? name, IntegrationKind kind, IEnumerable<MemberRole>? allowedRoles, IEnumerable<Guid>? allowedTeamIds,
        CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, workspaceId, IntegrationAdded, null, (s, ctx, now) =>
            (true, s.AddIntegration(name, kind, allowedRoles, allowedTeamIds, ctx.TeamIds, now, actor.Name).Id), cancellationToken);

    public Task<bool> ChangeIntegrationPermissionsAsync(
        AuditActor actor, Guid workspaceId, Guid integrationId, IEnumerable<MemberRole>? allowedRoles, IEnumerable<Guid>? allowedTeamIds,
        CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, workspaceId, IntegrationChanged, null, (s, ctx, now) =>
        {
            var changed = s.ChangeIntegrationPermissions(integrationId, allowedRoles, allowedTeamIds, ctx.TeamIds, now, actor.Name);
            return (changed, changed);
        }, cancellationToken);

    public Task RemoveIntegrationAsync(AuditActor actor, Guid workspaceId, Guid integrationId, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, workspaceId, IntegrationRemoved, null, (s, ctx, now) =>
        {
            s.RemoveIntegration(integrationId, now, actor.Name);
            return (true, true);
        }, cancellationToken);

    private async Task<T> ChangeAsync<T>(
        AuditActor actor, Guid workspaceId, string action, Guid? chosenProvider,
        Func<WorkspaceAiSettings, RuleContext, DateTimeOffset, (bool Changed, T Result)> change, CancellationToken cancellationToken, IReadOnlyCollection<Guid>? modelsNamed = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var workspace = await db.Workspaces.AsNoTracking().Where(w => w.Id == workspaceId)
            .Select(w => new { w.Plan, w.Status, Teams = w.Teams.Select(t => t.Id).ToList() })
            .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new DomainRuleException(nameof(Workspace), "The workspace does not exist.");
        if (workspace.Status != WorkspaceStatus.Active)
            throw new DomainRuleException(nameof(Workspace), "The workspace is deleted: its AI settings can no longer be changed.");

        var settings = await db.AiSettings.Include(s => s.Integrations).SingleOrDefaultAsync(s => s.WorkspaceId == workspaceId, cancellationToken).ConfigureAwait(false);
        var isNew = settings is null;
        settings ??= WorkspaceAiSettings.DefaultsFor(workspaceId);
        var terms = await db.RetentionPolicies.AsNoTracking().Where(p => p.Plan == workspace.Plan).Select(p => p.Terms)
            .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new DomainRuleException(nameof(Plan), $"There is no retention policy for {workspace.Plan}.");
        var providerIds = new[] { settings.ProviderId, chosenProvider }.OfType<Guid>().Distinct().ToList();
        var providers = await db.Subprocessors.AsNoTracking().Where(p => providerIds.Contains(p.Id)).ToListAsync(cancellationToken).ConfigureAwait(false);
        string? NameOf(Guid? id) => providers.SingleOrDefault(p => p.Id == id)?.LegalName;
        var modelIds = settings.ChosenModels.Concat(modelsNamed ?? []).Distinct().ToList();
        var models = modelIds.Count == 0
            ? []
            : await db.AiModels.AsNoTracking().Where(m => modelIds.Contains(m.Id)).ToListAsync(cancellationToken).ConfigureAwait(false);
        string ModelName(Guid id) => models.SingleOrDefault(m => m.Id == id) is { } m ? m.Title : id.ToString();

        var before = settings.Snapshot(NameOf(settings.ProviderId), ModelName);
        var now = clock.GetUtcNow();
        var context = new RuleContext(workspace.Plan, providers.SingleOrDefault(p => p.Id == chosenProvider), terms, workspace.Teams, models);
        var (changed, result) = change(settings, context, now);
        if (!changed)
            return result;

        if (isNew)
            db.AiSettings.Add(settings);
        Record(db, actor, settings, action, before, settings.Snapshot(NameOf(settings.ProviderId), ModelName), now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>A change's two records, always together: the settings' new version in the history, and its audit entry with before and after.</summary>
    private static void Record(ConsoleDbContext db, AuditActor actor, WorkspaceAiSettings settings, string action, AiSettingsSnapshot before, AiSettingsSnapshot after, DateTimeOffset now)
    {
        db.AiSettingsVersions.Add(settings.RecordVersion(action, after));
        db.Audit(actor, new AuditRecord(action, nameof(WorkspaceAiSettings), settings.WorkspaceId.ToString(), settings.WorkspaceId, before, after), now);
    }

    private sealed record RuleContext(Plan Plan, Subprocessor? Provider, RetentionTerms Terms, IReadOnlyCollection<Guid> TeamIds, IReadOnlyCollection<AiModel> Models);
}
