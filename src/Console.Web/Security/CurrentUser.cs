using System.Security.Claims;
using AdminConsole.Domain.Model.Access;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Web.Auth;

namespace AdminConsole.Web.Security;

/// <summary>The signed-in user as the console's rules see them.</summary>
public sealed record CurrentUser(Guid ObjectId, string Name, IReadOnlySet<string> Roles, string? SourceIp)
{
    public bool IsAdmin => Roles.Contains(ConsoleRoles.Admin);

    /// <summary>Admins and compliance officers see every workspace; workspace admins only their own.</summary>
    public bool SeesAllWorkspaces => IsAdmin || Roles.Contains(ConsoleRoles.ComplianceOfficer);

    public string MainRole => ConsoleRoles.Main(Roles) ?? "none";

    public AuditActor Actor => new(ObjectId.ToString(), Name, MainRole, SourceIp);

    /// <summary>Whether the user holds a role the policy admits (see <see cref="Policies.Roles"/>).</summary>
    public bool Satisfies(string policy) => Policies.Roles[policy].Any(Roles.Contains);

    public static CurrentUser? From(ClaimsPrincipal principal, string? sourceIp)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (!principal.IsSignedIn() || principal.GetObjectId() is not { } oid)
            return null;
        var roles = principal.FindAll(ConsoleClaims.Role).Select(c => c.Value).Where(ConsoleRoles.IsKnown).ToHashSet(StringComparer.Ordinal);
        return new CurrentUser(oid, principal.GetDisplayName(), roles, sourceIp);
    }
}
