using AdminConsole.Domain.Access;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.UseCases;

public sealed record WorkspaceLink(Guid Id, string Name);

/// <summary>Someone who has signed in: the roles of their last sign-in and the workspaces they administer.</summary>
public sealed record UserView(Guid ObjectId, string DisplayName, string Email, IReadOnlyList<string> Roles, DateTimeOffset LastSignInAt, IReadOnlyList<WorkspaceLink> Administers);

/// <summary>Who has signed in to the console: for console administrators only.</summary>
public sealed class UserUseCases(IDbContextFactory<ConsoleDbContext> dbFactory)
{
    public const int SearchMaxLength = 200;

    public async Task<Outcome<(IReadOnlyList<UserView> Items, int Total)>> ListAsync(CurrentUser user, string? search, int skip, int take, CancellationToken cancellationToken = default)
    {
        if (UseCase.Require(user, Policies.ManageUsers, "Only console administrators see who has signed in.") is { } refused)
            return refused.As<(IReadOnlyList<UserView>, int)>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var users = db.Users.AsNoTracking();
        if (Queries.ListQuery.SearchTerm(search, SearchMaxLength) is { } term)
        {
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL lower(); culture rules do not apply there
            users = users.Where(u => u.DisplayName.ToLower().Contains(term) || u.Email.ToLower().Contains(term));
#pragma warning restore CA1304, CA1311, CA1862
        }

        var total = await users.CountAsync(cancellationToken).ConfigureAwait(false);
        var page = await users.OrderByDescending(u => u.LastSignInAt).ThenBy(u => u.ObjectId)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 200))
            .Select(u => new { u.ObjectId, u.DisplayName, u.Email, u.Roles, u.LastSignInAt })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var ids = page.Select(u => u.ObjectId).ToList();
        var administered = await db.WorkspaceAdministrators.AsNoTracking()
            .Where(a => ids.Contains(a.UserObjectId))
            .Join(db.Workspaces, a => a.WorkspaceId, w => w.Id, (a, w) => new { a.UserObjectId, w.Id, w.Name })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<UserView> items = [.. page.Select(u => new UserView(
            u.ObjectId, u.DisplayName, u.Email,
            u.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            u.LastSignInAt,
            [.. administered.Where(a => a.UserObjectId == u.ObjectId).OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase).Select(a => new WorkspaceLink(a.Id, a.Name))]))];
        return Outcome.Done((items, total));
    }
}
