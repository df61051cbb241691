namespace AdminConsole.Jobs.Mail;

/// <summary>The <c>Mail</c> section: an SMTP server, or (development) a folder that receives .eml files.</summary>
public sealed class MailOptions
{
    public const string SectionName = "Mail";

    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    public bool EnableSsl { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "Trust & Compliance <no-reply@console.invalid>";

    /// <summary>When set (and no host), mail is written to this folder as .eml files instead of being sent.</summary>
    public string? PickupDirectory { get; set; }
}
