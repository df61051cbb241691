using System.Security.Cryptography;

namespace AdminConsole.Domain.Model.Dlp.Hooks;

/// <summary>
/// A Standard Webhooks signing secret: <c>whsec_</c> and the base64 of random bytes. The HMAC key is the decoded part
/// after the prefix, which is what the receiver's library decodes too.
/// </summary>
public static class WebhookSecret
{
    public const string Prefix = "whsec_";

    /// <summary>Bytes in a secret the console makes; the specification asks for at least <see cref="MinimumKeyLength"/>.</summary>
    public const int KeyLength = 32;

    public const int MinimumKeyLength = 24;

    /// <summary>A fresh secret, to be shown to the administrator once and kept only sealed.</summary>
    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyLength));

    /// <summary>The HMAC key of a secret, or null when it is not <c>whsec_</c> + base64 of at least 24 bytes.</summary>
    public static byte[]? TryReadKey(string? secret)
    {
        if (secret is null || !secret.StartsWith(Prefix, StringComparison.Ordinal))
            return null;
        var encoded = secret.AsSpan(Prefix.Length);
        var buffer = new byte[encoded.Length];
        if (!Convert.TryFromBase64Chars(encoded, buffer, out var written) || written < MinimumKeyLength)
            return null;
        return buffer[..written];
    }

    /// <summary>The HMAC key of a secret the console made; a malformed one is a broken invariant, not bad input.</summary>
    public static byte[] ReadKey(string secret) =>
        TryReadKey(secret) ?? throw new InvalidOperationException("The stored DLP hook secret is not a whsec_ secret of at least 24 bytes.");
}
