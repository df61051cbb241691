using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Workspaces;

namespace AdminConsole.Domain.Model.Retention;

/// <summary>
/// How long each kind of data is kept for one plan, in days. Validated once, against the commitments the product
/// publishes; a refusal names the field and the commitment it would break.
/// </summary>
public sealed record RetentionTerms(
    int ProviderRetentionDays,
    int PromptHistoryDays,
    int AiOutputDays,
    int EmbeddingDeletionDays,
    int TrashRestoreDays,
    int AuditLogDays)
{
    /// <summary>No value may pass ten years: a longer one is a typing error, not a policy.</summary>
    public const int MaxDays = 3650;

    /// <summary>Published: LLM providers keep nothing of an Enterprise workspace's requests.</summary>
    public const int EnterpriseProviderRetentionDays = 0;

    /// <summary>Published: LLM providers keep other plans' requests at most this long.</summary>
    public const int MaxProviderRetentionDays = 30;

    /// <summary>Published: embeddings are deleted within this many days after their page or workspace is deleted.</summary>
    public const int MaxEmbeddingDeletionDays = 60;

    /// <summary>Published: deleted pages and workspaces can be restored for exactly this long, then they are gone.</summary>
    public const int TrashRestoreWindowDays = 30;

    /// <summary>The audit log is evidence for yearly reviews: it covers at least a year.</summary>
    public const int MinAuditLogDays = 365;

    /// <summary>The terms, or the first rule they break for <paramref name="plan"/>.</summary>
    public RetentionTerms Validate(Plan plan)
    {
        Range(ProviderRetentionDays, nameof(ProviderRetentionDays), "LLM-provider retention", 0);
        Range(PromptHistoryDays, nameof(PromptHistoryDays), "Prompt history retention", 0);
        Range(AiOutputDays, nameof(AiOutputDays), "AI output retention", 0);
        Range(EmbeddingDeletionDays, nameof(EmbeddingDeletionDays), "Embedding deletion deadline", 0);
        Range(TrashRestoreDays, nameof(TrashRestoreDays), "Trash restore window", 0);
        Range(AuditLogDays, nameof(AuditLogDays), "Audit log retention", 0);

        if (plan == Plan.Enterprise && ProviderRetentionDays != EnterpriseProviderRetentionDays)
        {
            throw new DomainRuleException(nameof(ProviderRetentionDays),
                "LLM-provider retention must be 0 days for Enterprise: the published commitment is zero data retention at LLM providers for Enterprise workspaces.");
        }

        if (plan != Plan.Enterprise && ProviderRetentionDays > MaxProviderRetentionDays)
        {
            throw new DomainRuleException(nameof(ProviderRetentionDays),
                $"LLM-provider retention must be at most {MaxProviderRetentionDays} days: the published commitment is that LLM providers keep requests of every plan other than Enterprise at most {MaxProviderRetentionDays} days.");
        }

        if (EmbeddingDeletionDays > MaxEmbeddingDeletionDays)
        {
            throw new DomainRuleException(nameof(EmbeddingDeletionDays),
                $"The embedding deletion deadline must be at most {MaxEmbeddingDeletionDays} days: the published commitment is that embeddings are deleted within {MaxEmbeddingDeletionDays} days after their page or workspace is deleted.");
        }

        if (TrashRestoreDays != TrashRestoreWindowDays)
        {
            throw new DomainRuleException(nameof(TrashRestoreDays),
                $"The trash restore window must be {TrashRestoreWindowDays} days: the published commitment is that deleted pages and workspaces can be restored for {TrashRestoreWindowDays} days and are gone for good after that.");
        }

        if (AuditLogDays < MinAuditLogDays)
        {
            throw new DomainRuleException(nameof(AuditLogDays),
                $"Audit log retention must be at least {MinAuditLogDays} days: the audit log is the evidence for yearly reviews.");
        }

        return this;
    }

    /// <summary>What the console ships with: within every commitment, and no longer than needed.</summary>
    public static RetentionTerms DefaultFor(Plan plan) => plan == Plan.Enterprise
        ? new RetentionTerms(0, 30, 30, 30, TrashRestoreWindowDays, 2555)
        : new RetentionTerms(MaxProviderRetentionDays, 30, 30, 30, TrashRestoreWindowDays, 365);

    private static void Range(int value, string field, string label, int min)
    {
        if (value < min || value > MaxDays)
            throw new DomainRuleException(field, $"{label} must be a whole number of days from {min} to {MaxDays}.");
    }
}
