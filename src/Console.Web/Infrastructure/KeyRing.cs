using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using AdminConsole.Domain.Persistence;
using AdminConsole.Jobs.Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminConsole.Web.Infrastructure;

/// <summary>
/// The <c>DataProtection</c> section: the certificate that encrypts the Data Protection key ring at rest, and the
/// certificates it was encrypted with before (kept while keys encrypted with them are in the ring).
/// </summary>
public sealed class KeyRingOptions : CertificateSettings
{
    public const string SectionName = "DataProtection";

    /// <summary>Certificates that encrypted the key ring before the current one; they only decrypt.</summary>
    public List<CertificateSettings> PreviousCertificates { get; set; } = [];
}

/// <summary>
/// ASP.NET Core Data Protection for the console: its keys in the console's database (every node on the database shares
/// them), and, with a certificate configured, encrypted there, so that reading the database is not enough to forge a
/// session cookie or open a sealed secret.
/// </summary>
public static class KeyRing
{
    public const string ApplicationName = "AdminConsole";

    /// <param name="problems">Receives the reason a configured certificate cannot be used.</param>
    public static void AddConsoleKeyRing(this WebApplicationBuilder builder, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(problems);
        var options = builder.Configuration.GetSection(KeyRingOptions.SectionName).Get<KeyRingOptions>() ?? new KeyRingOptions();
        var dataProtection = builder.Services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<ConsoleDbContext>();
        if (!options.IsConfigured)
            return;

        try
        {
            var certificate = Load(options, KeyRingOptions.SectionName);
            var previous = options.PreviousCertificates
                .Select((c, i) => Load(c, $"{KeyRingOptions.SectionName}:PreviousCertificates:{i}"))
                .ToArray();
            dataProtection.ProtectKeysWithCertificate(certificate);
            if (previous.Length > 0)
                dataProtection.UnprotectKeysWithAnyCertificate([certificate, .. previous]);
            builder.Services.AddHostedService<PlaintextKeyEncryption>();
        }
        catch (CertificateConfigurationException e)
        {
            problems.Add(e.Message);
        }
    }

    /// <summary>A certificate that can encrypt the key ring: its private key present, and an RSA key (XML encryption's key transport).</summary>
    private static X509Certificate2 Load(CertificateSettings settings, string section)
    {
        var certificate = ConfiguredCertificate.Load(settings, section, "key ring");
        using var rsa = certificate.GetRSAPrivateKey();
        if (rsa is null)
        {
            var subject = certificate.Subject;
            certificate.Dispose();
            throw new CertificateConfigurationException(
                $"The key ring certificate '{subject}' ({section}) has no RSA key: the key ring is encrypted with RSA key transport, so the certificate must have an RSA key pair.");
        }

        return certificate;
    }
}

/// <summary>
/// Keys written before a certificate was configured are in the database in plain text; at start-up this encrypts each
/// such key in place with the certificate, in the form Data Protection writes itself (an <c>encryptedSecret</c>
/// element naming its decryptor), so that no key stays readable to whoever reads the database. Payloads made with those
/// keys (session cookies, sealed secrets) still open: the key material does not change.
/// </summary>
internal sealed partial class PlaintextKeyEncryption(
    IDbContextFactory<ConsoleDbContext> dbFactory, IOptions<KeyManagementOptions> keyManagement, ILogger<PlaintextKeyEncryption> logger) : IHostedService
{
    private static readonly XNamespace DataProtectionNamespace = "http://schemas.asp.net/2015/03/dataProtection";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (keyManagement.Value.XmlEncryptor is not { } encryptor)
            return;

        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var encrypted = 0;
            foreach (var key in await db.DataProtectionKeys.ToListAsync(cancellationToken).ConfigureAwait(false))
            {
                if (key.Xml is null || Encrypt(XElement.Parse(key.Xml), encryptor) is not { } sealedXml)
                    continue;
                key.Xml = sealedXml.ToString(SaveOptions.DisableFormatting);
                encrypted++;
            }

            if (encrypted == 0)
                return;
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            LogEncrypted(logger, encrypted);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The key with every element marked as requiring encryption encrypted; null when none is.</summary>
    internal static XElement? Encrypt(XElement key, IXmlEncryptor encryptor)
    {
        var requiresEncryption = DataProtectionNamespace + "requiresEncryption";
        var plain = key.DescendantsAndSelf().Where(e => (bool?)e.Attribute(requiresEncryption) == true).ToList();
        if (plain.Count == 0)
            return null;
        foreach (var element in plain)
        {
            var info = encryptor.Encrypt(new XElement(element));
            element.ReplaceWith(new XElement(
                DataProtectionNamespace + "encryptedSecret",
                new XAttribute("decryptorType", info.DecryptorType.AssemblyQualifiedName!),
                info.EncryptedElement));
        }

        return key;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Encrypted {Count} Data Protection key(s) that were stored in plain text before the key ring certificate was configured")]
    private static partial void LogEncrypted(ILogger logger, int count);
}
