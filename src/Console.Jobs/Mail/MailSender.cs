using System.Net;
using System.Net.Mail;

namespace AdminConsole.Jobs.Mail;

/// <summary>Sends mail over SMTP (or drops .eml files into the pickup folder in development).</summary>
public sealed class MailSender(MailOptions options)
{
    public async Task SendAsync(MailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.From ??= new MailAddress(options.From);
        using var client = new SmtpClient();
        if (!string.IsNullOrWhiteSpace(options.Host))
        {
            client.Host = options.Host;
            client.Port = options.Port;
            client.EnableSsl = options.EnableSsl;
            client.DeliveryMethod = SmtpDeliveryMethod.Network;
            if (!string.IsNullOrEmpty(options.UserName))
                client.Credentials = new NetworkCredential(options.UserName, options.Password);
        }
        else if (!string.IsNullOrWhiteSpace(options.PickupDirectory))
        {
            Directory.CreateDirectory(options.PickupDirectory);
            client.DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory;
            client.PickupDirectoryLocation = Path.GetFullPath(options.PickupDirectory);
        }
        else
        {
            throw new InvalidOperationException("Mail is not configured: set Mail:Host (SMTP) or Mail:PickupDirectory.");
        }

        await client.SendMailAsync(message, cancellationToken).ConfigureAwait(false);
    }
}
