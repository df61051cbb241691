namespace AdminConsole.Domain.Model.Workspaces;

/// <summary>A member's role inside the customer's workspace (not a console role).</summary>
public enum MemberRole
{
    Member = 0,
    Admin = 1,
    Guest = 2,
}
