using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AdminConsole.Domain.Model.Audit;

/// <summary>
/// The key that seals the audit chain. The SHA-256 chain proves the log hangs together, but anyone who can write the
/// database can recompute it after an edit; each entry and the chain head therefore also carry a seal,
/// HMAC-SHA256 under this key, which lives in configuration and never in the database. Rewriting the log then
/// takes the key as well as the database.
/// </summary>
/// <remarks>
/// What a seal covers (restated in tools/verify-audit-chain.mjs): an entry's is the HMAC of
/// <c>"entry:{sequence}:{hash}"</c>, the head's of <c>"head:{sequence}:{hash}"</c>, UTF-8, as 64 lower-case hex
/// digits. The prefixes keep an entry's seal from standing in for the head's.
/// </remarks>
public sealed class AuditChainKey
{
    public const int MinimumBytes = 32;

    private readonly byte[] _key;

    private AuditChainKey(byte[] key) => _key = key;

    /// <summary>A key from its configured form, base64 of at least 32 random bytes; a clear reason otherwise (never the value).</summary>
    public static AuditChainKey Parse(string? base64, string setting)
    {
        if (string.IsNullOrWhiteSpace(base64))
            throw new FormatException($"{setting} is empty: set it to base64 of at least {MinimumBytes} random bytes (openssl rand -base64 32).");
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new FormatException($"{setting} is not base64: set it to base64 of at least {MinimumBytes} random bytes (openssl rand -base64 32).");
        }

        return key.Length >= MinimumBytes
            ? new AuditChainKey(key)
            : throw new FormatException($"{setting} holds {key.Length} bytes; it needs at least {MinimumBytes} (openssl rand -base64 32).");
    }

    public string SealOfEntry(long sequence, string hash) => Mac("entry", sequence, hash);

    public string SealOfHead(long sequence, string hash) => Mac("head", sequence, hash);

    /// <summary>Whether <paramref name="seal"/> is the entry's seal, compared in constant time.</summary>
    public bool IsSealOfEntry(string? seal, long sequence, string hash) => Same(seal, SealOfEntry(sequence, hash));

    public bool IsSealOfHead(string? seal, long sequence, string hash) => Same(seal, SealOfHead(sequence, hash));

    private string Mac(string kind, long sequence, string hash) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{kind}:{sequence}:{hash}"))));

    private static bool Same(string? seal, string expected) =>
        seal is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(seal), Encoding.ASCII.GetBytes(expected));
}
