using AdminConsole.Domain.Model.Api;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Commands;

/// <summary>
/// Issuing and revoking a workspace's API keys, each saved with its audit entry. The audit entry names the key
/// (name, key id, scopes), never its secret. Who may do it is the caller's check.
/// </summary>
public sealed class ApiKeyCommands(IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>A new key; the returned secret exists nowhere else and is to be shown once.</summary>
    public async Task<(Guid Id, string Secret)> IssueAsync(AuditActor actor, Guid workspaceId, string? name, IEnumerable<string>? scopes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (!await db.Workspaces.AnyAsync(w => w.Id == workspaceId, cancellationToken).ConfigureAwait(false))
            throw new DomainRuleException(string.Empty, "The workspace does not exist.");
        var now = clock.GetUtcNow();
        var (key, secret) = ApiKey.Issue(workspaceId, name, scopes, actor.Name, now);
        db.ApiKeys.Add(key);
        db.Audit(actor, new AuditRecord("api-key.created", nameof(ApiKey), key.Id.ToString(), workspaceId, null, Snapshot(key)), now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return (key.Id, secret);
    }

    /// <summary>A revoked key fails on its next request to this node, and on other nodes within a second.</summary>
    public async Task RevokeAsync(AuditActor actor, Guid workspaceId, Guid keyId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == keyId && k.WorkspaceId == workspaceId, cancellationToken).ConfigureAwait(false)
            ?? throw new DomainRuleException(string.Empty, "The API key does not exist.");
        var before = Snapshot(key);
        var now = clock.GetUtcNow();
        key.Revoke(actor.Name, now);
        db.Audit(actor, new AuditRecord("api-key.revoked", nameof(ApiKey), key.Id.ToString(), workspaceId, before, Snapshot(key)), now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    private static object Snapshot(ApiKey k) => new { k.Name, k.KeyId, Scopes = k.ScopeList, k.RevokedAt, k.RevokedBy };
}
