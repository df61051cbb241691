using System.Security.Cryptography.X509Certificates;

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

/// <summary>
/// The certificate that signs reports: either a PKCS#12 (PFX) file with its password, or a thumbprint in a certificate
/// store. Either way the certificate must carry its private key.
/// </summary>
public sealed class ReportSigningOptions
{
    /// <summary>A PKCS#12 (.pfx/.p12) file with the certificate and its private key.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The password of <see cref="CertificatePath"/>; never logged nor shown in an error.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The SHA-1 thumbprint of a certificate in <see cref="StoreName"/>/<see cref="StoreLocation"/>, instead of a file.</summary>
    public string? CertificateThumbprint { get; set; }

    /// <summary>The store searched for <see cref="CertificateThumbprint"/>.</summary>
    public StoreName StoreName { get; set; } = StoreName.My;

    /// <summary>The store location searched for <see cref="CertificateThumbprint"/>.</summary>
    public StoreLocation StoreLocation { get; set; } = StoreLocation.CurrentUser;

    /// <summary>The reason recorded in the signature, e.g. "Audit report issued by AdminConsole".</summary>
    public string? Reason { get; set; }

    /// <summary>The location recorded in the signature, e.g. the organisation's city.</summary>
    public string? Location { get; set; }

    /// <summary>Whether a certificate is named (by file or thumbprint), so that reports are to be signed.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(CertificatePath) || !string.IsNullOrWhiteSpace(CertificateThumbprint);
}
