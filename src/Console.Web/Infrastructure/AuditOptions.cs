using AdminConsole.Domain.Audit;
using AdminConsole.Domain.Model.Audit;

namespace AdminConsole.Web.Infrastructure;

/// <summary>The <c>Audit</c> configuration section: the key that seals the audit chain, kept out of the database.</summary>
public sealed class AuditOptions
{
    public const string SectionName = "Audit";

    /// <summary>Base64 of at least 32 random bytes. Required outside Development.</summary>
    public string? ChainKey { get; set; }

    /// <summary>The first entry sealed: set once, to the head sequence + 1, when a key is added to a log that already had entries.</summary>
    public long SealedFrom { get; set; } = 1;

    /// <summary>The sealing these settings describe, or the reason they cannot be used (never the key).</summary>
    public (AuditSealing? Sealing, string? Problem) Read(bool keyRequired)
    {
        if (SealedFrom < 1)
            return (null, "Audit:SealedFrom must be 1 or more.");
        if (string.IsNullOrWhiteSpace(ChainKey))
        {
            return keyRequired
                ? (null, "Audit:ChainKey is missing: set it to base64 of at least 32 random bytes (openssl rand -base64 32), kept outside the database. It seals the audit log so that a database writer cannot rewrite it unnoticed.")
                : (AuditSealing.None, null);
        }

        try
        {
            return (new AuditSealing(AuditChainKey.Parse(ChainKey, "Audit:ChainKey"), SealedFrom), null);
        }
        catch (FormatException ex)
        {
            return (null, ex.Message);
        }
    }
}
