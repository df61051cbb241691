using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Commands;

/// <summary>
/// The changes the UI (and later the API) makes to a workspace. Each loads the aggregate, lets the model
/// apply its rules and saves once, so a refused change leaves nothing behind.
/// </summary>
public sealed class WorkspaceCommands(IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider clock)
{
    public async Task<Guid> CreateAsync(string? name, Plan plan, DataRegion region, CancellationToken cancellationToken = default)
    {
        var workspace = Workspace.Create(name, plan, region, clock.GetUtcNow());
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return workspace.Id;
    }

    public Task UpdateAsync(Guid workspaceId, string? name, Plan plan, CancellationToken cancellationToken = default) =>
        ChangeAsync(workspaceId, w =>
        {
            var now = clock.GetUtcNow();
            w.Rename(name, now);
            w.ChangePlan(plan, now);
        }, cancellationToken);

    public Task<Guid> AddTeamAsync(Guid workspaceId, string? name, CancellationToken cancellationToken = default) =>
        ChangeAsync(workspaceId, w => w.AddTeam(name, clock.GetUtcNow()).Id, cancellationToken);

    public Task RemoveTeamAsync(Guid workspaceId, Guid teamId, CancellationToken cancellationToken = default) =>
        ChangeAsync(workspaceId, w => w.RemoveTeam(teamId, clock.GetUtcNow()), cancellationToken);

    public Task<Guid> AddMemberAsync(Guid workspaceId, Guid userObjectId, string? displayName, string? email, Guid? teamId, CancellationToken cancellationToken = default) =>
        ChangeAsync(workspaceId, w =>
        {
            var now = clock.GetUtcNow();
            var member = w.AddMember(userObjectId, displayName, email, now);
            if (teamId is { } team)
                w.AssignToTeam(member.Id, team, now);
            return member.Id;
        }, cancellationToken);

    public Task RemoveMemberAsync(Guid workspaceId, Guid memberId, CancellationToken cancellationToken = default) =>
        ChangeAsync(workspaceId, w => w.RemoveMember(memberId, clock.GetUtcNow()), cancellationToken);

    private async Task ChangeAsync(Guid workspaceId, Action<Workspace> change, CancellationToken cancellationToken) =>
        await ChangeAsync(workspaceId, w =>
        {
            change(w);
            return true;
        }, cancellationToken).ConfigureAwait(false);

    private async Task<T> ChangeAsync<T>(Guid workspaceId, Func<Workspace, T> change, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var workspace = await db.Workspaces
            .Include(w => w.Teams)
            .Include(w => w.Members).ThenInclude(m => m.Teams)
            .AsSplitQuery()
            .SingleOrDefaultAsync(w => w.Id == workspaceId, cancellationToken).ConfigureAwait(false)
            ?? throw new DomainRuleException(nameof(Workspace), "The workspace does not exist.");
        var result = change(workspace);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }
}
