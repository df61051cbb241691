using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Commands;

/// <summary>
/// The changes the UI and the API make to a workspace. Each loads the aggregate, lets the model apply its
/// rules, records one audit entry and saves once: a refused change leaves nothing behind, an accepted one
/// is never saved without its audit entry.
/// </summary>
public sealed class WorkspaceCommands(IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider clock)
{
    public async Task<Guid> CreateAsync(AuditActor actor, string? name, Plan plan, DataRegion region, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var workspace = Workspace.Create(name, plan, region, now);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        db.Workspaces.Add(workspace);
        db.Audit(actor, new AuditRecord("workspace.created", "Workspace", workspace.Id.ToString(), workspace.Id, null, Snapshot(workspace)), now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return workspace.Id;
    }

    /// <summary>Renames and re-plans in one change; a save that changes nothing writes nothing.</summary>
    public Task UpdateAsync(AuditActor actor, Guid workspaceId, string? name, Plan plan, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, workspaceId, (w, now) =>
        {
            var before = Snapshot(w);
            w.Rename(name, now);
            w.ChangePlan(plan, now);
            var after = Snapshot(w);
            return before == after ? null : new AuditRecord("workspace.updated", "Workspace", w.Id.ToString(), w.Id, before, after);
        }, cancellationToken);

    public Task<Guid> AddTeamAsync(AuditActor actor, Guid workspaceId, string? name, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, workspaceId, (w, now) =>
        {
            var team = w.AddTeam(name, now);
            return (team.Id, new AuditRecord("team.added", "Team", team.Id.ToString(), w.Id, null, new { team.Name }));
        }, cancellationToken);

    public Task RemoveTeamAsync(AuditActor actor, Guid workspaceId, Guid teamId, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, workspaceId, (w, now) =>
        {
            var team = w.Teams.SingleOrDefault(t => t.Id == teamId);
            w.RemoveTeam(teamId, now);
            return new AuditRecord("team.removed", "Team", teamId.ToString(), w.Id, new { team!.Name }, null);
        }, cancellationToken);

    public Task<Guid> AddMemberAsync(AuditActor actor, Guid workspaceId, Guid userObjectId, string? displayName, string? email, Guid? teamId, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, workspaceId, (w, now) =>
        {
            var member = w.AddMember(userObjectId, displayName, email, now);
            if (teamId is { } team)
                w.AssignToTeam(member.Id, team, now);
            return (member.Id, new AuditRecord("member.added", "Member", member.Id.ToString(), w.Id, null, MemberSnapshot(member)));
        }, cancellationToken);

    public Task RemoveMemberAsync(AuditActor actor, Guid workspaceId, Guid memberId, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, workspaceId, (w, now) =>
        {
            var member = w.Members.SingleOrDefault(m => m.Id == memberId);
            var before = member is null ? null : MemberSnapshot(member);
            w.RemoveMember(memberId, now);
            return new AuditRecord("member.removed", "Member", memberId.ToString(), w.Id, before, null);
        }, cancellationToken);

    /// <summary>A member's role in the workspace (integrations open to the AI by role read it).</summary>
    public Task ChangeMemberRoleAsync(AuditActor actor, Guid workspaceId, Guid memberId, MemberRole role, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, workspaceId, (w, now) =>
        {
            var before = w.Members.SingleOrDefault(m => m.Id == memberId)?.Role;
            w.ChangeMemberRole(memberId, role, now);
            return before == role ? null : new AuditRecord("member.role-changed", "Member", memberId.ToString(), w.Id, new { Role = before.ToString() }, new { Role = role.ToString() });
        }, cancellationToken);

    public Task AssignAdministratorAsync(AuditActor actor, Guid workspaceId, Guid userObjectId, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, workspaceId, (w, now) =>
        {
            w.AssignAdministrator(userObjectId, now);
            return new AuditRecord("workspace-admin.assigned", "User", userObjectId.ToString(), w.Id, null, new { UserObjectId = userObjectId });
        }, cancellationToken);

    public Task RemoveAdministratorAsync(AuditActor actor, Guid workspaceId, Guid userObjectId, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, workspaceId, (w, now) =>
        {
            w.RemoveAdministrator(userObjectId, now);
            return new AuditRecord("workspace-admin.removed", "User", userObjectId.ToString(), w.Id, new { UserObjectId = userObjectId }, null);
        }, cancellationToken);

    private static WorkspaceSnapshot Snapshot(Workspace w) => new(w.Name, w.Plan.ToString(), w.Region.ToString());

    private static object MemberSnapshot(Member m) => new { m.DisplayName, m.Email, m.UserObjectId, Role = m.Role.ToString(), Teams = m.Teams.Select(t => t.Name).Order(StringComparer.Ordinal).ToList() };

    private async Task ChangeAsync(AuditActor actor, Guid workspaceId, Func<Workspace, DateTimeOffset, AuditRecord?> change, CancellationToken cancellationToken) =>
        await ChangeAsync<bool>(actor, workspaceId, (w, now) => (true, change(w, now)), cancellationToken).ConfigureAwait(false);

    private async Task<T> ChangeAsync<T>(AuditActor actor, Guid workspaceId, Func<Workspace, DateTimeOffset, (T Result, AuditRecord? Audit)> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var workspace = await db.Workspaces
            .Include(w => w.Teams)
            .Include(w => w.Members).ThenInclude(m => m.Teams)
            .Include(w => w.Administrators)
            .AsSplitQuery()
            .SingleOrDefaultAsync(w => w.Id == workspaceId, cancellationToken).ConfigureAwait(false)
            ?? throw new DomainRuleException(nameof(Workspace), "The workspace does not exist.");
        var now = clock.GetUtcNow();
        var (result, audit) = change(workspace, now);
        if (audit is null)
            return result;
        db.Audit(actor, audit, now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    private sealed record WorkspaceSnapshot(string Name, string Plan, string Region);
}
