using AdminConsole.Jobs.Certificates;

namespace AdminConsole.Jobs.Reports;

/// <summary>The <c>Reports</c> configuration section: where report fonts come from and how reports are signed.</summary>
public sealed class ReportOptions
{
    public const string SectionName = "Reports";

    /// <summary>
    /// A folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf (and the oblique faces if wanted), looked at before the
    /// system's font folders; null to use those only.
    /// </summary>
    public string? FontDirectory { get; set; }

    /// <summary>The certificate reports are signed with; reports are unsigned while it is not configured.</summary>
    public ReportSigningOptions Signing { get; set; } = new();
}

/// <summary>The certificate that signs reports, and what the signature records.</summary>
public sealed class ReportSigningOptions : CertificateSettings
{
    /// <summary>The reason recorded in the signature, e.g. "Audit report issued by AdminConsole".</summary>
    public string? Reason { get; set; }

    /// <summary>The location recorded in the signature, e.g. the organisation's city.</summary>
    public string? Location { get; set; }
}
