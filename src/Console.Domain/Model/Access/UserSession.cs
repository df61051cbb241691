using System.Security.Cryptography;

namespace AdminConsole.Domain.Model.Access;

/// <summary>
/// One signed-in browser. The auth cookie carries the user's claims and this session's id; signing out ends the
/// session here, so a copied cookie stops working and open Blazor circuits notice on their next revalidation.
/// </summary>
public sealed class UserSession
{
    public const int IdLength = 43;

    private UserSession()
    {
        Id = string.Empty;
    }

    public string Id { get; private set; }

    public Guid UserObjectId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Absolute end: sliding renewal never takes a session past it.</summary>
    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset LastSeenAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    public static UserSession Start(Guid userObjectId, DateTimeOffset now, TimeSpan maxLifetime) => new()
    {
        Id = Base64Url(RandomNumberGenerator.GetBytes(32)),
        UserObjectId = userObjectId,
        CreatedAt = now,
        LastSeenAt = now,
        ExpiresAt = now + maxLifetime,
    };

    public bool IsActive(DateTimeOffset now) => EndedAt is null && now < ExpiresAt;

    public void Seen(DateTimeOffset now) => LastSeenAt = now;

    public void End(DateTimeOffset now) => EndedAt ??= now;

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
