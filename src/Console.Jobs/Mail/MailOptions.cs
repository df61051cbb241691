namespace AdminConsole.Jobs.Mail;

/// <summary>The <c>Mail</c> section: an SMTP server, or (development) a folder that receives .eml files.</summary>
public sealed class MailOptions
{
    public const string SectionName = "Mail";

    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    /// <summary>TLS: STARTTLS on any port but 465, implicit TLS on 465. Required when signing in.</summary>
    public bool EnableSsl { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "Trust & Compliance <no-reply@console.invalid>";

    /// <summary>When set (and no host), mail is written to this folder as .eml files instead of being sent.</summary>
    public string? PickupDirectory { get; set; }

    /// <summary>
    /// The public address of this console (e.g. <c>https://trust.example.com/</c>). Links in mails point here and
    /// never to the host a request named, which a visitor could forge.
    /// </summary>
    public Uri? PublicUrl { get; set; }

    /// <summary>The base for links in mails, with a trailing slash.</summary>
    public Uri SiteUrl => PublicUrl is null
        ? throw new InvalidOperationException("Mail:PublicUrl is not set: mails cannot link back to the console.")
        : new Uri(PublicUrl.AbsoluteUri.EndsWith('/') ? PublicUrl.AbsoluteUri : PublicUrl.AbsoluteUri + "/");

    /// <summary>A clear message for a configuration that cannot send mail; null when it can.</summary>
    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(Host) && string.IsNullOrWhiteSpace(PickupDirectory))
            return "Mail is not configured: set Mail:Host (an SMTP server) or Mail:PickupDirectory (a folder for .eml files).";
        if (PublicUrl is null || !PublicUrl.IsAbsoluteUri || PublicUrl.Scheme is not ("https" or "http"))
            return "Mail:PublicUrl must be the console's public http(s) address: links in mails point there.";
        if (!System.Net.Mail.MailAddress.TryCreate(From, out _))
            return $"Mail:From '{From}' is not a valid mail address.";
        if (Port is < 1 or > 65535)
            return "Mail:Port must be between 1 and 65535.";
        return null;
    }
}
