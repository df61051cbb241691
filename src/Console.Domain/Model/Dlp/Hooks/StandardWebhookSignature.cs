using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AdminConsole.Domain.Model.Dlp.Hooks;

/// <summary>
/// The <c>webhook-signature</c> of the Standard Webhooks specification: <c>v1,</c> and the base64 HMAC-SHA256 of
/// <c>{id}.{timestamp}.{body}</c>. While a rotated secret overlaps, one signature per secret, space-separated, so a
/// receiver holding either one verifies the message.
/// </summary>
public static class StandardWebhookSignature
{
    public const string Version = "v1";

    public static string Sign(ReadOnlySpan<byte> key, string messageId, long timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        ArgumentNullException.ThrowIfNull(body);
        var content = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{messageId}.{timestamp}.{body}"));
        return Version + "," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    /// <summary>The header value for every secret that signs now, the newest first.</summary>
    public static string HeaderValue(IReadOnlyList<byte[]> keys, string messageId, long timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
            throw new ArgumentException("At least one key signs a message.", nameof(keys));
        return string.Join(' ', keys.Select(k => Sign(k, messageId, timestamp, body)));
    }
}
