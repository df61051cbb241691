using System.Security.Claims;
using AdminConsole.Domain.Model.Access;

namespace AdminConsole.Web.Auth;

/// <summary>The claims of a console session cookie and how to read them.</summary>
public static class ConsoleClaims
{
    public const string ObjectId = "oid";
    public const string TenantId = "tid";
    public const string Name = "name";
    public const string Email = "email";
    public const string SessionId = "sid";
    public const string Role = ClaimTypes.Role;
    public const string AuthenticationType = "AdminConsole";

    public static Guid? GetObjectId(this ClaimsPrincipal user) =>
        Guid.TryParse(user?.FindFirst(ObjectId)?.Value, out var oid) ? oid : null;

    public static string? GetSessionId(this ClaimsPrincipal user) => user?.FindFirst(SessionId)?.Value;

    public static string GetDisplayName(this ClaimsPrincipal user) => user?.FindFirst(Name)?.Value ?? "Unknown user";

    public static string? GetMainRole(this ClaimsPrincipal user) =>
        user is null ? null : ConsoleRoles.Main(user.FindAll(Role).Select(c => c.Value));

    /// <summary>Builds the console's own identity from a provider's (Entra ID or the development sign-in).</summary>
    public static ClaimsIdentity CreateIdentity(Guid objectId, Guid? tenantId, string displayName, string? email, IEnumerable<string> roles, string sessionId)
    {
        var identity = new ClaimsIdentity(AuthenticationType, Name, Role);
        identity.AddClaim(new Claim(ObjectId, objectId.ToString()));
        if (tenantId is { } tid)
            identity.AddClaim(new Claim(TenantId, tid.ToString()));
        identity.AddClaim(new Claim(Name, displayName));
        if (!string.IsNullOrEmpty(email))
            identity.AddClaim(new Claim(Email, email));
        foreach (var role in roles.Where(ConsoleRoles.IsKnown).Distinct(StringComparer.Ordinal))
            identity.AddClaim(new Claim(Role, role));
        identity.AddClaim(new Claim(SessionId, sessionId));
        return identity;
    }
}
