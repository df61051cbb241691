using System.Threading.Channels;
using AdminConsole.Jobs.Mail;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AdminConsole.Jobs.Subscriptions;

/// <summary>
/// Confirmation mails waiting to be sent, in this process's memory. Subscribing queues the mail and answers at once,
/// so how long the answer takes says nothing about whether the address was new; and the link's token, stored only
/// hashed, never has to be written anywhere to wait. A process that stops loses what is still queued: the visitor
/// asks again, as they would for a mail that never came.
/// </summary>
public sealed class ConfirmationMails
{
    public const int Capacity = 10_000;

    private readonly Channel<OutgoingMail> _queue = Channel.CreateBounded<OutgoingMail>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>Queues a mail; false when the queue is full (the mail is dropped, the answer stays the same).</summary>
    public bool Enqueue(OutgoingMail mail) => _queue.Writer.TryWrite(mail);

    internal ChannelReader<OutgoingMail> Reader => _queue.Reader;
}

/// <summary>
/// Sends queued confirmation mails one after another; a mail the server refuses for now, or cannot take because it
/// is down, is tried again after 2, 4, 8 … seconds (at most five minutes apart), ten times in all.
/// </summary>
public sealed partial class ConfirmationMailSender(ConfirmationMails mails, MailSender mail, ILogger<ConfirmationMailSender> logger) : BackgroundService
{
    public const int MaxAttempts = 10;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var message in mails.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
                await SendAsync(message, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still queued is lost with the process, as the type says.
        }
    }

    private async Task SendAsync(OutgoingMail message, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await mail.SendAsync(message, stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (MailSender.IsFailure(ex))
            {
                var permanent = ex is MailDeliveryException { IsTransient: false };
                if (permanent || attempt == MaxAttempts)
                {
                    LogGaveUp(logger, attempt, MailSender.Describe(ex));
                    return;
                }

                var delay = TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, attempt)));
                LogRetry(logger, attempt, delay, MailSender.Describe(ex));
                await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A subscription confirmation mail failed (attempt {Attempt}), trying again in {Delay}: {Reason}")]
    private static partial void LogRetry(ILogger logger, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A subscription confirmation mail was given up after {Attempts} attempts: {Reason}")]
    private static partial void LogGaveUp(ILogger logger, int attempts, string reason);
}
