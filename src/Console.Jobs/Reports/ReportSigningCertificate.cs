using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AdminConsole.Jobs.Reports;

/// <summary>
/// Opens the certificate <see cref="ReportSigningOptions"/> names, failing with a message that says what is wrong
/// with the configuration, so that an operator can fix it without reading a stack trace.
/// </summary>
public static class ReportSigningCertificate
{
    /// <summary>Loads the configured certificate with its private key.</summary>
    /// <exception cref="ReportConfigurationException">The configuration names no usable certificate.</exception>
    public static X509Certificate2 Load(ReportSigningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var hasPath = !string.IsNullOrWhiteSpace(options.CertificatePath);
        var hasThumbprint = !string.IsNullOrWhiteSpace(options.CertificateThumbprint);
        if (hasPath && hasThumbprint)
        {
            throw new ReportConfigurationException(
                "Reports:Signing names both a certificate file (CertificatePath) and a store certificate (CertificateThumbprint); set only one.");
        }

        var certificate = hasPath ? FromFile(options.CertificatePath!, options.CertificatePassword)
            : hasThumbprint ? FromStore(options.CertificateThumbprint!, options.StoreName, options.StoreLocation)
            : throw new ReportConfigurationException("Reports:Signing names no certificate: set CertificatePath or CertificateThumbprint.");
        if (!certificate.HasPrivateKey)
        {
            var subject = certificate.Subject;
            certificate.Dispose();
            throw new ReportConfigurationException(
                $"The report signing certificate '{subject}' has no private key: a report cannot be signed with it. Use a PFX that includes the key.");
        }

        return certificate;
    }

    private static X509Certificate2 FromFile(string path, string? password)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new ReportConfigurationException($"The report signing certificate file '{fullPath}' (Reports:Signing:CertificatePath) does not exist.");
        }

        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(fullPath, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException e)
        {
            // The runtime's message says whether the password or the format is wrong; it never contains the password.
            throw new ReportConfigurationException(
                $"The report signing certificate file '{fullPath}' could not be opened: the password (Reports:Signing:CertificatePassword) is wrong " +
                $"or the file is not a PKCS#12 (PFX) file ({e.Message}).", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ReportConfigurationException($"The report signing certificate file '{fullPath}' cannot be read by this process.", e);
        }
    }

    private static X509Certificate2 FromStore(string thumbprint, StoreName storeName, StoreLocation storeLocation)
    {
        var normalized = new string(thumbprint.Where(char.IsAsciiHexDigit).ToArray());
        try
        {
            using var store = new X509Store(storeName, storeLocation);
            store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
            var found = store.Certificates.Find(X509FindType.FindByThumbprint, normalized, validOnly: false);
            if (found.Count == 0)
            {
                throw new ReportConfigurationException(
                    $"No certificate with thumbprint {normalized} (Reports:Signing:CertificateThumbprint) is in the {storeLocation}/{storeName} certificate store.");
            }

            return found[0];
        }
        catch (CryptographicException e)
        {
            throw new ReportConfigurationException(
                $"No certificate with thumbprint {normalized} (Reports:Signing:CertificateThumbprint) can be found: the {storeLocation}/{storeName} certificate store does not exist or cannot be opened.", e);
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
