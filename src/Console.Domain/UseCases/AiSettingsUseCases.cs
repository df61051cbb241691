using AdminConsole.Domain.Access;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.AiSettings;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.UseCases;

/// <summary>A workspace's AI settings page: the settings in force, the LLM providers it may choose, and whether the reader may change them.</summary>
public sealed record AiSettingsPageView(AiSettingsView Settings, IReadOnlyList<LlmProviderOption> Providers, bool CanManage, ModelChoicesView Models)
{
    /// <summary>Changes are refused on a deleted workspace: its settings are kept as evidence.</summary>
    public bool ReadOnly => !CanManage || !Settings.WorkspaceActive;
}

/// <summary>
/// A workspace's AI settings and integrations. Every console role reads them where it may (admins, officers and
/// auditors in every workspace, workspace admins in their own); admins and the workspace's own admins change them.
/// Another workspace's settings read exactly like a workspace that does not exist.
/// </summary>
public sealed class AiSettingsUseCases(IDbContextFactory<ConsoleDbContext> dbFactory, AiSettingsCommands commands)
{
    private const string MayNotRead = "Your role may not read AI settings.";
    private const string MayNotManage = "Only administrators and the workspace's own admins change its AI settings.";

    public async Task<Outcome<AiSettingsPageView>> GetAsync(CurrentUser user, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (await UseCase.RequireAiSettingsReaderAsync(db, user, workspaceId, MayNotRead, cancellationToken).ConfigureAwait(false) is { } refused)
            return refused.As<AiSettingsPageView>();
        if (await AiSettingsQuery.GetAsync(db, workspaceId, cancellationToken).ConfigureAwait(false) is not { } settings)
            return Outcome.NotFound(UseCase.NoSuchWorkspace).As<AiSettingsPageView>();
        var canManage = user.Satisfies(Policies.ManageAiSettings) && await db.CanManageAiSettingsAsync(user, workspaceId, cancellationToken).ConfigureAwait(false);
        return Outcome.Done(new AiSettingsPageView(
            settings, await AiSettingsQuery.ProvidersAsync(db, cancellationToken).ConfigureAwait(false), canManage,
            await AiSettingsQuery.ModelChoicesAsync(db, workspaceId, cancellationToken).ConfigureAwait(false)));
    }

    /// <summary>Every saved version, newest first, a page at a time.</summary>
    public async Task<Outcome<AiSettingsHistoryPage>> HistoryAsync(CurrentUser user, Guid workspaceId, int skip, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (await UseCase.RequireAiSettingsReaderAsync(db, user, workspaceId, MayNotRead, cancellationToken).ConfigureAwait(false) is { } refused)
            return refused.As<AiSettingsHistoryPage>();
        return Outcome.Done(await AiSettingsQuery.HistoryAsync(db, workspaceId, skip, take, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Saves the settings; done with the version in force (the same as before when nothing changed).</summary>
    public Task<Outcome<int>> UpdateAsync(CurrentUser user, Guid workspaceId, Func<AiSettingsChange> change, CancellationToken cancellationToken = default) =>
        ManageAsync(user, workspaceId, () => commands.UpdateAsync(user.Actor, workspaceId, change(), cancellationToken), cancellationToken);

    /// <summary>
    /// Chooses the model per feature (null: the fallback) and the fallback, among the models in production of the
    /// workspace's provider; done with false when nothing changed.
    /// </summary>
    public Task<Outcome<bool>> ChooseModelsAsync(
        CurrentUser user, Guid workspaceId, IReadOnlyDictionary<AiFeature, Guid?> perFeature, Guid? fallback, CancellationToken cancellationToken = default) =>
        ManageAsync(user, workspaceId, () => commands.ChooseModelsAsync(user.Actor, workspaceId, perFeature, fallback, cancellationToken), cancellationToken);

    public Task<Outcome<Guid>> AddIntegrationAsync(
        CurrentUser user, Guid workspaceId, string? name, IntegrationKind kind, IEnumerable<MemberRole>? roles, IEnumerable<Guid>? teams, CancellationToken cancellationToken = default) =>
        ManageAsync(user, workspaceId, () => commands.AddIntegrationAsync(user.Actor, workspaceId, name, kind, roles, teams, cancellationToken), cancellationToken);

    /// <summary>Done with false when the integration's access was already as asked.</summary>
    public Task<Outcome<bool>> ChangeIntegrationPermissionsAsync(
        CurrentUser user, Guid workspaceId, Guid integrationId, IEnumerable<MemberRole>? roles, IEnumerable<Guid>? teams, CancellationToken cancellationToken = default) =>
        ManageAsync(user, workspaceId, () => commands.ChangeIntegrationPermissionsAsync(user.Actor, workspaceId, integrationId, roles, teams, cancellationToken), cancellationToken);

    public Task<Outcome<bool>> RemoveIntegrationAsync(CurrentUser user, Guid workspaceId, Guid integrationId, CancellationToken cancellationToken = default) =>
        ManageAsync(user, workspaceId, async () =>
        {
            await commands.RemoveIntegrationAsync(user.Actor, workspaceId, integrationId, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private async Task<Outcome<T>> ManageAsync<T>(CurrentUser user, Guid workspaceId, Func<Task<T>> change, CancellationToken cancellationToken) =>
        await UseCase.RequireAiSettingsManagerAsync(dbFactory, user, workspaceId, MayNotManage, cancellationToken).ConfigureAwait(false) is { } refused
            ? refused.As<T>()
            : await UseCase.RunAsync(change).ConfigureAwait(false);
}
