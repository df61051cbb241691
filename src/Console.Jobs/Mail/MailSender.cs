using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using MimeKit.Cryptography;

namespace AdminConsole.Jobs.Mail;

/// <summary>A way out for mail that stays open across several messages (one SMTP connection, or the pickup folder).</summary>
public interface IMailBatch : IAsyncDisposable
{
    /// <summary>Sends one message; when this returns, the server (or folder) has it.</summary>
    Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken);
}

/// <summary>
/// Sends mail with MailKit over SMTP — one connection per batch, pipelined where the server offers it, STARTTLS (or
/// implicit TLS on 465) and AUTH when configured — or drops .eml files into the pickup folder in development. Every
/// message is DKIM-signed when <see cref="MailOptions.Dkim"/> is configured.
/// </summary>
public sealed class MailSender(MailOptions options, TimeProvider clock)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly MailboxAddress _from = MailboxAddress.Parse(options.From);
    private readonly byte[]? _dkimKey = options.Dkim.IsConfigured ? options.Dkim.ReadKey() : null;

    public MailOptions Options => options;

    private DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>What a send can fail with: the server's answer, a broken or timed-out connection, TLS, or no way out configured.</summary>
    public static bool IsFailure(Exception exception) =>
        exception is MailDeliveryException or IOException or System.Net.Sockets.SocketException or OperationCanceledException or InvalidOperationException
            or System.Security.Authentication.AuthenticationException or MailKit.Security.AuthenticationException or SslHandshakeException
            or ProtocolException or CommandException or TimeoutException;

    /// <summary>A failure for a run record: the server's own answer, or the kind of failure and its message.</summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception is MailDeliveryException ? exception.Message : $"{exception.GetType().Name}: {exception.Message}";
    }

    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        await using var batch = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await batch.SendAsync(mail, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IMailBatch> OpenAsync(CancellationToken cancellationToken)
    {
        var signer = Signer();
        if (!string.IsNullOrWhiteSpace(options.Host))
            return new SmtpBatch(await ConnectAsync(cancellationToken).ConfigureAwait(false), this, signer);
        if (!string.IsNullOrWhiteSpace(options.PickupDirectory))
            return new PickupBatch(options.PickupDirectory, this, signer);
        throw new InvalidOperationException(options.Problem());
    }

    /// <summary>The message as it goes out: built from the mail, then signed (the signature covers the bytes sent).</summary>
    internal MimeMessage Compose(OutgoingMail mail, DkimSigner? signer)
    {
        var message = mail.ToMimeMessage(_from, Now);
        if (signer is not null)
        {
            // Encoded for 7-bit transport first, so that no server or client changes a signed byte on the way.
            message.Prepare(EncodingConstraint.SevenBit);
            signer.Sign(message, DkimSigning.SignedHeaders);
        }

        return message;
    }

    private DkimSigner? Signer() => _dkimKey is null ? null : DkimSigning.Signer(_dkimKey, options.Dkim);

    private async Task<SmtpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(options.UserName) && !options.EnableSsl)
            throw new MailDeliveryException(0, "Mail:UserName is set but Mail:EnableSsl is not: the password would cross the network in clear text.");

        var client = new SmtpClient { Timeout = (int)CommandTimeout.TotalMilliseconds, LocalDomain = ClientName() };
        try
        {
            var security = !options.EnableSsl ? SecureSocketOptions.None : options.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
            await client.ConnectAsync(options.Host!, options.Port, security, cancellationToken).ConfigureAwait(false);

            // Without SIZE= on MAIL FROM, MailKit does not write each message twice (once to measure it): the console's
            // mails are a few kilobytes, and the server still enforces its limit when the data arrives.
            client.Capabilities &= ~SmtpCapabilities.Size;
            if (!string.IsNullOrEmpty(options.UserName))
                await client.AuthenticateAsync(options.UserName, options.Password ?? string.Empty, cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch (Exception ex)
        {
            client.Dispose();
            throw ex switch
            {
                MailKit.Security.AuthenticationException => new MailDeliveryException(535, "The SMTP server refused the sign-in (535).", ex),
                NotSupportedException when options.EnableSsl => new MailDeliveryException(0, $"The SMTP server {options.Host} does not offer STARTTLS, and Mail:EnableSsl requires it.", ex),
                SmtpCommandException command => Refusal(command),
                SmtpProtocolException => new MailDeliveryException(0, $"The SMTP server {options.Host} broke the protocol: {ex.Message}", ex),
                TimeoutException => new MailDeliveryException(0, $"The SMTP server {options.Host} did not answer in time.", ex),
                _ => ex,
            };
        }
    }

    /// <summary>The server's refusal with its reply code, as the callers tell final refusals from temporary ones.</summary>
    private static MailDeliveryException Refusal(SmtpCommandException ex) =>
        new((int)ex.StatusCode, $"{(int)ex.StatusCode} {ex.Message}", ex);

    /// <summary>The name this host gives in EHLO: its DNS name when it has one that is not local.</summary>
    private static string ClientName()
    {
        var name = System.Net.Dns.GetHostName();
        return name.Contains('.', StringComparison.Ordinal) ? name : "localhost";
    }

    private sealed class SmtpBatch(SmtpClient client, MailSender sender, DkimSigner? signer) : IMailBatch
    {
        public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
        {
            var message = sender.Compose(mail, signer);
            try
            {
                await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (SmtpCommandException ex)
            {
                // A refused sender, recipient or message: the connection stays usable for the next one.
                throw Refusal(ex);
            }
            catch (SmtpProtocolException ex)
            {
                throw new MailDeliveryException(0, $"The SMTP server broke the connection: {ex.Message}", ex);
            }
            catch (ServiceNotConnectedException ex)
            {
                throw new MailDeliveryException(0, "The SMTP server closed the connection.", ex);
            }
            catch (TimeoutException ex)
            {
                // MailKit's word for a server that stopped answering: temporary, and the connection is opened anew.
                throw new MailDeliveryException(0, "The SMTP server did not answer in time.", ex);
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (client.IsConnected)
                    await client.DisconnectAsync(quit: true, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsFailure(ex))
            {
                // The messages are the server's already; a QUIT that fails changes nothing.
            }
            finally
            {
                client.Dispose();
            }
        }
    }

    /// <summary>Each message written whole to a temporary name, then renamed: a reader never sees half a file.</summary>
    private sealed class PickupBatch(string folder, MailSender sender, DkimSigner? signer) : IMailBatch
    {
        public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
        {
            Directory.CreateDirectory(folder);
            var name = Path.Combine(folder, $"{sender.Now:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}");
            await using (var file = File.Create(name + ".tmp"))
                await sender.Compose(mail, signer).WriteToAsync(DkimSigning.Wire, file, cancellationToken).ConfigureAwait(false);
            File.Move(name + ".tmp", name + ".eml");
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
