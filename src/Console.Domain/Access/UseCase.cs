using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Access;

/// <summary>
/// The checks every use case starts with, and the conversion of a domain refusal into an outcome. The order is fixed:
/// a role that may never do the thing is <see cref="OutcomeKind.Forbidden"/>; a workspace the user may not see reads
/// exactly like one that does not exist, <see cref="OutcomeKind.NotFound"/>; then the domain's rules.
/// </summary>
public static class UseCase
{
    public const string NoSuchWorkspace = "There is no such workspace, or it is not one of yours.";

    /// <summary>Forbidden unless the user's role is admitted by the policy; null when it is.</summary>
    public static Outcome? Require(CurrentUser user, string policy, string refusal)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Satisfies(policy) ? null : Outcome.Forbidden(refusal);
    }

    /// <summary>
    /// For an action in one workspace: forbidden unless the role is admitted; not found unless the workspace is one the
    /// user sees (a workspace admin sees, and so acts in, only the workspaces assigned to them). Null when allowed.
    /// </summary>
    public static async Task<Outcome?> RequireInWorkspaceAsync(ConsoleDbContext db, CurrentUser user, Guid workspaceId, string policy, string refusal, CancellationToken cancellationToken)
    {
        if (Require(user, policy, refusal) is { } forbidden)
            return forbidden;
        return await db.CanViewAsync(user, workspaceId, cancellationToken).ConfigureAwait(false)
            ? null
            : Outcome.NotFound(NoSuchWorkspace);
    }

    /// <summary>
    /// For reading a workspace's AI settings, integrations or DLP: forbidden unless the role may read them; not found for
    /// a workspace whose settings the user may not see (auditors see every workspace's). Null when allowed; on the
    /// caller's context, which it then reads the workspace with.
    /// </summary>
    public static async Task<Outcome?> RequireAiSettingsReaderAsync(ConsoleDbContext db, CurrentUser user, Guid workspaceId, string refusal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (Require(user, Policies.ViewAiSettings, refusal) is { } forbidden)
            return forbidden;
        return await db.CanViewAiSettingsAsync(user, workspaceId, cancellationToken).ConfigureAwait(false)
            ? null
            : Outcome.NotFound(NoSuchWorkspace);
    }

    /// <summary>
    /// For a change to a workspace's AI settings, integrations or DLP: forbidden unless the role may manage them; then
    /// forbidden for someone who reads that workspace's settings but may not change them there, and not found for someone
    /// who may not see them at all. Null when allowed.
    /// </summary>
    public static async Task<Outcome?> RequireAiSettingsManagerAsync(
        IDbContextFactory<ConsoleDbContext> dbFactory, CurrentUser user, Guid workspaceId, string refusal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dbFactory);
        if (Require(user, Policies.ManageAiSettings, refusal) is { } forbidden)
            return forbidden;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (await db.CanManageAiSettingsAsync(user, workspaceId, cancellationToken).ConfigureAwait(false))
            return null;
        return await db.CanViewAiSettingsAsync(user, workspaceId, cancellationToken).ConfigureAwait(false)
            ? Outcome.Forbidden(refusal)
            : Outcome.NotFound(NoSuchWorkspace);
    }

    /// <summary>A change in one workspace: the checks of <see cref="RequireInWorkspaceAsync"/>, then the change.</summary>
    public static async Task<Outcome> InWorkspaceAsync(
        IDbContextFactory<ConsoleDbContext> dbFactory, CurrentUser user, Guid workspaceId, string policy, string refusal, Func<Task> change, string? done, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dbFactory);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await RequireInWorkspaceAsync(db, user, workspaceId, policy, refusal, cancellationToken).ConfigureAwait(false) is { } refused)
                return refused;
        }

        return await RunAsync(change, done).ConfigureAwait(false);
    }

    /// <summary>A change in one workspace that returns a value (the id, the secret of what it created).</summary>
    public static async Task<Outcome<T>> InWorkspaceAsync<T>(
        IDbContextFactory<ConsoleDbContext> dbFactory, CurrentUser user, Guid workspaceId, string policy, string refusal, Func<Task<T>> change, string? done, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dbFactory);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await RequireInWorkspaceAsync(db, user, workspaceId, policy, refusal, cancellationToken).ConfigureAwait(false) is { } refused)
                return refused.As<T>();
        }

        return await RunAsync(change, done).ConfigureAwait(false);
    }

    /// <summary>Runs the change; a rule's refusal becomes a refused outcome (the change saved nothing).</summary>
    public static async Task<Outcome> RunAsync(Func<Task> change, string? done = null)
    {
        ArgumentNullException.ThrowIfNull(change);
        try
        {
            await change().ConfigureAwait(false);
            return Outcome.Done(done);
        }
        catch (DomainRuleException e)
        {
            return Outcome.Refused(e.Field, e.Message);
        }
    }

    /// <summary>Runs a change that returns a value (the id of what it created).</summary>
    public static async Task<Outcome<T>> RunAsync<T>(Func<Task<T>> change, string? done = null)
    {
        ArgumentNullException.ThrowIfNull(change);
        try
        {
            return Outcome.Done(await change().ConfigureAwait(false), done);
        }
        catch (DomainRuleException e)
        {
            return Outcome.Refused(e.Field, e.Message).As<T>();
        }
    }
}
