using AdminConsole.Domain.Model.Access;

namespace AdminConsole.Web.Auth;

/// <summary>The people of the development sign-in: one per role (two compliance officers, for four-eyes approvals), and one with no console role.</summary>
public static class DevelopmentPersonas
{
    public static readonly Guid TenantId = new("00000000-0000-4000-8000-00000000a000");

    public static IReadOnlyList<Persona> All { get; } =
    [
        new("admin", new Guid("00000000-0000-4000-8000-000000000001"), "Ada Admin", "ada.admin@console.example", ConsoleRoles.Admin, "Operates the platform: everything, all workspaces."),
        new("officer", new Guid("00000000-0000-4000-8000-000000000002"), "Olivia Officer", "olivia.officer@console.example", ConsoleRoles.ComplianceOfficer, "Runs the compliance programme; reads every workspace."),
        new("second-officer", new Guid("00000000-0000-4000-8000-000000000006"), "Otto Officer", "otto.officer@console.example", ConsoleRoles.ComplianceOfficer, "A second compliance officer: approves what Olivia proposed or evaluated."),
        new("auditor", new Guid("00000000-0000-4000-8000-000000000003"), "Arthur Auditor", "arthur.auditor@audit.example", ConsoleRoles.Auditor, "Reads the registry, policies, audit log and reports."),
        new("workspace-admin", new Guid("00000000-0000-4000-8000-000000000004"), "Wanda Workspace", "wanda@acme.example", ConsoleRoles.WorkspaceAdmin, "Administers her own workspaces only."),
        new("no-role", new Guid("00000000-0000-4000-8000-000000000005"), "Nick Norole", "nick@acme.example", null, "Signed in without any console role."),
    ];

    public static Persona? Find(string? key) => All.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.Ordinal));

    public sealed record Persona(string Key, Guid ObjectId, string Name, string Email, string? Role, string Description);
}
