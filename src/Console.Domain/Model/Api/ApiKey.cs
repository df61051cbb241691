using System.Security.Cryptography;
using System.Text;
using AdminConsole.Domain.Model.Common;

namespace AdminConsole.Domain.Model.Api;

/// <summary>
/// A key the AI product uses at <c>/api/v1</c> for one workspace. The secret is shown once when the key is issued
/// and only its SHA-256 is kept; the key id inside the secret is public and finds the row, so a presented secret
/// is checked against one hash, in constant time, never by scanning.
/// </summary>
public sealed class ApiKey
{
    /// <summary>Every secret starts with it, so that secret scanners and people recognise one.</summary>
    public const string Prefix = "ack_";
    public const int NameMaxLength = 100;
    public const int KeyIdLength = 12;
    public const int HashLength = 64;
    public const int ScopesMaxLength = 200;
    public const int ByMaxLength = 200;

    /// <summary>Last-used times are recorded at most this often, so a busy key does not write on every request.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private const int SecretBytes = 32;
    private const string KeyIdAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    private ApiKey()
    {
        KeyId = string.Empty;
        Name = string.Empty;
        Scopes = string.Empty;
        SecretHash = string.Empty;
        CreatedBy = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid WorkspaceId { get; private set; }

    /// <summary>The public part of the secret (after the prefix), unique: what the API looks a presented key up by.</summary>
    public string KeyId { get; private set; }

    public string Name { get; private set; }

    /// <summary>The scopes, space-separated (see <see cref="ApiScopes"/>).</summary>
    public string Scopes { get; private set; }

    /// <summary>Lower-case hex SHA-256 of the whole secret.</summary>
    public string SecretHash { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTimeOffset? LastUsedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public string? RevokedBy { get; private set; }

    public bool IsRevoked => RevokedAt is not null;

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A new key and its secret: the caller shows the secret once; nothing else can recover it.</summary>
    public static (ApiKey Key, string Secret) Issue(Guid workspaceId, string? name, IEnumerable<string>? scopes, string createdBy, DateTimeOffset now)
    {
        if (workspaceId == Guid.Empty)
            throw new DomainRuleException(nameof(WorkspaceId), "Workspace is required.");
        var keyId = RandomNumberGenerator.GetString(KeyIdAlphabet, KeyIdLength);
        var secret = Prefix + keyId + "_" + Base64Url(RandomNumberGenerator.GetBytes(SecretBytes));
        var key = new ApiKey
        {
            Id = Guid.NewGuid(),
            WorkspaceId = workspaceId,
            KeyId = keyId,
            Name = Guard.Text(name, nameof(Name), "Name", NameMaxLength),
            Scopes = string.Join(' ', ValidScopes(scopes)),
            SecretHash = Hash(secret),
            CreatedAt = now,
            CreatedBy = Guard.Text(createdBy, nameof(CreatedBy), "Created by", ByMaxLength),
        };
        return (key, secret);
    }

    /// <summary>The key id of a presented secret, or null when it is not shaped like one of ours.</summary>
    public static string? KeyIdOf(string? secret)
    {
        if (secret is null || !secret.StartsWith(Prefix, StringComparison.Ordinal) || secret.Length != Prefix.Length + KeyIdLength + 1 + 43)
            return null;
        var keyId = secret.Substring(Prefix.Length, KeyIdLength);
        return secret[Prefix.Length + KeyIdLength] == '_' && keyId.All(c => KeyIdAlphabet.Contains(c, StringComparison.Ordinal)) ? keyId : null;
    }

    /// <summary>Whether <paramref name="secret"/> is this key's, compared in constant time.</summary>
    public bool Matches(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        var stored = Convert.FromHexString(SecretHash);
        return CryptographicOperations.FixedTimeEquals(presented, stored);
    }

    public bool HasScope(string scope) => ScopeList.Contains(scope, StringComparer.Ordinal);

    public void Revoke(string revokedBy, DateTimeOffset now)
    {
        if (RevokedAt is not null)
            throw new DomainRuleException(nameof(RevokedAt), "The key was already revoked.");
        RevokedBy = Guard.Text(revokedBy, nameof(RevokedBy), "Revoked by", ByMaxLength);
        RevokedAt = now;
    }

    private static List<string> ValidScopes(IEnumerable<string>? scopes)
    {
        var chosen = (scopes ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (chosen.Count == 0)
            throw new DomainRuleException(nameof(Scopes), "Choose at least one scope.");
        if (chosen.FirstOrDefault(s => !ApiScopes.All.Contains(s, StringComparer.Ordinal)) is { } unknown)
            throw new DomainRuleException(nameof(Scopes), $"Scope '{unknown}' is unknown; choose from {string.Join(", ", ApiScopes.All)}.");
        return ApiScopes.All.Where(chosen.Contains).ToList();
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
