using AdminConsole.Domain.Access;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Api;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.UseCases;

/// <summary>A workspace's API keys as its page shows them.</summary>
public sealed record ApiKeysView(string WorkspaceName, IReadOnlyList<ApiKey> Keys);

/// <summary>A key just issued: its secret, shown once and kept nowhere.</summary>
public sealed record IssuedApiKey(Guid Id, string Name, string Secret);

/// <summary>
/// A workspace's API keys for the AI product: console admins in every workspace, workspace admins in their own. Another
/// workspace's keys read exactly like an unknown workspace.
/// </summary>
public sealed class ApiKeyUseCases(IDbContextFactory<ConsoleDbContext> dbFactory, ApiKeyCommands commands)
{
    private const string MayNotManage = "Your role may not manage API keys.";

    public async Task<Outcome<ApiKeysView>> ListAsync(CurrentUser user, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (await UseCase.RequireInWorkspaceAsync(db, user, workspaceId, Policies.ManageApiKeys, MayNotManage, cancellationToken).ConfigureAwait(false) is { } refused)
            return refused.As<ApiKeysView>();
        var name = await db.Workspaces.AsNoTracking().Where(w => w.Id == workspaceId).Select(w => w.Name).SingleAsync(cancellationToken).ConfigureAwait(false);
        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.WorkspaceId == workspaceId)
            .OrderBy(k => k.RevokedAt != null).ThenByDescending(k => k.CreatedAt)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return Outcome.Done(new ApiKeysView(name, keys));
    }

    /// <summary>
    /// Issues a key with <paramref name="scopes"/>. A key that posts model evaluations writes to the register every
    /// customer is told about, not to one workspace: only a console administrator issues one.
    /// </summary>
    public Task<Outcome<IssuedApiKey>> IssueAsync(CurrentUser user, Guid workspaceId, string? name, IEnumerable<string>? scopes, CancellationToken cancellationToken = default) =>
        scopes?.Contains(ApiScopes.ModelsEvaluate, StringComparer.Ordinal) == true && user.Satisfies(Policies.ManageApiKeys) && !user.IsAdmin
            ? Task.FromResult(Outcome.Refused("Scopes", "Only console administrators issue keys that post model evaluations: the register is the console's, not one workspace's.").As<IssuedApiKey>())
            : UseCase.InWorkspaceAsync(dbFactory, user, workspaceId, Policies.ManageApiKeys, MayNotManage, async () =>
        {
            var (id, secret) = await commands.IssueAsync(user.Actor, workspaceId, name, scopes, cancellationToken).ConfigureAwait(false);
            return new IssuedApiKey(id, name!.Trim(), secret);
        }, "API key created", cancellationToken);

    public Task<Outcome> RevokeAsync(CurrentUser user, Guid workspaceId, Guid keyId, CancellationToken cancellationToken = default) =>
        UseCase.InWorkspaceAsync(dbFactory, user, workspaceId, Policies.ManageApiKeys, MayNotManage,
            () => commands.RevokeAsync(user.Actor, workspaceId, keyId, cancellationToken), "API key revoked", cancellationToken);
}
