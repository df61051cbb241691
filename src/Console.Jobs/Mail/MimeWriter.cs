using System.Globalization;
using System.Net.Mail;
using System.Text;

namespace AdminConsole.Jobs.Mail;

/// <summary>
/// Writes an <see cref="OutgoingMail"/> as an RFC 5322 message: ASCII headers (RFC 2047 encoded words for
/// anything else), a UTF-8 text body in quoted-printable, CRLF line ends and no line longer than 78 characters.
/// </summary>
public static class MimeWriter
{
    private const int MaxLine = 76;

    public static byte[] Write(OutgoingMail mail, MailAddress from, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(from);
        var text = new StringBuilder(mail.Body.Length + 1024);
        Header(text, "From", Address(from));
        Header(text, "To", Address(mail.To));
        Header(text, "Subject", Encode(mail.Subject));
        Header(text, "Date", date.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture) + date.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", string.Empty, StringComparison.Ordinal));
        Header(text, "Message-ID", $"<{mail.MessageId ?? $"{Guid.NewGuid():N}@{from.Host}"}>");
        foreach (var (name, value) in mail.Headers)
            Header(text, name, value);
        Header(text, "MIME-Version", "1.0");
        Header(text, "Content-Type", "text/plain; charset=utf-8");
        Header(text, "Content-Transfer-Encoding", "quoted-printable");
        text.Append("\r\n");
        QuotedPrintable(text, mail.Body);
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary>A header, folded at spaces so that no line passes 78 characters where that is possible.</summary>
    private static void Header(StringBuilder text, string name, string value)
    {
        var line = new StringBuilder(name).Append(": ");
        var lineLength = line.Length;
        var words = value.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            if (i > 0)
            {
                if (lineLength + 1 + words[i].Length > 78)
                {
                    line.Append("\r\n ");
                    lineLength = 1;
                }
                else
                {
                    line.Append(' ');
                    lineLength++;
                }
            }

            line.Append(words[i]);
            lineLength += words[i].Length;
        }

        text.Append(line).Append("\r\n");
    }

    private static string Address(MailAddress address)
    {
        if (string.IsNullOrEmpty(address.DisplayName))
            return $"<{address.Address}>";
        var name = IsAscii(address.DisplayName)
            ? "\"" + address.DisplayName.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""
            : Encode(address.DisplayName);
        return $"{name} <{address.Address}>";
    }

    /// <summary>Plain ASCII as is; anything else as UTF-8 base64 encoded words of at most 75 characters each.</summary>
    internal static string Encode(string value)
    {
        if (IsAscii(value))
            return value;
        var words = new List<string>();
        var chunk = new StringBuilder();
        foreach (var rune in value.EnumerateRunes())
        {
            var next = chunk.ToString() + rune;

            // "=?utf-8?B?" + base64 + "?=" of at most 42 bytes is 68 characters: with "Subject: " a line stays within 78.
            if (Encoding.UTF8.GetByteCount(next) > 42)
            {
                words.Add(Word(chunk.ToString()));
                chunk.Clear();
            }

            chunk.Append(rune.ToString());
        }

        if (chunk.Length > 0)
            words.Add(Word(chunk.ToString()));
        return string.Join(' ', words);

        static string Word(string s) => "=?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(s)) + "?=";
    }

    private static bool IsAscii(string value) => value.All(c => c is >= ' ' and < (char)127);

    /// <summary>RFC 2045 quoted-printable of the UTF-8 text, line breaks kept as CRLF, a leading dot encoded.</summary>
    private static void QuotedPrintable(StringBuilder text, string body)
    {
        var lines = body.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        foreach (var line in lines)
        {
            var bytes = Encoding.UTF8.GetBytes(line);
            var length = 0;
            for (var i = 0; i < bytes.Length; i++)
            {
                var b = bytes[i];
                var last = i == bytes.Length - 1;
                var literal = b is >= 33 and <= 126 and not (byte)'=' && !(b == (byte)'.' && length == 0) || (b is (byte)' ' or (byte)'\t' && !last);
                var piece = literal ? ((char)b).ToString() : "=" + b.ToString("X2", CultureInfo.InvariantCulture);
                if (length + piece.Length > MaxLine - 1)
                {
                    text.Append("=\r\n");
                    length = 0;
                    if (b == (byte)'.')
                        piece = "=2E";
                }

                text.Append(piece);
                length += piece.Length;
            }

            text.Append("\r\n");
        }
    }
}
