using AdminConsole.Domain.Model.Common;

namespace AdminConsole.Domain.Model.Access;

/// <summary>Someone who has signed in to the console, keyed by their Entra ID object id (<c>oid</c>).</summary>
public sealed class ConsoleUser
{
    public const int DisplayNameMaxLength = 200;
    public const int EmailMaxLength = 254;
    public const int RolesMaxLength = 400;

    private ConsoleUser()
    {
        DisplayName = string.Empty;
        Email = string.Empty;
        Roles = string.Empty;
    }

    public Guid ObjectId { get; private set; }

    public Guid? TenantId { get; private set; }

    public string DisplayName { get; private set; }

    public string Email { get; private set; }

    /// <summary>The known console roles from the last sign-in, comma-separated.</summary>
    public string Roles { get; private set; }

    public DateTimeOffset FirstSignInAt { get; private set; }

    public DateTimeOffset LastSignInAt { get; private set; }

    public IReadOnlyList<string> RoleList => Roles.Length == 0 ? [] : Roles.Split(',');

    public static ConsoleUser FirstSignIn(Guid objectId, Guid? tenantId, string? displayName, string? email, IEnumerable<string> roles, DateTimeOffset now)
    {
        if (objectId == Guid.Empty)
            throw new DomainRuleException(nameof(ObjectId), "The sign-in carried no user object id.");
        var user = new ConsoleUser { ObjectId = objectId, FirstSignInAt = now };
        user.RecordSignIn(tenantId, displayName, email, roles, now);
        return user;
    }

    /// <summary>Roles and names follow the identity provider: each sign-in refreshes them.</summary>
    public void RecordSignIn(Guid? tenantId, string? displayName, string? email, IEnumerable<string> roles, DateTimeOffset now)
    {
        TenantId = tenantId;
        DisplayName = Truncate(string.IsNullOrWhiteSpace(displayName) ? ObjectId.ToString() : displayName.Trim(), DisplayNameMaxLength);
        Email = Truncate(email?.Trim() ?? string.Empty, EmailMaxLength);
        Roles = string.Join(',', ConsoleRoles.All.Where(r => roles.Contains(r, StringComparer.Ordinal)));
        LastSignInAt = now;
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
