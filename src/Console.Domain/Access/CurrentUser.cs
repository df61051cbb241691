using AdminConsole.Domain.Model.Access;
using AdminConsole.Domain.Model.Audit;

namespace AdminConsole.Domain.Access;

/// <summary>The signed-in user as the console's rules see them: who acts, with which roles, from where (for the audit log).</summary>
public sealed record CurrentUser(Guid ObjectId, string Name, IReadOnlySet<string> Roles, string? SourceIp)
{
    public bool IsAdmin => Roles.Contains(ConsoleRoles.Admin);

    /// <summary>Admins and compliance officers see every workspace; workspace admins only their own.</summary>
    public bool SeesAllWorkspaces => IsAdmin || Roles.Contains(ConsoleRoles.ComplianceOfficer);

    public string MainRole => ConsoleRoles.Main(Roles) ?? "none";

    public AuditActor Actor => new(ObjectId.ToString(), Name, MainRole, SourceIp);

    /// <summary>Whether the user holds a role the policy admits (see <see cref="Policies.Roles"/>).</summary>
    public bool Satisfies(string policy) => Policies.Roles[policy].Any(Roles.Contains);
}
