using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AdminConsole.Jobs.Certificates;

/// <summary>
/// A certificate named in the settings: either a PKCS#12 (PFX) file with its password, or a thumbprint in a certificate
/// store. Either way the certificate must carry its private key.
/// </summary>
public class CertificateSettings
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

    /// <summary>Whether a certificate is named (by file or thumbprint).</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(CertificatePath) || !string.IsNullOrWhiteSpace(CertificateThumbprint);
}

/// <summary>
/// Opens the certificate that <see cref="CertificateSettings"/> name, failing with a message that says what is wrong with
/// the configuration (naming the settings, never the password), so that an operator can fix it without a stack trace.
/// </summary>
public static class ConfiguredCertificate
{
    /// <summary>Loads the configured certificate with its private key.</summary>
    /// <param name="settings">The certificate's settings.</param>
    /// <param name="section">Where the settings live, e.g. <c>Reports:Signing</c>, for the messages.</param>
    /// <param name="use">What the certificate is for, e.g. <c>report signing</c>, for the messages.</param>
    /// <exception cref="CertificateConfigurationException">The settings name no usable certificate.</exception>
    public static X509Certificate2 Load(CertificateSettings settings, string section, string use)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var hasPath = !string.IsNullOrWhiteSpace(settings.CertificatePath);
        var hasThumbprint = !string.IsNullOrWhiteSpace(settings.CertificateThumbprint);
        if (hasPath && hasThumbprint)
        {
            throw new CertificateConfigurationException(
                $"{section} names both a certificate file (CertificatePath) and a store certificate (CertificateThumbprint); set only one.");
        }

        var certificate = hasPath ? FromFile(settings.CertificatePath!, settings.CertificatePassword, section, use)
            : hasThumbprint ? FromStore(settings.CertificateThumbprint!, settings.StoreName, settings.StoreLocation, section)
            : throw new CertificateConfigurationException($"{section} names no certificate: set CertificatePath or CertificateThumbprint.");
        if (!certificate.HasPrivateKey)
        {
            var subject = certificate.Subject;
            certificate.Dispose();
            throw new CertificateConfigurationException(
                $"The {use} certificate '{subject}' has no private key: it cannot be used without it. Use a PFX that includes the key.");
        }

        return certificate;
    }

    private static X509Certificate2 FromFile(string path, string? password, string section, string use)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
            throw new CertificateConfigurationException($"The {use} certificate file '{fullPath}' ({section}:CertificatePath) does not exist.");

        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(fullPath, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException e)
        {
            // The runtime's message says whether the password or the format is wrong; it never contains the password.
            throw new CertificateConfigurationException(
                $"The {use} certificate file '{fullPath}' could not be opened: the password ({section}:CertificatePassword) is wrong " +
                $"or the file is not a PKCS#12 (PFX) file ({e.Message}).", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new CertificateConfigurationException($"The {use} certificate file '{fullPath}' cannot be read by this process.", e);
        }
    }

    private static X509Certificate2 FromStore(string thumbprint, StoreName storeName, StoreLocation storeLocation, string section)
    {
        var normalized = new string(thumbprint.Where(char.IsAsciiHexDigit).ToArray());
        try
        {
            using var store = new X509Store(storeName, storeLocation);
            store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
            var found = store.Certificates.Find(X509FindType.FindByThumbprint, normalized, validOnly: false);
            if (found.Count == 0)
            {
                throw new CertificateConfigurationException(
                    $"No certificate with thumbprint {normalized} ({section}:CertificateThumbprint) is in the {storeLocation}/{storeName} certificate store.");
            }

            return found[0];
        }
        catch (CryptographicException e)
        {
            throw new CertificateConfigurationException(
                $"No certificate with thumbprint {normalized} ({section}:CertificateThumbprint) can be found: the {storeLocation}/{storeName} certificate store does not exist or cannot be opened.", e);
        }
    }
}

/// <summary>A certificate the settings name cannot be used as it is.</summary>
public class CertificateConfigurationException : InvalidOperationException
{
    public CertificateConfigurationException()
    {
    }

    public CertificateConfigurationException(string message)
        : base(message)
    {
    }

    public CertificateConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
