using System.Net.Mail;

namespace AdminConsole.Jobs.Mail;

/// <summary>A way out for mail that stays open across several messages (one SMTP connection, or the pickup folder).</summary>
public interface IMailBatch : IAsyncDisposable
{
    /// <summary>Sends one message; when this returns, the server (or folder) has it.</summary>
    Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken);
}

/// <summary>Sends mail over SMTP, or drops .eml files into the pickup folder in development.</summary>
public sealed class MailSender(MailOptions options, TimeProvider clock)
{
    private readonly MailAddress _from = new(options.From);

    public MailOptions Options => options;

    /// <summary>What a send can fail with: the server's answer, a broken or timed-out connection, TLS, or no way out configured.</summary>
    public static bool IsFailure(Exception exception) =>
        exception is MailDeliveryException or IOException or System.Net.Sockets.SocketException or OperationCanceledException or InvalidOperationException
            or System.Security.Authentication.AuthenticationException;

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
        if (!string.IsNullOrWhiteSpace(options.Host))
            return new SmtpBatch(await SmtpSession.OpenAsync(options, cancellationToken).ConfigureAwait(false), _from, clock);
        if (!string.IsNullOrWhiteSpace(options.PickupDirectory))
            return new PickupBatch(options.PickupDirectory, _from, clock);
        throw new InvalidOperationException(options.Problem());
    }

    private sealed class SmtpBatch(SmtpSession session, MailAddress from, TimeProvider clock) : IMailBatch
    {
        public Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken) =>
            session.SendAsync(from.Address, mail.To.Address, MimeWriter.Write(mail, from, clock.GetUtcNow()), cancellationToken);

        public ValueTask DisposeAsync() => session.DisposeAsync();
    }

    /// <summary>Each message written whole to a temporary name, then renamed: a reader never sees half a file.</summary>
    private sealed class PickupBatch(string folder, MailAddress from, TimeProvider clock) : IMailBatch
    {
        public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
        {
            Directory.CreateDirectory(folder);
            var name = Path.Combine(folder, $"{clock.GetUtcNow():yyyyMMddHHmmssfff}-{Guid.NewGuid():N}");
            await File.WriteAllBytesAsync(name + ".tmp", MimeWriter.Write(mail, from, clock.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            File.Move(name + ".tmp", name + ".eml");
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
