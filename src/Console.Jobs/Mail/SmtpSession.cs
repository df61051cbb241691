using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace AdminConsole.Jobs.Mail;

/// <summary>An SMTP server's answer to a command, or a failure the caller can classify.</summary>
public sealed class MailDeliveryException(int code, string message) : Exception(message)
{
    public int Code { get; } = code;

    /// <summary>4xx answers and lost connections are worth a retry; 5xx answers are final for this message.</summary>
    public bool IsTransient => Code is < 500 or >= 600;
}

/// <summary>
/// One connection to an SMTP server (RFC 5321) that sends any number of messages in turn: EHLO once, then
/// MAIL/RCPT/DATA per message, sent together when the server offers PIPELINING (RFC 2920). STARTTLS (or implicit
/// TLS on port 465) and AUTH PLAIN when configured. Kept open between messages, which is what makes a notice to
/// many subscribers fast.
/// </summary>
internal sealed class SmtpSession : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly TcpClient _tcp;
    private Stream _stream;
    private readonly byte[] _buffer = new byte[8192];
    private readonly CancellationTokenSource _timeout = new();
    private CancellationTokenSource? _linked;
    private byte[] _output = new byte[8192];
    private int _start;
    private int _end;
    private bool _smtpUtf8;
    private bool _pipelining;

    private SmtpSession(TcpClient tcp, Stream stream)
    {
        _tcp = tcp;
        _stream = stream;
    }

    public static async Task<SmtpSession> OpenAsync(MailOptions options, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient { NoDelay = true };
        SmtpSession? session = null;
        try
        {
            await tcp.ConnectAsync(options.Host!, options.Port, cancellationToken).ConfigureAwait(false);
            Stream stream = tcp.GetStream();
            var implicitTls = options.EnableSsl && options.Port == 465;
            if (implicitTls)
                stream = await TlsAsync(stream, options.Host!, cancellationToken).ConfigureAwait(false);
            session = new SmtpSession(tcp, stream);
            await session.ExpectAsync(220, cancellationToken).ConfigureAwait(false);
            var extensions = await session.CommandAsync($"EHLO {ClientName()}", 250, cancellationToken).ConfigureAwait(false);
            if (options.EnableSsl && !implicitTls)
            {
                if (!Has(extensions, "STARTTLS"))
                    throw new MailDeliveryException(0, $"The SMTP server {options.Host} does not offer STARTTLS, and Mail:EnableSsl requires it.");
                await session.CommandAsync("STARTTLS", 220, cancellationToken).ConfigureAwait(false);
                session._stream = await TlsAsync(session._stream, options.Host!, cancellationToken).ConfigureAwait(false);
                extensions = await session.CommandAsync($"EHLO {ClientName()}", 250, cancellationToken).ConfigureAwait(false);
            }

            session._smtpUtf8 = Has(extensions, "SMTPUTF8");
            session._pipelining = Has(extensions, "PIPELINING");
            if (!string.IsNullOrEmpty(options.UserName))
            {
                if (!options.EnableSsl)
                    throw new MailDeliveryException(0, "Mail:UserName is set but Mail:EnableSsl is not: the password would cross the network in clear text.");
                var plain = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{options.UserName}\0{options.Password}"));
                await session.CommandAsync($"AUTH PLAIN {plain}", 235, cancellationToken, redact: true).ConfigureAwait(false);
            }

            return session;
        }
        catch
        {
            if (session is not null)
                await session.DisposeAsync().ConfigureAwait(false);
            else
                tcp.Dispose();
            throw;
        }
    }

    /// <summary>Sends one message; returns when the server has taken responsibility for it (250 after DATA).</summary>
    public async Task SendAsync(string from, string to, byte[] message, CancellationToken cancellationToken)
    {
        var utf8 = !IsAscii(from) || !IsAscii(to);
        if (utf8 && !_smtpUtf8)
            throw new MailDeliveryException(553, $"The address {to} needs SMTPUTF8, which the server does not offer.");
        var mailFrom = $"MAIL FROM:<{from}>{(utf8 ? " SMTPUTF8" : string.Empty)}";
        if (_pipelining)
        {
            await SendPipelinedAsync(mailFrom, to, message, cancellationToken).ConfigureAwait(false);
            return;
        }

        await CommandAsync(mailFrom, 250, cancellationToken).ConfigureAwait(false);
        try
        {
            await CommandAsync($"RCPT TO:<{to}>", 250, cancellationToken, alsoAccept: 251).ConfigureAwait(false);
            await CommandAsync("DATA", 354, cancellationToken).ConfigureAwait(false);
        }
        catch (MailDeliveryException ex) when (ex.Code >= 400)
        {
            // The envelope was refused: reset it so the connection can carry the next message.
            await CommandAsync("RSET", 250, cancellationToken).ConfigureAwait(false);
            throw;
        }

        await WriteDataAsync(message, cancellationToken).ConfigureAwait(false);
        await ExpectAsync(250, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// PIPELINING (RFC 2920): MAIL, RCPT and DATA in one write, then their three replies — one round trip for the
    /// envelope instead of three. Every reply is read before anything is decided; a refused envelope whose DATA
    /// was still accepted is closed with an empty message, and the envelope is reset for the next message.
    /// </summary>
    private async Task SendPipelinedAsync(string mailFrom, string to, byte[] message, CancellationToken cancellationToken)
    {
        await WriteLinesAsync([mailFrom, $"RCPT TO:<{to}>", "DATA"], cancellationToken).ConfigureAwait(false);
        var (mailCode, mailLines) = await ReadReplyAsync(cancellationToken).ConfigureAwait(false);
        var (rcptCode, rcptLines) = await ReadReplyAsync(cancellationToken).ConfigureAwait(false);
        var (dataCode, dataLines) = await ReadReplyAsync(cancellationToken).ConfigureAwait(false);
        (int Code, List<string> Lines) refused = mailCode != 250 ? (mailCode, mailLines)
            : rcptCode is not (250 or 251) ? (rcptCode, rcptLines)
            : dataCode != 354 ? (dataCode, dataLines)
            : default;
        if (refused.Code != 0)
        {
            if (dataCode == 354)
            {
                await WriteDataAsync([], cancellationToken).ConfigureAwait(false);
                await ReadReplyAsync(cancellationToken).ConfigureAwait(false);
            }

            if (refused.Code >= 400)
                await CommandAsync("RSET", 250, cancellationToken).ConfigureAwait(false);
            throw Refusal(refused.Code, refused.Lines);
        }

        await WriteDataAsync(message, cancellationToken).ConfigureAwait(false);
        await ExpectAsync(250, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await WriteLineAsync("QUIT", timeout.Token).ConfigureAwait(false);
            await ReadReplyAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or MailDeliveryException or ObjectDisposedException)
        {
            // Closing anyway.
        }

        await _stream.DisposeAsync().ConfigureAwait(false);
        _tcp.Dispose();
        _linked?.Dispose();
        _timeout.Dispose();
    }

    private static async Task<Stream> TlsAsync(Stream inner, string host, CancellationToken cancellationToken)
    {
        var tls = new SslStream(inner, leaveInnerStreamOpen: false);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host }, cancellationToken).ConfigureAwait(false);
        return tls;
    }

    private static string ClientName()
    {
        var name = Dns.GetHostName();
        return name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.') && name.Length > 0 ? name : "[127.0.0.1]";
    }

    private static bool Has(IReadOnlyList<string> extensions, string keyword) =>
        extensions.Any(e => e.Equals(keyword, StringComparison.OrdinalIgnoreCase) || e.StartsWith(keyword + " ", StringComparison.OrdinalIgnoreCase));

    private static bool IsAscii(string value) => value.All(char.IsAscii);

    private async Task<IReadOnlyList<string>> CommandAsync(string command, int expected, CancellationToken cancellationToken, int alsoAccept = 0, bool redact = false)
    {
        await WriteLineAsync(command, cancellationToken).ConfigureAwait(false);
        try
        {
            return await ExpectAsync(expected, cancellationToken, alsoAccept).ConfigureAwait(false);
        }
        catch (MailDeliveryException ex) when (redact)
        {
            throw new MailDeliveryException(ex.Code, $"The SMTP server refused the sign-in ({ex.Code}).");
        }
    }

    private async Task<IReadOnlyList<string>> ExpectAsync(int expected, CancellationToken cancellationToken, int alsoAccept = 0)
    {
        var (code, lines) = await ReadReplyAsync(cancellationToken).ConfigureAwait(false);
        if (code != expected && (alsoAccept == 0 || code != alsoAccept))
            throw Refusal(code, lines);
        return lines;
    }

    private static MailDeliveryException Refusal(int code, List<string> lines) =>
        new(code, $"The SMTP server answered {code}: {string.Join(' ', lines)}");

    private Task WriteLineAsync(string line, CancellationToken cancellationToken) => WriteLinesAsync([line], cancellationToken);

    /// <summary>Command lines in one write: one command, or a pipelined group.</summary>
    private async Task WriteLinesAsync(string[] lines, CancellationToken cancellationToken)
    {
        var length = lines.Sum(l => Encoding.UTF8.GetByteCount(l) + 2);
        if (_output.Length < length)
            _output = new byte[Math.Max(length, _output.Length * 2)];
        var at = 0;
        foreach (var line in lines)
        {
            at += Encoding.UTF8.GetBytes(line, _output.AsSpan(at));
            _output[at++] = (byte)'\r';
            _output[at++] = (byte)'\n';
        }

        await _stream.WriteAsync(_output.AsMemory(0, at), Timeout(cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>The message with dots doubled at line starts (RFC 5321 4.5.2), then the lone dot.</summary>
    private async Task WriteDataAsync(byte[] message, CancellationToken cancellationToken)
    {
        var required = message.Length + (message.Length / 2) + 5;
        if (_output.Length < required)
            _output = new byte[Math.Max(required, _output.Length * 2)];
        var length = 0;
        var rest = message.AsSpan();
        var lineStart = true;
        while (rest.Length > 0)
        {
            if (lineStart && rest[0] == (byte)'.')
                _output[length++] = (byte)'.';
            var newline = rest.IndexOf((byte)'\n');
            var line = newline < 0 ? rest : rest[..(newline + 1)];
            line.CopyTo(_output.AsSpan(length));
            length += line.Length;
            rest = rest[line.Length..];
            lineStart = newline >= 0;
        }

        if (!lineStart)
        {
            _output[length++] = (byte)'\r';
            _output[length++] = (byte)'\n';
        }

        ".\r\n"u8.CopyTo(_output.AsSpan(length));
        length += 3;
        await _stream.WriteAsync(_output.AsMemory(0, length), Timeout(cancellationToken)).ConfigureAwait(false);
    }

    private async Task<(int Code, List<string> Lines)> ReadReplyAsync(CancellationToken cancellationToken)
    {
        var token = Timeout(cancellationToken);
        var lines = new List<string>(1);
        while (true)
        {
            var line = await ReadLineAsync(token).ConfigureAwait(false);
            if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code))
                throw new MailDeliveryException(0, "The SMTP server sent a malformed reply.");
            lines.Add(line.Length > 4 ? line[4..] : string.Empty);
            if (line.Length == 3 || line[3] == ' ')
                return (code, lines);
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = await _stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
                if (_end == 0)
                    throw new MailDeliveryException(0, "The SMTP server closed the connection.");
            }

            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline < 0)
            {
                line.Append(Encoding.UTF8.GetString(_buffer, _start, _end - _start));
                _start = _end;
                if (line.Length > 4096)
                    throw new MailDeliveryException(0, "The SMTP server sent an over-long reply.");
                continue;
            }

            line.Append(Encoding.UTF8.GetString(_buffer, _start, newline - _start));
            _start = newline + 1;
            return line.ToString().TrimEnd('\r');
        }
    }

    /// <summary>
    /// The token for one command: the caller's, ended also after <see cref="CommandTimeout"/>. One timer serves the
    /// whole session, re-armed per command, since a notice sends thousands of commands in a row.
    /// </summary>
    private CancellationToken Timeout(CancellationToken cancellationToken)
    {
        if (_timeout.IsCancellationRequested)
            throw new MailDeliveryException(0, "The SMTP server did not answer in time.");
        _timeout.CancelAfter(CommandTimeout);
        if (!cancellationToken.CanBeCanceled)
            return _timeout.Token;
        _linked?.Dispose();
        _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _timeout.Token);
        return _linked.Token;
    }
}
