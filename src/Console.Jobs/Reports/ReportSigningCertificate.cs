using System.Security.Cryptography.X509Certificates;
using AdminConsole.Jobs.Certificates;

namespace AdminConsole.Jobs.Reports;

/// <summary>Opens the certificate <see cref="ReportSigningOptions"/> names (see <see cref="ConfiguredCertificate"/>).</summary>
public static class ReportSigningCertificate
{
    /// <summary>Loads the configured certificate with its private key.</summary>
    /// <exception cref="ReportConfigurationException">The configuration names no usable certificate.</exception>
    public static X509Certificate2 Load(ReportSigningOptions options)
    {
        try
        {
            return ConfiguredCertificate.Load(options, "Reports:Signing", "report signing");
        }
        catch (CertificateConfigurationException e)
        {
            throw new ReportConfigurationException(e.Message, e);
        }
    }
}

/// <summary>The report configuration (fonts, signing certificate) cannot be used as it is.</summary>
public sealed class ReportConfigurationException : InvalidOperationException
{
    public ReportConfigurationException()
    {
    }

    public ReportConfigurationException(string message)
        : base(message)
    {
    }

    public ReportConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
