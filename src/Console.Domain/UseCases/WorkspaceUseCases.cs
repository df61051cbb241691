using AdminConsole.Domain.Access;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Access;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.UseCases;

/// <summary>A workspace as its page shows it, with what the reader may do there.</summary>
public sealed record WorkspaceView(
    Guid Id, string Name, Plan Plan, DataRegion Region, WorkspaceStatus Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    IReadOnlyList<TeamView> Teams, int Members, bool CanManageWorkspace, bool CanManageMembers);

public sealed record TeamView(Guid Id, string Name, int Members);

public sealed record MemberView(Guid Id, string DisplayName, string Email, string Teams, DateTimeOffset JoinedAt, MemberRole Role);

public sealed record AdministratorView(Guid ObjectId, string Name, string Email, DateTimeOffset AssignedAt);

public sealed record AdministratorCandidate(Guid ObjectId, string Name, string Email);

/// <summary>
/// Workspaces, their teams, members and administrators, for a signed-in user: each query is cut to the workspaces the user
/// sees, each change checks the user's role and scope before it runs, and each answers with an <see cref="Outcome"/>.
/// </summary>
public sealed class WorkspaceUseCases(IDbContextFactory<ConsoleDbContext> dbFactory, WorkspaceCommands commands)
{
    private const string MayNotView = "Your role may not see workspaces.";
    private const string MayNotManageWorkspaces = "Only console administrators create workspaces and change their name, plan and administrators.";
    private const string MayNotManageMembers = "You may not change this workspace's teams and members.";

    public async Task<Outcome<WorkspaceListPage>> ListAsync(CurrentUser user, WorkspaceListRequest request, CancellationToken cancellationToken = default)
    {
        if (UseCase.Require(user, Policies.ViewWorkspaces, MayNotView) is { } refused)
            return refused.As<WorkspaceListPage>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return Outcome.Done(await WorkspaceListQuery.RunAsync(db.Visible(user), request, cancellationToken).ConfigureAwait(false));
    }

    public async Task<Outcome<WorkspaceView>> GetAsync(CurrentUser user, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (await UseCase.RequireInWorkspaceAsync(db, user, workspaceId, Policies.ViewWorkspaces, MayNotView, cancellationToken).ConfigureAwait(false) is { } refused)
            return refused.As<WorkspaceView>();
        var header = await db.Workspaces.AsNoTracking().Where(w => w.Id == workspaceId)
            .Select(w => new { w.Name, w.Plan, w.Region, w.Status, w.CreatedAt, w.UpdatedAt, Members = w.Members.Count })
            .SingleAsync(cancellationToken).ConfigureAwait(false);
        var teams = await db.Teams.AsNoTracking()
            .Where(t => t.WorkspaceId == workspaceId)
            .OrderBy(t => t.Name)
            .Select(t => new TeamView(t.Id, t.Name, db.Members.Count(m => m.WorkspaceId == workspaceId && m.Teams.Any(x => x.Id == t.Id))))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return Outcome.Done(new WorkspaceView(
            workspaceId, header.Name, header.Plan, header.Region, header.Status, header.CreatedAt, header.UpdatedAt, teams, header.Members,
            CanManageWorkspace: user.Satisfies(Policies.ManageWorkspaces),
            CanManageMembers: user.Satisfies(Policies.ManageMembers)));
    }

    /// <summary>A page of the workspace's members, by name.</summary>
    public async Task<Outcome<(IReadOnlyList<MemberView> Items, int Total)>> MembersAsync(CurrentUser user, Guid workspaceId, int skip, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (await UseCase.RequireInWorkspaceAsync(db, user, workspaceId, Policies.ViewWorkspaces, MayNotView, cancellationToken).ConfigureAwait(false) is { } refused)
            return refused.As<(IReadOnlyList<MemberView>, int)>();
        var members = db.Members.AsNoTracking().Where(m => m.WorkspaceId == workspaceId);
        var total = await members.CountAsync(cancellationToken).ConfigureAwait(false);
        var page = await members
            .OrderBy(m => m.DisplayName).ThenBy(m => m.Id)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 200))
            .Select(m => new { m.Id, m.DisplayName, m.Email, m.JoinedAt, m.Role, Teams = m.Teams.Select(t => t.Name).ToList() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<MemberView> items = [.. page.Select(m => new MemberView(m.Id, m.DisplayName, m.Email, string.Join(", ", m.Teams.Order(StringComparer.Ordinal)), m.JoinedAt, m.Role))];
        return Outcome.Done((items, total));
    }

    /// <summary>The workspace's administrators, and the people with the workspace admin role who could be assigned (admins only).</summary>
    public async Task<Outcome<(IReadOnlyList<AdministratorView> Assigned, IReadOnlyList<AdministratorCandidate> Candidates)>> AdministratorsAsync(CurrentUser user, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (await UseCase.RequireInWorkspaceAsync(db, user, workspaceId, Policies.ManageWorkspaces, MayNotManageWorkspaces, cancellationToken).ConfigureAwait(false) is { } refused)
            return refused.As<(IReadOnlyList<AdministratorView>, IReadOnlyList<AdministratorCandidate>)>();
        var assigned = await db.WorkspaceAdministrators.AsNoTracking().Where(a => a.WorkspaceId == workspaceId).ToListAsync(cancellationToken).ConfigureAwait(false);
        var ids = assigned.Select(a => a.UserObjectId).ToList();
        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.ObjectId)).ToDictionaryAsync(u => u.ObjectId, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<AdministratorView> views = [.. assigned
            .Select(a => users.TryGetValue(a.UserObjectId, out var u)
                ? new AdministratorView(a.UserObjectId, u.DisplayName, u.Email, a.AssignedAt)
                : new AdministratorView(a.UserObjectId, a.UserObjectId.ToString(), "(has not signed in)", a.AssignedAt))
            .OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase)];
        var role = ConsoleRoles.WorkspaceAdmin;
        IReadOnlyList<AdministratorCandidate> candidates = [.. (await db.Users.AsNoTracking()
                .Where(u => u.Roles.Contains(role) && !ids.Contains(u.ObjectId)).OrderBy(u => u.DisplayName).Take(200)
                .ToListAsync(cancellationToken).ConfigureAwait(false))
            .Select(u => new AdministratorCandidate(u.ObjectId, u.DisplayName, u.Email))];
        return Outcome.Done((views, candidates));
    }

    public Task<Outcome<Guid>> CreateAsync(CurrentUser user, string? name, Plan plan, DataRegion region, CancellationToken cancellationToken = default) =>
        UseCase.Require(user, Policies.ManageWorkspaces, MayNotManageWorkspaces) is { } refused
            ? Task.FromResult(refused.As<Guid>())
            : UseCase.RunAsync(() => commands.CreateAsync(user.Actor, name, plan, region, cancellationToken), "Workspace created");

    public Task<Outcome> UpdateAsync(CurrentUser user, Guid workspaceId, string? name, Plan plan, CancellationToken cancellationToken = default) =>
        InWorkspaceAsync(user, workspaceId, Policies.ManageWorkspaces, MayNotManageWorkspaces,
            () => commands.UpdateAsync(user.Actor, workspaceId, name, plan, cancellationToken), "Changes saved", cancellationToken);

    public Task<Outcome> AddTeamAsync(CurrentUser user, Guid workspaceId, string? name, CancellationToken cancellationToken = default) =>
        InWorkspaceAsync(user, workspaceId, Policies.ManageMembers, MayNotManageMembers,
            () => commands.AddTeamAsync(user.Actor, workspaceId, name, cancellationToken), $"Team {name?.Trim()} added", cancellationToken);

    public Task<Outcome> RemoveTeamAsync(CurrentUser user, Guid workspaceId, Guid teamId, CancellationToken cancellationToken = default) =>
        InWorkspaceAsync(user, workspaceId, Policies.ManageMembers, MayNotManageMembers,
            () => commands.RemoveTeamAsync(user.Actor, workspaceId, teamId, cancellationToken), "Team removed", cancellationToken);

    public Task<Outcome> AddMemberAsync(CurrentUser user, Guid workspaceId, Guid userObjectId, string? displayName, string? email, Guid? teamId, CancellationToken cancellationToken = default) =>
        InWorkspaceAsync(user, workspaceId, Policies.ManageMembers, MayNotManageMembers,
            () => commands.AddMemberAsync(user.Actor, workspaceId, userObjectId, displayName, email, teamId, cancellationToken), $"{displayName?.Trim()} added", cancellationToken);

    public Task<Outcome> RemoveMemberAsync(CurrentUser user, Guid workspaceId, Guid memberId, CancellationToken cancellationToken = default) =>
        InWorkspaceAsync(user, workspaceId, Policies.ManageMembers, MayNotManageMembers,
            () => commands.RemoveMemberAsync(user.Actor, workspaceId, memberId, cancellationToken), "Member removed", cancellationToken);

    public Task<Outcome> ChangeMemberRoleAsync(CurrentUser user, Guid workspaceId, Guid memberId, MemberRole role, CancellationToken cancellationToken = default) =>
        InWorkspaceAsync(user, workspaceId, Policies.ManageMembers, MayNotManageMembers,
            () => commands.ChangeMemberRoleAsync(user.Actor, workspaceId, memberId, role, cancellationToken), "Role changed", cancellationToken);

    public Task<Outcome> AssignAdministratorAsync(CurrentUser user, Guid workspaceId, Guid userObjectId, CancellationToken cancellationToken = default) =>
        InWorkspaceAsync(user, workspaceId, Policies.ManageWorkspaces, MayNotManageWorkspaces,
            () => commands.AssignAdministratorAsync(user.Actor, workspaceId, userObjectId, cancellationToken), "Workspace administrator assigned", cancellationToken);

    public Task<Outcome> RemoveAdministratorAsync(CurrentUser user, Guid workspaceId, Guid userObjectId, CancellationToken cancellationToken = default) =>
        InWorkspaceAsync(user, workspaceId, Policies.ManageWorkspaces, MayNotManageWorkspaces,
            () => commands.RemoveAdministratorAsync(user.Actor, workspaceId, userObjectId, cancellationToken), "Administrator removed", cancellationToken);

    private Task<Outcome> InWorkspaceAsync(CurrentUser user, Guid workspaceId, string policy, string refusal, Func<Task> change, string done, CancellationToken cancellationToken) =>
        UseCase.InWorkspaceAsync(dbFactory, user, workspaceId, policy, refusal, change, done, cancellationToken);
}
