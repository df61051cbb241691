namespace AdminConsole.Domain.Model.Workspaces;

/// <summary>A group of members; AI data access can be limited to a member's teams.</summary>
public sealed class Team
{
    public const int NameMaxLength = 80;

    private Team()
    {
        Name = string.Empty;
    }

    internal Team(Guid workspaceId, string name)
    {
        Id = Guid.NewGuid();
        WorkspaceId = workspaceId;
        Name = name;
    }

    public Guid Id { get; private set; }

    public Guid WorkspaceId { get; private set; }

    public string Name { get; private set; }
}
