using System.Security.Cryptography;
using System.Text;
using MimeKit;
using MimeKit.Cryptography;

namespace AdminConsole.Jobs.Mail;

/// <summary>
/// The <c>Mail:Dkim</c> section: the domain and selector a receiver looks the public key up under
/// (<c>&lt;selector&gt;._domainkey.&lt;domain&gt;</c>) and the RSA private key that signs every mail the console sends.
/// Not configured, mail goes unsigned.
/// </summary>
public sealed class DkimOptions
{
    public string? Domain { get; set; }

    public string? Selector { get; set; }

    /// <summary>A PEM file with the RSA private key (PKCS#1 or PKCS#8).</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>The PEM itself, instead of a file (e.g. from a secret store).</summary>
    public string? PrivateKey { get; set; }

    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(Domain) || !string.IsNullOrWhiteSpace(Selector) || !string.IsNullOrWhiteSpace(PrivateKeyPath) || !string.IsNullOrWhiteSpace(PrivateKey);

    /// <summary>Every reason this configuration cannot sign, in plain words; empty when it can (or is not configured).</summary>
    /// <param name="from">The mails' From address: its domain must be the signing domain or below it (DMARC alignment).</param>
    public IReadOnlyList<string> Problems(string? from)
    {
        if (!IsConfigured)
            return [];
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Domain))
            problems.Add("Mail:Dkim:Domain is missing: DKIM signing needs the domain the public key is published under.");
        if (string.IsNullOrWhiteSpace(Selector))
            problems.Add("Mail:Dkim:Selector is missing: DKIM signing needs the selector of the published key (<selector>._domainkey.<domain>).");
        if (string.IsNullOrWhiteSpace(PrivateKeyPath) == string.IsNullOrWhiteSpace(PrivateKey))
        {
            problems.Add("Set one of Mail:Dkim:PrivateKeyPath (a PEM file) and Mail:Dkim:PrivateKey (the PEM itself) for DKIM signing.");
        }
        else
        {
            try
            {
                using var rsa = RSA.Create();
                rsa.ImportFromPem(Encoding.ASCII.GetString(ReadKey()));
                if (rsa.KeySize < 1024)
                    problems.Add($"The DKIM key has {rsa.KeySize} bits: receivers ignore signatures with RSA keys under 1024 bits; use 2048.");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                problems.Add($"The DKIM private key file '{PrivateKeyPath}' (Mail:Dkim:PrivateKeyPath) cannot be read: {ex.Message}");
            }
            catch (Exception ex) when (ex is ArgumentException or CryptographicException)
            {
                problems.Add("The DKIM private key (Mail:Dkim) is not an RSA private key in PEM form (BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY).");
            }
        }

        if (!string.IsNullOrWhiteSpace(Domain) && System.Net.Mail.MailAddress.TryCreate(from, out var address)
            && !address.Host.Equals(Domain, StringComparison.OrdinalIgnoreCase)
            && !address.Host.EndsWith("." + Domain, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"Mail:From is at {address.Host}, which is not Mail:Dkim:Domain ({Domain}) or below it: receivers would not count the signature for the sender (DMARC alignment).");
        }

        return problems;
    }

    /// <summary>The PEM bytes of the key, from the file or the setting.</summary>
    public byte[] ReadKey() => !string.IsNullOrWhiteSpace(PrivateKey)
        ? Encoding.ASCII.GetBytes(PrivateKey)
        : File.ReadAllBytes(PrivateKeyPath!);
}

/// <summary>How the console DKIM-signs (RFC 6376): rsa-sha256, relaxed/relaxed, and the headers a receiver must trust.</summary>
public static class DkimSigning
{
    /// <summary>
    /// Signed headers: who, what and when, the message's id, and the one-click unsubscribe pair, which RFC 8058 §4 asks to
    /// be covered so that nobody on the way can point the unsubscribe link elsewhere.
    /// </summary>
    public static readonly IList<string> SignedHeaders =
        ["From", "To", "Subject", "Date", "Message-ID", "List-Unsubscribe", "List-Unsubscribe-Post", "MIME-Version", "Content-Type", "Content-Transfer-Encoding"];

    /// <summary>How messages are written to a file: CRLF line ends, as on the wire and as the signature was computed.</summary>
    public static readonly FormatOptions Wire = new() { NewLineFormat = NewLineFormat.Dos };

    public static DkimSigner Signer(byte[] pem, DkimOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var key = new MemoryStream(pem, writable: false);
        return new DkimSigner(key, options.Domain!, options.Selector!, DkimSignatureAlgorithm.RsaSha256)
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
        };
    }
}
