namespace AdminConsole.Domain.Model.Access;

/// <summary>The Entra ID app roles the console knows, as they appear in the token's <c>roles</c> claim.</summary>
public static class ConsoleRoles
{
    public const string Admin = "Console.Admin";
    public const string ComplianceOfficer = "Compliance.Officer";
    public const string Auditor = "Compliance.Auditor";
    public const string WorkspaceAdmin = "Workspace.Admin";

    /// <summary>Every role, most powerful first: a user's "main" role for display and the audit log is the first they hold.</summary>
    public static IReadOnlyList<string> All { get; } = [Admin, ComplianceOfficer, Auditor, WorkspaceAdmin];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);

    /// <summary>What people read for a role: "Administrator", not the app role's value in the token.</summary>
    public static string DisplayName(string? role) => role switch
    {
        Admin => "Administrator",
        ComplianceOfficer => "Compliance officer",
        Auditor => "Auditor",
        WorkspaceAdmin => "Workspace admin",
        null => "No console role",
        _ => role,
    };

    /// <summary>The most powerful known role among <paramref name="roles"/>, or null when none is known.</summary>
    public static string? Main(IEnumerable<string> roles)
    {
        var held = roles.ToHashSet(StringComparer.Ordinal);
        return All.FirstOrDefault(held.Contains);
    }
}
