using AdminConsole.Domain.Model.Common;

namespace AdminConsole.Domain.Model.Api;

/// <summary>
/// The answer to a write sent with an <c>Idempotency-Key</c>, kept per API key for <see cref="Lifetime"/>: the same key
/// with the same request gets this answer again instead of a second write; with another request it is refused.
/// </summary>
public sealed class IdempotencyRecord
{
    public const int KeyMaxLength = 200;
    public const int HashLength = 64;
    public const int ContentTypeMaxLength = 100;

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private IdempotencyRecord()
    {
        Key = string.Empty;
        RequestHash = string.Empty;
    }

    public long Id { get; private set; }

    public Guid ApiKeyId { get; private set; }

    public string Key { get; private set; }

    /// <summary>Lower-case hex SHA-256 of the method, path and body of the request that was answered.</summary>
    public string RequestHash { get; private set; }

    public int StatusCode { get; private set; }

    public string? ResponseBody { get; private set; }

    public string? ContentType { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public static IdempotencyRecord Create(Guid apiKeyId, string key, string requestHash, int statusCode, string? responseBody, string? contentType, DateTimeOffset now) => new()
    {
        ApiKeyId = apiKeyId,
        Key = ValidKey(key),
        RequestHash = requestHash,
        StatusCode = statusCode,
        ResponseBody = responseBody,
        ContentType = contentType,
        CreatedAt = now,
        ExpiresAt = now + Lifetime,
    };

    /// <summary>A key is 1 to <see cref="KeyMaxLength"/> visible ASCII characters.</summary>
    public static string ValidKey(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > KeyMaxLength || key.Any(c => c is < '!' or > '~'))
            throw new DomainRuleException("Idempotency-Key", $"The Idempotency-Key header must be 1 to {KeyMaxLength} visible ASCII characters.");
        return key;
    }
}
