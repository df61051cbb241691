using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Dlp;

namespace AdminConsole.Domain.Model.Lifecycle;

/// <summary>What the AI product reports it keeps: the kinds of data the retention jobs purge.</summary>
public enum DataKind
{
    PromptLog = 0,
    AiOutput = 1,
    ProviderRequest = 2,
    Page = 3,
    Embedding = 4,
}

/// <summary>A record kept for a number of days after it was created, then purged: walked in ascending key ranges.</summary>
public interface IRetainedRecord
{
    long Id { get; }

    Guid WorkspaceId { get; }

    DateTimeOffset CreatedAt { get; }
}

/// <summary>
/// Reported content that DLP scans: it is kept with every finding replaced by the finding's redacted excerpt, so a
/// matched value never reaches the database, its backups or a dump of it.
/// </summary>
public interface IScannedRecord
{
    long Id { get; }

    string Content { get; }

    /// <summary>
    /// Replaces every finding of <paramref name="options"/>' detectors in the content by its excerpt, before the record
    /// is first saved; the findings, positioned in the content as kept.
    /// </summary>
    IReadOnlyList<DlpFinding> Redact(DlpScanOptions options);
}

/// <summary>A prompt a user sent to the AI, kept as prompt history for the plan's prompt history retention.</summary>
public sealed class PromptLog : IRetainedRecord, IScannedRecord
{
    public const int ContentMaxLength = 32_000;

    private PromptLog()
    {
        Content = string.Empty;
    }

    /// <summary>Ascending as reported: purges walk it in key ranges.</summary>
    public long Id { get; private set; }

    public Guid WorkspaceId { get; private set; }

    public Guid UserObjectId { get; private set; }

    public string Content { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static PromptLog Create(Guid workspaceId, Guid userObjectId, string? content, DateTimeOffset createdAt) => new()
    {
        WorkspaceId = workspaceId,
        UserObjectId = Records.Id(userObjectId, nameof(UserObjectId), "User object id"),
        Content = Records.Content(content, nameof(Content), ContentMaxLength),
        CreatedAt = createdAt,
    };

    public IReadOnlyList<DlpFinding> Redact(DlpScanOptions options)
    {
        var (content, findings) = DlpScanner.Redact(Content, options);
        Content = content;
        return findings;
    }
}

/// <summary>Something the AI wrote (an answer, a summary, meeting notes), optionally on a page.</summary>
public sealed class AiOutput : IRetainedRecord, IScannedRecord
{
    public const int ContentMaxLength = 64_000;

    private AiOutput()
    {
        Content = string.Empty;
    }

    public long Id { get; private set; }

    public Guid WorkspaceId { get; private set; }

    public Guid? PageId { get; private set; }

    public string Content { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static AiOutput Create(Guid workspaceId, Guid? pageId, string? content, DateTimeOffset createdAt) => new()
    {
        WorkspaceId = workspaceId,
        PageId = pageId,
        Content = Records.Content(content, nameof(Content), ContentMaxLength),
        CreatedAt = createdAt,
    };

    public IReadOnlyList<DlpFinding> Redact(DlpScanOptions options)
    {
        var (content, findings) = DlpScanner.Redact(Content, options);
        Content = content;
        return findings;
    }
}

/// <summary>
/// The record of one request to an LLM provider: which provider, and how long it promised to keep the request.
/// Kept no longer than the plan's LLM-provider retention (not at all, past the request, for Enterprise).
/// </summary>
public sealed class ProviderRequest : IRetainedRecord
{
    public const int ProviderMaxLength = 200;

    private ProviderRequest()
    {
        Provider = string.Empty;
    }

    public long Id { get; private set; }

    public Guid WorkspaceId { get; private set; }

    public string Provider { get; private set; }

    public int PromisedRetentionDays { get; private set; }

    /// <summary>When the request was made.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    public static ProviderRequest Create(Guid workspaceId, string? provider, int promisedRetentionDays, DateTimeOffset requestedAt)
    {
        if (promisedRetentionDays is < 0 or > Retention.RetentionTerms.MaxDays)
            throw new DomainRuleException(nameof(PromisedRetentionDays), $"The provider's promised retention must be from 0 to {Retention.RetentionTerms.MaxDays} days.");
        return new ProviderRequest
        {
            WorkspaceId = workspaceId,
            Provider = Guard.Text(provider, nameof(Provider), "Provider", ProviderMaxLength),
            PromisedRetentionDays = promisedRetentionDays,
            CreatedAt = requestedAt,
        };
    }
}

/// <summary>A vector of a page in a vector store: deleted before the deadline after its page or workspace is deleted.</summary>
public sealed class Embedding : IRetainedRecord
{
    public const int VectorStoreMaxLength = 200;

    private Embedding()
    {
        VectorStore = string.Empty;
    }

    public long Id { get; private set; }

    public Guid WorkspaceId { get; private set; }

    public Guid PageId { get; private set; }

    public string VectorStore { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static Embedding Create(Guid workspaceId, Guid pageId, string? vectorStore, DateTimeOffset createdAt) => new()
    {
        WorkspaceId = workspaceId,
        PageId = Records.Id(pageId, nameof(PageId), "Page id"),
        VectorStore = Guard.Text(vectorStore, nameof(VectorStore), "Vector store", VectorStoreMaxLength),
        CreatedAt = createdAt,
    };
}

internal static class Records
{
    public static Guid Id(Guid value, string field, string label) =>
        value != Guid.Empty ? value : throw new DomainRuleException(field, $"{label} is required.");

    public static string Content(string? value, string field, int maxLength)
    {
        if (string.IsNullOrEmpty(value))
            throw new DomainRuleException(field, "Content is required.");
        if (value.Length > maxLength)
            throw new DomainRuleException(field, $"Content must be at most {maxLength} characters.");

        // PostgreSQL text cannot hold it; refused on both databases alike.
        if (value.Contains('\0', StringComparison.Ordinal))
            throw new DomainRuleException(field, "Content must not contain the NUL character (U+0000).");
        return value;
    }
}
