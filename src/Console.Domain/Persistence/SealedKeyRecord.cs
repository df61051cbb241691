namespace AdminConsole.Domain.Persistence;

/// <summary>
/// A secret key the console made for itself (such as the one that signs notice links), kept sealed by Data
/// Protection so that every node uses the same key and the database alone does not give it away.
/// </summary>
public sealed class SealedKeyRecord
{
    public const int PurposeMaxLength = 100;

    public string Purpose { get; set; } = string.Empty;

    public string SealedKey { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }
}
