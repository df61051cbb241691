namespace AdminConsole.Domain.Model.Workspaces;

/// <summary>
/// A user who administers the workspace in the console (role <c>Workspace.Admin</c>). Membership comes from
/// this table, never from the token, so a workspace admin sees exactly the workspaces assigned here.
/// </summary>
public sealed class WorkspaceAdministrator
{
    private WorkspaceAdministrator()
    {
    }

    internal WorkspaceAdministrator(Guid workspaceId, Guid userObjectId, DateTimeOffset assignedAt)
    {
        WorkspaceId = workspaceId;
        UserObjectId = userObjectId;
        AssignedAt = assignedAt;
    }

    public Guid WorkspaceId { get; private set; }

    public Guid UserObjectId { get; private set; }

    public DateTimeOffset AssignedAt { get; private set; }
}
