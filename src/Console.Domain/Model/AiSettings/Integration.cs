using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Workspaces;

namespace AdminConsole.Domain.Model.AiSettings;

public enum IntegrationKind
{
    Warehouse = 0,
    Database = 1,
    Application = 2,
}

/// <summary>
/// A connection of the workspace (a warehouse, say) that the AI may query for a user whose role or team is allowed.
/// Nobody is allowed until the admin says who: an integration without roles or teams is closed to the AI.
/// </summary>
public sealed class Integration
{
    public const int NameMaxLength = 80;

    private Integration()
    {
        Name = string.Empty;
        AllowedRoles = [];
        AllowedTeamIds = [];
    }

    public Guid Id { get; private set; }

    public Guid WorkspaceId { get; private set; }

    public string Name { get; private set; }

    public IntegrationKind Kind { get; private set; }

    public List<MemberRole> AllowedRoles { get; private set; }

    public List<Guid> AllowedTeamIds { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Whether a member with <paramref name="role"/> in <paramref name="teamIds"/> may query it through the AI.</summary>
    public bool Allows(MemberRole role, IReadOnlyCollection<Guid> teamIds)
    {
        ArgumentNullException.ThrowIfNull(teamIds);
        return AllowedRoles.Contains(role) || AllowedTeamIds.Any(teamIds.Contains);
    }

    internal static Integration Create(Guid workspaceId, string? name, IntegrationKind kind, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(),
        WorkspaceId = workspaceId,
        Name = Guard.Text(name, nameof(Name), "Integration name", NameMaxLength),
        Kind = Guard.Defined(kind, nameof(Kind), "Integration kind"),
        CreatedAt = now,
    };

    /// <summary>Validates the permissions against the workspace's teams; <paramref name="teams"/> are the ids it has.</summary>
    internal static (List<MemberRole> Roles, List<Guid> Teams) ValidPermissions(IEnumerable<MemberRole>? roles, IEnumerable<Guid>? teamIds, IReadOnlyCollection<Guid> teams)
    {
        var validRoles = (roles ?? []).Distinct().Select(r => Guard.Defined(r, nameof(AllowedRoles), "Member role")).Order().ToList();
        var validTeams = (teamIds ?? []).Distinct().ToList();
        if (validTeams.Any(t => !teams.Contains(t)))
            throw new DomainRuleException(nameof(AllowedTeamIds), "A team given is not a team of this workspace.");
        return (validRoles, validTeams);
    }

    internal void SetPermissions(List<MemberRole> roles, List<Guid> teamIds)
    {
        AllowedRoles = roles;
        AllowedTeamIds = teamIds;
    }
}
