using System.Security.Claims;
using AdminConsole.Domain.Access;
using AdminConsole.Domain.Model.Access;
using AdminConsole.Web.Auth;

namespace AdminConsole.Web.Security;

/// <summary>The signed-in principal (its session cookie's claims) as the acting user the use cases authorize.</summary>
public static class CurrentUsers
{
    public static CurrentUser? From(ClaimsPrincipal principal, string? sourceIp)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (!principal.IsSignedIn() || principal.GetObjectId() is not { } oid)
            return null;
        var roles = principal.FindAll(ConsoleClaims.Role).Select(c => c.Value).Where(ConsoleRoles.IsKnown).ToHashSet(StringComparer.Ordinal);
        return new CurrentUser(oid, principal.GetDisplayName(), roles, sourceIp);
    }
}
