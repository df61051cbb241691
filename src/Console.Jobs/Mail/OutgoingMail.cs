using System.Net.Mail;
using System.Text;
using MimeKit;
using MimeKit.Text;

namespace AdminConsole.Jobs.Mail;

/// <summary>
/// A plain-text message the console sends. Every value that becomes a header is checked here, once: a CR or LF
/// (or any other control character) in a subject, name or header value is refused, so no field a person typed
/// can add a header or a recipient to a mail.
/// </summary>
public sealed class OutgoingMail
{
    public OutgoingMail(string to, string subject, string body, string? messageId = null, IReadOnlyList<KeyValuePair<string, string>>? headers = null)
    {
        To = ParseAddress(to, nameof(to));
        Subject = HeaderValue(subject, nameof(subject));
        Body = body ?? throw new ArgumentNullException(nameof(body));
        MessageId = messageId is null ? null : HeaderValue(messageId, nameof(messageId));
        Headers = (headers ?? []).Select(h => new KeyValuePair<string, string>(HeaderName(h.Key), HeaderValue(h.Value, h.Key))).ToList();
    }

    public MailAddress To { get; }

    public string Subject { get; }

    public string Body { get; }

    /// <summary>A stable id (without angle brackets): a copy sent again after a crash is recognisably the same message.</summary>
    public string? MessageId { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>
    /// The message MimeKit writes: From, To, Subject, Date, Message-ID, the extra headers in order, and the body as UTF-8
    /// quoted-printable text (ASCII on the wire, lines of at most 78 characters).
    /// </summary>
    public MimeMessage ToMimeMessage(MailboxAddress from, DateTimeOffset date)
    {
        var message = new MimeMessage();
        message.Headers.Clear();
        message.From.Add(from);
        message.To.Add(new MailboxAddress(To.DisplayName, To.Address));
        message.Subject = Subject;
        message.Date = date;
        message.MessageId = MessageId ?? MimeKit.Utils.MimeUtils.GenerateMessageId(from.Domain);
        foreach (var (name, value) in Headers)
            message.Headers.Add(name, value);
        var body = new TextPart(TextFormat.Plain) { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        body.SetText(Encoding.UTF8, Body);
        message.Body = body;
        return message;
    }

    /// <summary>Whether <paramref name="value"/> can be a recipient: one mail address, optionally with a display name.</summary>
    public static bool IsValidAddress(string? value) => TryParseAddress(value, out _);

    internal static MailAddress ParseAddress(string? value, string field) =>
        TryParseAddress(value, out var address) ? address : throw new ArgumentException($"'{value}' is not a valid mail address.", field);

    private static bool TryParseAddress(string? value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MailAddress? address)
    {
        address = null;
        return !string.IsNullOrWhiteSpace(value) && !value.Any(char.IsControl) && MailAddress.TryCreate(value, out address);
    }

    internal static string HeaderValue(string? value, string field)
    {
        ArgumentNullException.ThrowIfNull(value, field);
        if (value.Any(char.IsControl))
            throw new ArgumentException($"The mail header '{field}' must not contain line breaks or other control characters.", field);
        return value;
    }

    private static string HeaderName(string name)
    {
        if (string.IsNullOrEmpty(name) || !name.All(c => c is > ' ' and < (char)127 and not ':'))
            throw new ArgumentException($"'{name}' is not a valid mail header name.", nameof(name));
        return name;
    }
}
