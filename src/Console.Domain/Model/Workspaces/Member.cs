namespace AdminConsole.Domain.Model.Workspaces;

/// <summary>A person in a workspace, keyed by their Entra ID object id (<c>oid</c>).</summary>
public sealed class Member
{
    public const int DisplayNameMaxLength = 120;
    public const int EmailMaxLength = 254;

    private readonly List<Team> _teams = [];

    private Member()
    {
        DisplayName = string.Empty;
        Email = string.Empty;
    }

    internal Member(Guid workspaceId, Guid userObjectId, string displayName, string email, DateTimeOffset joinedAt)
    {
        Id = Guid.NewGuid();
        WorkspaceId = workspaceId;
        UserObjectId = userObjectId;
        DisplayName = displayName;
        Email = email;
        JoinedAt = joinedAt;
    }

    public Guid Id { get; private set; }

    public Guid WorkspaceId { get; private set; }

    public Guid UserObjectId { get; private set; }

    public string DisplayName { get; private set; }

    public string Email { get; private set; }

    public DateTimeOffset JoinedAt { get; private set; }

    /// <summary>The member's role in the workspace; integrations can be opened to AI queries by role.</summary>
    public MemberRole Role { get; private set; } = MemberRole.Member;

    public IReadOnlyCollection<Team> Teams => _teams.AsReadOnly();

    internal void JoinTeam(Team team)
    {
        if (!_teams.Contains(team))
            _teams.Add(team);
    }

    internal void LeaveTeam(Team team) => _teams.Remove(team);

    internal void ChangeRole(MemberRole role) => Role = role;
}
