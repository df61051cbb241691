using System.ComponentModel.DataAnnotations;
using AdminConsole.Domain.Model.Retention;

namespace AdminConsole.Web.Components.Pages.Retention;

/// <summary>
/// The retention form: shape checks here; the published commitments are the model's, checked when it saves. The
/// properties carry <see cref="RetentionTerms"/>' names so that a refusal lands next to the field it names.
/// </summary>
public sealed class RetentionFormModel
{
    [Required(ErrorMessage = "LLM-provider retention is required.")]
    [Range(0, RetentionTerms.MaxDays, ErrorMessage = "LLM-provider retention must be a whole number of days from 0 to 3650.")]
    public int? ProviderRetentionDays { get; set; }

    [Required(ErrorMessage = "Prompt history retention is required.")]
    [Range(0, RetentionTerms.MaxDays, ErrorMessage = "Prompt history retention must be a whole number of days from 0 to 3650.")]
    public int? PromptHistoryDays { get; set; }

    [Required(ErrorMessage = "AI output retention is required.")]
    [Range(0, RetentionTerms.MaxDays, ErrorMessage = "AI output retention must be a whole number of days from 0 to 3650.")]
    public int? AiOutputDays { get; set; }

    [Required(ErrorMessage = "The embedding deletion deadline is required.")]
    [Range(0, RetentionTerms.MaxDays, ErrorMessage = "The embedding deletion deadline must be a whole number of days from 0 to 3650.")]
    public int? EmbeddingDeletionDays { get; set; }

    [Required(ErrorMessage = "The trash restore window is required.")]
    [Range(0, RetentionTerms.MaxDays, ErrorMessage = "The trash restore window must be a whole number of days from 0 to 3650.")]
    public int? TrashRestoreDays { get; set; }

    [Required(ErrorMessage = "Audit log retention is required.")]
    [Range(0, RetentionTerms.MaxDays, ErrorMessage = "Audit log retention must be a whole number of days from 0 to 3650.")]
    public int? AuditLogDays { get; set; }

    public static RetentionFormModel From(RetentionTerms terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        return new RetentionFormModel
        {
            ProviderRetentionDays = terms.ProviderRetentionDays,
            PromptHistoryDays = terms.PromptHistoryDays,
            AiOutputDays = terms.AiOutputDays,
            EmbeddingDeletionDays = terms.EmbeddingDeletionDays,
            TrashRestoreDays = terms.TrashRestoreDays,
            AuditLogDays = terms.AuditLogDays,
        };
    }

    /// <summary>Called once the data annotations passed, so every value is there.</summary>
    public RetentionTerms ToTerms() => new(
        ProviderRetentionDays!.Value, PromptHistoryDays!.Value, AiOutputDays!.Value,
        EmbeddingDeletionDays!.Value, TrashRestoreDays!.Value, AuditLogDays!.Value);
}

/// <summary>One term of a policy: its name in the model, its label (the same in the table, the form and the history) and its value.</summary>
public sealed record RetentionField(string Name, string Label, string Id, Func<RetentionTerms, int> Value)
{
    public static IReadOnlyList<RetentionField> All { get; } =
    [
        new(nameof(RetentionTerms.ProviderRetentionDays), "LLM-provider retention (days)", "provider-retention-days", t => t.ProviderRetentionDays),
        new(nameof(RetentionTerms.PromptHistoryDays), "Prompt history retention (days)", "prompt-history-days", t => t.PromptHistoryDays),
        new(nameof(RetentionTerms.AiOutputDays), "AI output retention (days)", "ai-output-days", t => t.AiOutputDays),
        new(nameof(RetentionTerms.EmbeddingDeletionDays), "Embedding deletion deadline (days)", "embedding-deletion-days", t => t.EmbeddingDeletionDays),
        new(nameof(RetentionTerms.TrashRestoreDays), "Trash restore window (days)", "trash-restore-days", t => t.TrashRestoreDays),
        new(nameof(RetentionTerms.AuditLogDays), "Audit log retention (days)", "audit-log-days", t => t.AuditLogDays),
    ];
}
