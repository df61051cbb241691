using AdminConsole.Domain.Model.AiModels;
using AdminConsole.Domain.Model.AiSettings;
using AdminConsole.Domain.Model.Dlp;
using AdminConsole.Domain.Model.Dlp.Hooks;
using AdminConsole.Domain.Model.Jobs;
using AdminConsole.Domain.Model.Lifecycle;
using AdminConsole.Domain.Model.Posture;
using AdminConsole.Domain.Model.Reports;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Model.Workspaces;

namespace AdminConsole.Domain.Model;

/// <summary>
/// What people read for each value the console shows: one name per value, used by the pages, their filters, the exports
/// and the PDF reports alike (never the enum's own name: "LLM", not "Llm"; "SOC 2 Type 2", not "Soc2Type2").
/// </summary>
public static class DisplayNames
{
    public static string Label(this Plan value) => value switch
    {
        Plan.Free => "Free",
        Plan.Plus => "Plus",
        Plan.Business => "Business",
        Plan.Enterprise => "Enterprise",
        _ => Unknown(value),
    };

    public static string Label(this DataRegion value) => value switch
    {
        DataRegion.US => "US",
        DataRegion.EU => "EU",
        _ => Unknown(value),
    };

    public static string Label(this WorkspaceStatus value) => value switch
    {
        WorkspaceStatus.Active => "Active",
        WorkspaceStatus.DeletedRestorable => "Deleted (restorable)",
        WorkspaceStatus.Purged => "Purged",
        _ => Unknown(value),
    };

    public static string Label(this MemberRole value) => value switch
    {
        MemberRole.Member => "Member",
        MemberRole.Admin => "Admin",
        MemberRole.Guest => "Guest",
        _ => Unknown(value),
    };

    public static string Label(this ProcessingCategory value) => value switch
    {
        ProcessingCategory.Llm => "LLM",
        ProcessingCategory.Embeddings => "Embeddings",
        ProcessingCategory.VectorStore => "Vector store",
        ProcessingCategory.Hosting => "Hosting",
        ProcessingCategory.Dlp => "DLP",
        ProcessingCategory.Analytics => "Analytics",
        ProcessingCategory.Support => "Support",
        ProcessingCategory.Other => "Other",
        _ => Unknown(value),
    };

    public static string Label(this AiModelStage value) => value switch
    {
        AiModelStage.Proposed => "Proposed",
        AiModelStage.Evaluating => "Evaluating",
        AiModelStage.Approved => "Approved",
        AiModelStage.InProduction => "In production",
        AiModelStage.Retired => "Retired",
        _ => Unknown(value),
    };

    public static string Label(this AiModelPurpose value) => value switch
    {
        AiModelPurpose.Chat => "Chat",
        AiModelPurpose.Embeddings => "Embeddings",
        AiModelPurpose.Moderation => "Moderation",
        AiModelPurpose.Transcription => "Transcription",
        _ => Unknown(value),
    };

    public static string Label(this MetricDirection value) => value switch
    {
        MetricDirection.AtLeast => "At least",
        MetricDirection.AtMost => "At most",
        _ => Unknown(value),
    };

    public static string Label(this RiskTier value) => value switch
    {
        RiskTier.Low => "Low",
        RiskTier.Medium => "Medium",
        RiskTier.High => "High",
        RiskTier.Critical => "Critical",
        _ => Unknown(value),
    };

    public static string Label(this SubprocessorStatus value) => value switch
    {
        SubprocessorStatus.Proposed => "Proposed",
        SubprocessorStatus.NoticePeriod => "In notice period",
        SubprocessorStatus.Authorized => "Authorized",
        SubprocessorStatus.Retired => "Retired",
        _ => Unknown(value),
    };

    public static string Label(this CertificationType value) => value switch
    {
        CertificationType.Soc2Type2 => "SOC 2 Type 2",
        CertificationType.Iso27001 => "ISO 27001",
        CertificationType.HipaaBaa => "HIPAA BAA",
        CertificationType.Iso27701 => "ISO 27701",
        CertificationType.Other => "Other certification",
        _ => Unknown(value),
    };

    public static string Label(this ReviewArtifacts value) => value switch
    {
        ReviewArtifacts.None => "None",
        ReviewArtifacts.AttestationReport => "Attestation report",
        ReviewArtifacts.PenTest => "Penetration test",
        ReviewArtifacts.Questionnaire => "Security questionnaire",
        ReviewArtifacts.Dpa => "DPA",
        _ => Unknown(value),
    };

    public static string Label(this ReviewOutcome value) => value switch
    {
        ReviewOutcome.Approved => "Approved",
        ReviewOutcome.ApprovedWithConditions => "Approved with conditions",
        ReviewOutcome.Rejected => "Rejected",
        _ => Unknown(value),
    };

    public static string Label(this NoticeKind value) => value switch
    {
        NoticeKind.Added => "New subprocessor",
        NoticeKind.Removed => "Subprocessor removed",
        NoticeKind.Changed => "Subprocessor changed",
        NoticeKind.ModelInProduction => "AI model in use",
        NoticeKind.ModelRetired => "AI model retired",
        _ => Unknown(value),
    };

    public static string Label(this DeliveryStatus value) => value switch
    {
        DeliveryStatus.Queued => "Queued",
        DeliveryStatus.Sending => "Sending",
        DeliveryStatus.Sent => "Sent",
        DeliveryStatus.Failed => "Failed",
        DeliveryStatus.Skipped => "Skipped",
        _ => Unknown(value),
    };

    public static string Label(this SubscriptionStatus value) => value switch
    {
        SubscriptionStatus.Pending => "Waiting for confirmation",
        SubscriptionStatus.Confirmed => "Confirmed",
        SubscriptionStatus.Unsubscribed => "Unsubscribed",
        _ => Unknown(value),
    };

    public static string Label(this TokenPurpose value) => value switch
    {
        TokenPurpose.Confirm => "Confirmation",
        _ => Unknown(value),
    };

    public static string Label(this ReminderKind value) => value switch
    {
        ReminderKind.ReviewDueSoon => "Review due soon",
        ReminderKind.ReviewOverdue => "Review overdue",
        ReminderKind.CertificationExpiringSoon => "Certification expiring soon",
        ReminderKind.CertificationExpired => "Certification expired",
        _ => Unknown(value),
    };

    public static string Label(this AiFeature value) => value switch
    {
        AiFeature.WorkspaceSearch => "Workspace search",
        AiFeature.WebSearch => "Web search",
        AiFeature.ConnectedApps => "Connected apps",
        AiFeature.RunSql => "Run SQL",
        _ => Unknown(value),
    };

    public static string Label(this AiDataMode value) => value switch
    {
        AiDataMode.MetadataOnly => "Metadata only",
        AiDataMode.Content => "Content",
        _ => Unknown(value),
    };

    public static string Label(this IntegrationKind value) => value switch
    {
        IntegrationKind.Warehouse => "Data warehouse",
        IntegrationKind.Database => "Database",
        IntegrationKind.Application => "Application",
        _ => Unknown(value),
    };

    public static string Label(this DlpSource value) => value switch
    {
        DlpSource.Prompt => "Prompt",
        DlpSource.AiOutput => "AI output",
        _ => Unknown(value),
    };

    public static string Label(this DlpAlertStatus value) => value switch
    {
        DlpAlertStatus.Open => "Open",
        DlpAlertStatus.Acknowledged => "Acknowledged",
        DlpAlertStatus.Resolved => "Resolved",
        _ => Unknown(value),
    };

    public static string Label(this DlpSeverity value) => value switch
    {
        DlpSeverity.Low => "Low",
        DlpSeverity.Medium => "Medium",
        DlpSeverity.High => "High",
        DlpSeverity.Critical => "Critical",
        _ => Unknown(value),
    };

    public static string Label(this DlpHookDeliveryStatus value) => value switch
    {
        DlpHookDeliveryStatus.Pending => "Pending",
        DlpHookDeliveryStatus.Delivered => "Delivered",
        DlpHookDeliveryStatus.DeadLettered => "Dead-lettered",
        DlpHookDeliveryStatus.Cancelled => "Cancelled",
        _ => Unknown(value),
    };

    public static string Label(this HookAddressKind value) => value switch
    {
        HookAddressKind.Public => "Public address",
        HookAddressKind.Unspecified => "Unspecified address",
        HookAddressKind.Loopback => "Loopback address",
        HookAddressKind.Private => "Private network address",
        HookAddressKind.LinkLocal => "Link-local address",
        HookAddressKind.SharedAddressSpace => "Shared address space",
        HookAddressKind.UniqueLocal => "Unique local address",
        HookAddressKind.Multicast => "Multicast address",
        HookAddressKind.Reserved => "Reserved address",
        _ => Unknown(value),
    };

    public static string Label(this PostureSubjectKind value) => value switch
    {
        PostureSubjectKind.Workspace => "Workspace",
        PostureSubjectKind.Subprocessor => "Subprocessor",
        PostureSubjectKind.RetentionJob => "Retention job",
        PostureSubjectKind.Model => "AI model",
        _ => Unknown(value),
    };

    public static string Label(this AuditReportKind value) => value switch
    {
        AuditReportKind.OnDemand => "On demand",
        AuditReportKind.Monthly => "Monthly",
        _ => Unknown(value),
    };

    public static string Label(this AuditReportStatus value) => value switch
    {
        AuditReportStatus.Queued => "Queued",
        AuditReportStatus.Running => "Running",
        AuditReportStatus.Succeeded => "Ready",
        AuditReportStatus.Failed => "Failed",
        _ => Unknown(value),
    };

    public static string Label(this JobRunOutcome value) => value switch
    {
        JobRunOutcome.Running => "Running",
        JobRunOutcome.Succeeded => "Succeeded",
        JobRunOutcome.Failed => "Failed",
        JobRunOutcome.Interrupted => "Interrupted",
        _ => Unknown(value),
    };

    public static string Label(this DataKind value) => value switch
    {
        DataKind.PromptLog => "Prompt history",
        DataKind.AiOutput => "AI outputs",
        DataKind.ProviderRequest => "Provider requests",
        DataKind.Page => "Deleted pages",
        DataKind.Embedding => "Embeddings",
        _ => Unknown(value),
    };

    private static string Unknown<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        throw new ArgumentOutOfRangeException(nameof(value), value, $"{typeof(TEnum).Name} has no display name for this value.");
}
