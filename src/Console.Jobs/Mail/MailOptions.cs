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

    /// <summary>DKIM signing of every mail the console sends; unsigned while not configured.</summary>
    public DkimOptions Dkim { get; set; } = new();

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
    public string? Problem() => Problems(allowPlainHttp: true) is [var first, ..] ? first : null;

    /// <summary>Every reason this configuration cannot send mail, each in plain words; empty when it can.</summary>
    /// <param name="allowPlainHttp">
    /// False outside development: mail clients unsubscribe in one click (RFC 8058) only through an https link.
    /// </param>
    public IReadOnlyList<string> Problems(bool allowPlainHttp)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Host) && string.IsNullOrWhiteSpace(PickupDirectory))
            problems.Add("Mail is not configured: set Mail:Host (an SMTP server) or Mail:PickupDirectory (a folder for .eml files).");
        if (PublicUrl is null || !PublicUrl.IsAbsoluteUri || PublicUrl.Scheme is not ("https" or "http"))
        {
            problems.Add($"Mail:PublicUrl must be the console's public {(allowPlainHttp ? "http(s)" : "https")} address: links in mails point there.");
        }
        else if (PublicUrl.Scheme == "http" && !allowPlainHttp)
        {
            problems.Add(
                "Mail:PublicUrl must be an https address: links in mails point there, and mail clients unsubscribe in one click (RFC 8058) only over https. " +
                $"It is '{PublicUrl.OriginalString}'; plain http is accepted in the Development and Testing environments only.");
        }

        if (!System.Net.Mail.MailAddress.TryCreate(From, out _))
            problems.Add($"Mail:From '{From}' is not a valid mail address.");
        if (Port is < 1 or > 65535)
            problems.Add("Mail:Port must be between 1 and 65535.");
        problems.AddRange(Dkim.Problems(From));
        return problems;
    }
}
