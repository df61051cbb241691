using System.Text;

namespace AdminConsole.Domain.Model.Dlp;

/// <summary>
/// Excerpts that say what was found without repeating it: only the parts that identify nothing on their own (a
/// card's first and last four digits, as receipts print them) or that are public by design (a key's prefix).
/// </summary>
internal static class DlpRedaction
{
    public const string Redacted = "[redacted]";

    public static string Card(ReadOnlySpan<char> match)
    {
        Span<char> digits = stackalloc char[match.Length];
        var count = 0;
        foreach (var c in match)
        {
            if (char.IsAsciiDigit(c))
                digits[count++] = c;
        }

        var builder = new StringBuilder(32);
        builder.Append(digits[..4]);
        var middle = count - 8;
        for (var i = 0; i < middle; i++)
        {
            if (i % 4 == 0)
                builder.Append(' ');
            builder.Append('*');
        }

        return builder.Append(' ').Append(digits[(count - 4)..count]).ToString();
    }

    public static string Ssn(ReadOnlySpan<char> match) => string.Concat("***-**-", match[^4..]);

    public static string Iban(ReadOnlySpan<char> match)
    {
        Span<char> compact = stackalloc char[match.Length];
        var count = 0;
        foreach (var c in match)
        {
            if (c != ' ')
                compact[count++] = c;
        }

        var builder = new StringBuilder(48);
        builder.Append(compact[..4]);
        var middle = count - 8;
        for (var i = 0; i < middle; i++)
        {
            if (i % 4 == 0)
                builder.Append(' ');
            builder.Append('*');
        }

        return builder.Append(' ').Append(compact[(count - 4)..count]).ToString();
    }

    public static string Email(ReadOnlySpan<char> match)
    {
        var at = match.IndexOf('@');
        return string.Concat(match[..1], "***", match[at..]);
    }

    /// <summary>Every digit but the last four (two for short numbers) becomes <c>*</c>; the layout stays.</summary>
    public static string Phone(ReadOnlySpan<char> match)
    {
        var digits = 0;
        foreach (var c in match)
        {
            if (char.IsAsciiDigit(c))
                digits++;
        }

        var keep = digits >= 10 ? 4 : 2;
        Span<char> result = stackalloc char[match.Length];
        var seen = 0;
        for (var i = 0; i < match.Length; i++)
        {
            var c = match[i];
            if (char.IsAsciiDigit(c))
            {
                result[i] = seen < digits - keep ? '*' : c;
                seen++;
            }
            else
            {
                result[i] = c;
            }
        }

        return result.ToString();
    }

    /// <summary>A key's public prefix and a star per hidden character (AWS ids have a fixed length) or four stars.</summary>
    public static string Prefixed(ReadOnlySpan<char> prefix, int hidden) =>
        string.Concat(prefix, new string('*', hidden));

    public static string PrivateKey(ReadOnlySpan<char> header) => string.Concat(header, " ", Redacted);

    public const string Jwt = "eyJ…" + Redacted;

    /// <summary>A custom match keeps its first two characters, unless it is so short that they would be most of it.</summary>
    public static string Custom(ReadOnlySpan<char> match) =>
        match.Length > 4 ? string.Concat(match[..2], "****") : "****";
}
