using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace AdminConsole.Domain.Model.Dlp;

/// <summary>
/// Finds sensitive content in a prompt or an AI output. Each family of built-in detectors makes one vectorized
/// pass for the characters its matches must start with (a digit, <c>@</c>, a key prefix) and validates only
/// those candidates, so most text is skipped at memory speed. When findings overlap, the more severe, then the
/// more specific one is kept: a JWT is not also reported as something else, a card number not also as a phone.
/// </summary>
/// <remarks>
/// Decisions that keep false positives low: SSNs only in the dashed <c>AAA-GG-SSSS</c> form (nine digits in a
/// row or spaced are far more often something else); North American phones only as <c>(NXX) NXX-XXXX</c>,
/// <c>NXX-NXX-XXXX</c> or <c>NXX.NXX.XXXX</c>; numbers glued to letters or continuing another number
/// (<c>3.14</c>, <c>12/25</c>) are never cards, SSNs or phones; card digits may be grouped by spaces or dashes, not
/// dots; an OpenAI-style key needs a digit and a letter; <c>icon@2x.png</c> and other file names are no address; a
/// PEM BEGIN line counts only with the key material after it (up to its END line, or to where a truncated paste
/// stops). Matches longer than the text passed in cannot be seen: callers that scan in chunks overlap them.
/// </remarks>
public static class DlpScanner
{
    private const int MaxGroups = 8;
    private const int NoCustom = -1;

    private static readonly SearchValues<char> WordChars = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_");
    private static readonly SearchValues<char> UpperAlnum = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    private static readonly SearchValues<char> Alnum = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
    private static readonly SearchValues<char> Base64Url = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-");
    private static readonly SearchValues<char> PemBody = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+/=\r\n");
    private static readonly SearchValues<char> LabelChars = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-");

    private static readonly SearchValues<string> SecretPrefixes = SearchValues.Create(
        ["AKIA", "ASIA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "sk_live_", "sk_test_", "rk_live_", "rk_test_", "sk-", "-----BEGIN ", "eyJ"],
        StringComparison.Ordinal);

    private static readonly string[] PrivateKeyTypes = ["RSA ", "EC ", "DSA ", "OPENSSH ", "ENCRYPTED ", string.Empty];

    /// <summary>File names such as <c>icon@2x.png</c> have the shape of an address.</summary>
    private static readonly string[] FileExtensions = ["png", "jpg", "jpeg", "gif", "svg", "webp", "js", "css", "ts", "json", "md", "txt"];

    private const int NumberDetectors = (1 << (int)BuiltInDetector.PaymentCard) | (1 << (int)BuiltInDetector.UsSsn) | (1 << (int)BuiltInDetector.Iban) | (1 << (int)BuiltInDetector.Phone);
    private const int SecretDetectors = (1 << (int)BuiltInDetector.AwsAccessKey) | (1 << (int)BuiltInDetector.GitHubToken) | (1 << (int)BuiltInDetector.StripeKey)
        | (1 << (int)BuiltInDetector.OpenAiKey) | (1 << (int)BuiltInDetector.PrivateKey) | (1 << (int)BuiltInDetector.Jwt);

    public static IReadOnlyList<DlpFinding> Scan(string text, DlpScanOptions options)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Scan(text.AsSpan(), options);
    }

    /// <summary>
    /// <paramref name="text"/> as it may be kept: each finding replaced by its redacted excerpt (the very text its alert
    /// shows), and the findings positioned in that text.
    /// </summary>
    public static DlpRedactedText Redact(string text, DlpScanOptions options)
    {
        ArgumentNullException.ThrowIfNull(text);
        var findings = Scan(text.AsSpan(), options);
        if (findings.Count == 0)
            return new DlpRedactedText(text, findings);

        var builder = new StringBuilder(text.Length);
        var redacted = new DlpFinding[findings.Count];
        var from = 0;
        for (var i = 0; i < findings.Count; i++)
        {
            var finding = findings[i];
            builder.Append(text, from, finding.Start - from);
            redacted[i] = finding with { Start = builder.Length, Length = finding.Excerpt.Length };
            builder.Append(finding.Excerpt);
            from = finding.End;
        }

        builder.Append(text, from, text.Length - from);
        return new DlpRedactedText(builder.ToString(), redacted);
    }

    /// <summary>Findings in <paramref name="text"/>, ordered by position; <see cref="DlpFinding.Start"/> is an index into it.</summary>
    public static IReadOnlyList<DlpFinding> Scan(ReadOnlySpan<char> text, DlpScanOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var candidates = new List<Candidate>();
        if ((options.EnabledMask & NumberDetectors) != 0)
            ScanNumbers(text, options, candidates);
        if (options.IsEnabled(BuiltInDetector.Email))
            ScanEmails(text, candidates);
        if ((options.EnabledMask & SecretDetectors) != 0)
            ScanSecrets(text, options, candidates);
        for (var i = 0; i < options.CustomPatterns.Count; i++)
            ScanCustom(text, options.CustomPatterns[i], i, candidates);

        if (candidates.Count == 0)
            return [];

        var kept = Resolve(candidates);
        var findings = new DlpFinding[kept.Count];
        for (var i = 0; i < kept.Count; i++)
            findings[i] = ToFinding(text, kept[i], options);
        return findings;
    }

    private static List<Candidate> Resolve(List<Candidate> candidates)
    {
        candidates.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Length.CompareTo(a.Length));
        var kept = new List<Candidate>(candidates.Count);
        foreach (var candidate in candidates)
        {
            var dropped = false;
            while (kept.Count > 0 && kept[^1].End > candidate.Start)
            {
                if (!candidate.IsBetterThan(kept[^1]))
                {
                    dropped = true;
                    break;
                }

                kept.RemoveAt(kept.Count - 1);
            }

            if (!dropped)
                kept.Add(candidate);
        }

        return kept;
    }

    private static DlpFinding ToFinding(ReadOnlySpan<char> text, Candidate candidate, DlpScanOptions options)
    {
        var match = text.Slice(candidate.Start, candidate.Length);
        if (candidate.Custom != NoCustom)
        {
            var pattern = options.CustomPatterns[candidate.Custom];
            return new DlpFinding(pattern.DetectorId, pattern.Severity, candidate.Start, candidate.Length, DlpRedaction.Custom(match));
        }

        var detector = DlpDetectors.All[(int)candidate.Detector];
        var excerpt = candidate.Detector switch
        {
            BuiltInDetector.PaymentCard => DlpRedaction.Card(match),
            BuiltInDetector.UsSsn => DlpRedaction.Ssn(match),
            BuiltInDetector.Iban => DlpRedaction.Iban(match),
            BuiltInDetector.Email => DlpRedaction.Email(match),
            BuiltInDetector.Phone => DlpRedaction.Phone(match),
            BuiltInDetector.AwsAccessKey => DlpRedaction.Prefixed(match[..4], 16),
            BuiltInDetector.GitHubToken => DlpRedaction.Prefixed(match[..(match.StartsWith("github_pat_", StringComparison.Ordinal) ? 11 : 4)], 4),
            BuiltInDetector.StripeKey => DlpRedaction.Prefixed(match[..8], 4),
            BuiltInDetector.OpenAiKey => DlpRedaction.Prefixed(match[..(match.StartsWith("sk-proj-", StringComparison.Ordinal) ? 8 : 3)], 4),
            BuiltInDetector.PrivateKey => DlpRedaction.PrivateKey(match[..(match.IndexOf("KEY-----", StringComparison.Ordinal) + 8)]),
            _ => DlpRedaction.Jwt,
        };
        return new DlpFinding(detector.Id, detector.Severity, candidate.Start, candidate.Length, excerpt);
    }

    private static void ScanNumbers(ReadOnlySpan<char> text, DlpScanOptions options, List<Candidate> found)
    {
        var iban = options.IsEnabled(BuiltInDetector.Iban);
        var pos = 0;
        while (pos < text.Length)
        {
            var offset = text[pos..].IndexOfAnyInRange('0', '9');
            if (offset < 0)
                return;
            var start = pos + offset;
            if (start > 0 && IsWordChar(text[start - 1]))
            {
                // Inside a word; an IBAN is one that starts with its two-letter country code.
                if (iban && start >= 2 && char.IsAsciiLetterUpper(text[start - 1]) && char.IsAsciiLetterUpper(text[start - 2])
                    && (start == 2 || !IsWordChar(text[start - 3])) && TryIban(text, start - 2) is > 0 and var length)
                {
                    found.Add(new Candidate(start - 2, length, BuiltInDetector.Iban));
                    pos = start - 2 + length;
                }
                else
                {
                    pos = WordEnd(text, start);
                }

                continue;
            }

            pos = ScanNumber(text, start, options, found);
        }
    }

    /// <summary>Reads the number that starts at <paramref name="start"/> (digit groups joined by one kind of separator) and returns where it ends.</summary>
    private static int ScanNumber(ReadOnlySpan<char> text, int start, DlpScanOptions options, List<Candidate> found)
    {
        var before = start > 0 ? text[start - 1] : ' ';
        if (before == '(' && options.IsEnabled(BuiltInDetector.Phone) && TryParenthesizedPhone(text, start) is > 0 and var phoneEnd)
        {
            found.Add(new Candidate(start - 1, phoneEnd - start + 1, BuiltInDetector.Phone));
            return phoneEnd;
        }

        // Most numbers in text are short (counts, dates, times, versions, ids): nothing has fewer than eight digits.
        if (ShortNumberEnd(text, start) is > 0 and var shortEnd)
            return shortEnd;

        Span<int> groupStart = stackalloc int[MaxGroups];
        Span<int> groupLength = stackalloc int[MaxGroups];
        var groups = 0;
        var digits = 0;
        var separator = '\0';
        var end = start;
        while (true)
        {
            var run = text[end..].IndexOfAnyExceptInRange('0', '9');
            var runEnd = run < 0 ? text.Length : end + run;
            if (groups < MaxGroups)
            {
                groupStart[groups] = end;
                groupLength[groups] = runEnd - end;
            }

            groups++;
            digits += runEnd - end;
            end = runEnd;
            if (end + 1 < text.Length && text[end] is ' ' or '-' or '.' && char.IsAsciiDigit(text[end + 1]) && (separator == '\0' || text[end] == separator))
            {
                separator = text[end];
                end++;
                continue;
            }

            break;
        }

        if (end < text.Length)
        {
            var after = text[end];
            if (IsWordChar(after))
                return WordEnd(text, end);
            if (after is '.' or ',' or '-' or ':' or '/' && end + 1 < text.Length && char.IsAsciiDigit(text[end + 1]))
                return end;
        }

        if (before is '.' or ',' or '-' or ':' or '/' && start >= 2 && char.IsAsciiDigit(text[start - 2]))
            return end;
        if (groups == 1 && digits < 8)
            return end;
        if (groups > MaxGroups)
            return end;

        if (before == '+')
        {
            if (options.IsEnabled(BuiltInDetector.Phone) && digits is >= 8 and <= 15 && text[start] != '0' && (start == 1 || !IsWordChar(text[start - 2])))
                found.Add(new Candidate(start - 1, end - start + 1, BuiltInDetector.Phone));
            return end;
        }

        var lengths = groupLength[..groups];
        if (groups == 3 && separator == '-' && lengths[0] == 3 && lengths[1] == 2 && lengths[2] == 4)
        {
            if (options.IsEnabled(BuiltInDetector.UsSsn)
                && DlpChecks.ValidSsn(Number(text, groupStart[0], 3), Number(text, groupStart[1], 2), Number(text, groupStart[2], 4)))
            {
                found.Add(new Candidate(start, end - start, BuiltInDetector.UsSsn));
            }

            return end;
        }

        if (separator is '-' or '.')
        {
            var first = groups == 4 && lengths[0] == 1 && text[start] == '1' ? 1 : 0;
            if (groups - first == 3 && lengths[first] == 3 && lengths[first + 1] == 3 && lengths[first + 2] == 4)
            {
                if (options.IsEnabled(BuiltInDetector.Phone) && text[groupStart[first]] >= '2' && text[groupStart[first + 1]] >= '2')
                    found.Add(new Candidate(start, end - start, BuiltInDetector.Phone));
                return end;
            }
        }

        if (separator != '.' && digits >= 13 && options.IsEnabled(BuiltInDetector.PaymentCard))
            FindCards(text, groupStart[..groups], lengths, found);
        return end;
    }

    /// <summary>The end of the number at <paramref name="start"/> if it has fewer than eight digits in all, or 0.</summary>
    private static int ShortNumberEnd(ReadOnlySpan<char> text, int start)
    {
        var digits = 0;
        var separator = '\0';
        var i = start;
        while (true)
        {
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
                digits++;
            }

            if (digits >= 8)
                return 0;
            if (i + 1 < text.Length && text[i] is ' ' or '-' or '.' && char.IsAsciiDigit(text[i + 1]) && (separator == '\0' || text[i] == separator))
            {
                separator = text[i];
                i++;
                continue;
            }

            return i < text.Length && IsWordChar(text[i]) ? WordEnd(text, i) : i;
        }
    }

    /// <summary>Card numbers among the groups of one number: the longest run of groups laid out as cards print them that passes the checks.</summary>
    private static void FindCards(ReadOnlySpan<char> text, ReadOnlySpan<int> groupStart, ReadOnlySpan<int> groupLength, List<Candidate> found)
    {
        Span<byte> digits = stackalloc byte[19];
        for (var first = 0; first < groupStart.Length; first++)
        {
            for (var last = Math.Min(groupStart.Length - 1, first + 4); last >= first; last--)
            {
                var count = 0;
                for (var g = first; g <= last; g++)
                    count += groupLength[g];
                if (count is < 13 or > 19 || !IsCardLayout(groupLength[first..(last + 1)]))
                    continue;

                var n = 0;
                for (var g = first; g <= last; g++)
                {
                    for (var k = 0; k < groupLength[g]; k++)
                        digits[n++] = (byte)(text[groupStart[g] + k] - '0');
                }

                var number = digits[..n];
                if (!DlpChecks.KnownCardPrefix(number) || DlpChecks.AllSame(number) || !DlpChecks.Luhn(number))
                    continue;

                found.Add(new Candidate(groupStart[first], groupStart[last] + groupLength[last] - groupStart[first], BuiltInDetector.PaymentCard));
                first = last;
                break;
            }
        }
    }

    /// <summary>One run of digits, groups of four (the last may be shorter), or the 4-6-5 and 4-6-4 of Amex and Diners.</summary>
    private static bool IsCardLayout(ReadOnlySpan<int> lengths)
    {
        if (lengths.Length == 1)
            return true;
        if (lengths.Length == 3 && lengths[0] == 4 && lengths[1] == 6 && lengths[2] is 4 or 5)
            return true;
        for (var i = 0; i < lengths.Length - 1; i++)
        {
            if (lengths[i] != 4)
                return false;
        }

        return lengths[^1] is >= 1 and <= 4;
    }

    /// <summary><c>(NXX) NXX-XXXX</c> with the digits starting at <paramref name="start"/>, just after the parenthesis; returns its end or 0.</summary>
    private static int TryParenthesizedPhone(ReadOnlySpan<char> text, int start)
    {
        if (start >= 2 && IsWordChar(text[start - 2]))
            return 0;
        var i = start;
        if (!Digits(text, i, 3) || i + 3 >= text.Length || text[i + 3] != ')' || text[i] < '2')
            return 0;
        i += 4;
        if (i < text.Length && text[i] == ' ')
            i++;
        if (!Digits(text, i, 3) || text[i] < '2' || i + 3 >= text.Length || text[i + 3] is not ('-' or '.') || !Digits(text, i + 4, 4))
            return 0;
        var end = i + 8;
        if (end < text.Length && (IsWordChar(text[end]) || (text[end] is '-' or '.' && end + 1 < text.Length && char.IsAsciiDigit(text[end + 1]))))
            return 0;
        return end;
    }

    /// <summary>An IBAN at <paramref name="start"/>, compact or in groups of four: its length in the text, or 0.</summary>
    private static int TryIban(ReadOnlySpan<char> text, int start)
    {
        var length = DlpChecks.IbanLength(text[start], text[start + 1]);
        if (length == 0 || start + length > text.Length || !char.IsAsciiDigit(text[start + 3]))
            return 0;
        Span<char> compact = stackalloc char[length];
        var count = 0;
        var spaced = false;
        var i = start;
        while (count < length)
        {
            if (i >= text.Length)
                return 0;
            var c = text[i];
            if (count > 0 && count % 4 == 0 && (spaced || count == 4) && c == ' ' && i + 1 < text.Length && IsUpperAlnum(text[i + 1]) && (i == 0 || text[i - 1] != ' '))
            {
                spaced = true;
                i++;
                continue;
            }

            if (!IsUpperAlnum(c) || (spaced && count % 4 == 0 && text[i - 1] != ' '))
                return 0;
            compact[count++] = c;
            i++;
        }

        if (i < text.Length && IsWordChar(text[i]))
            return 0;
        return DlpChecks.IbanChecksum(compact) ? i - start : 0;
    }

    private static void ScanEmails(ReadOnlySpan<char> text, List<Candidate> found)
    {
        var pos = 0;
        while (pos < text.Length)
        {
            var offset = text[pos..].IndexOf('@');
            if (offset < 0)
                return;
            var at = pos + offset;
            var end = TryEmail(text, at, out var start);
            if (end > 0)
            {
                found.Add(new Candidate(start, end - start, BuiltInDetector.Email));
                pos = end;
            }
            else
            {
                pos = at + 1;
            }
        }
    }

    /// <summary>An address around the <c>@</c> at <paramref name="at"/> (dot-atom local part, dotted domain with a letters-only TLD): its end, or 0.</summary>
    private static int TryEmail(ReadOnlySpan<char> text, int at, out int start)
    {
        start = at;
        while (start > 0 && at - start < 64 && IsLocalChar(text[start - 1]))
            start--;
        if (start > 0 && IsLocalChar(text[start - 1]))
            return 0;
        while (start < at && text[start] == '.')
            start++;
        if (start == at || text[at - 1] == '.' || text[start..at].Contains("..", StringComparison.Ordinal))
            return 0;

        var i = at + 1;
        var labels = 0;
        var tldStart = 0;
        while (true)
        {
            var labelStart = i;
            var run = text[i..].IndexOfAnyExcept(LabelChars);
            i = run < 0 ? text.Length : i + run;
            if (i == labelStart || text[labelStart] == '-' || text[i - 1] == '-' || i - labelStart > 63)
                return 0;
            labels++;
            tldStart = labelStart;
            if (i + 1 < text.Length && text[i] == '.' && LabelChars.Contains(text[i + 1]))
            {
                i++;
                continue;
            }

            break;
        }

        var tld = text[tldStart..i];
        if (labels < 2 || tld.Length < 2 || !IsLetters(tld) || i - at > 254)
            return 0;
        foreach (var extension in FileExtensions)
        {
            if (tld.Equals(extension, StringComparison.OrdinalIgnoreCase))
                return 0;
        }

        return i;
    }

    private static void ScanSecrets(ReadOnlySpan<char> text, DlpScanOptions options, List<Candidate> found)
    {
        var pos = 0;
        while (pos < text.Length)
        {
            var offset = text[pos..].IndexOfAny(SecretPrefixes);
            if (offset < 0)
                return;
            var at = pos + offset;
            var (detector, length) = TrySecret(text, at);
            if (length > 0 && options.IsEnabled(detector))
            {
                found.Add(new Candidate(at, length, detector));
                pos = at + length;
            }
            else
            {
                pos = at + 1;
            }
        }
    }

    private static (BuiltInDetector Detector, int Length) TrySecret(ReadOnlySpan<char> text, int at)
    {
        var rest = text[at..];
        var before = at > 0 ? text[at - 1] : ' ';
        if (rest[0] == '-')
            return (BuiltInDetector.PrivateKey, PrivateKeyLength(rest));
        if (IsAlnum(before) || before == '_')
            return default;
        switch (rest[0])
        {
            case 'A':
                return (BuiltInDetector.AwsAccessKey, rest.Length >= 20 && Run(rest[4..], UpperAlnum) == 16 && (rest.Length == 20 || !IsAlnum(rest[20])) ? 20 : 0);
            case 'g' when rest.StartsWith("github_pat_", StringComparison.Ordinal):
                {
                    var body = Run(rest[11..], WordChars);
                    return (BuiltInDetector.GitHubToken, body >= 22 ? 11 + body : 0);
                }

            case 'g':
                return (BuiltInDetector.GitHubToken, Run(rest[4..], Alnum) == 36 && (rest.Length == 40 || rest[40] != '_') ? 40 : 0);
            case 's' or 'r' when rest[2] == '_':
                {
                    var body = Run(rest[8..], Alnum);
                    return (BuiltInDetector.StripeKey, body >= 24 && (rest.Length == 8 + body || rest[8 + body] != '_') ? 8 + body : 0);
                }

            case 's':
                {
                    if (before == '-')
                        return default;
                    var prefix = rest.StartsWith("sk-proj-", StringComparison.Ordinal) ? 8 : 3;
                    var body = rest[prefix..][..Run(rest[prefix..], Base64Url)];
                    var isKey = body.Length >= 20 && body.ContainsAnyInRange('0', '9') && body.ContainsAnyExceptInRange('0', '9');
                    return (BuiltInDetector.OpenAiKey, isKey ? prefix + body.Length : 0);
                }

            case 'e':
                if (before == '-')
                    return default;
                return (BuiltInDetector.Jwt, JwtLength(rest));
            default:
                return default;
        }
    }

    private static int PrivateKeyLength(ReadOnlySpan<char> rest)
    {
        var header = "-----BEGIN ".Length;
        foreach (var type in PrivateKeyTypes)
        {
            var tail = rest[header..];
            if (!tail.StartsWith(type, StringComparison.Ordinal) || !tail[type.Length..].StartsWith("PRIVATE KEY-----", StringComparison.Ordinal))
                continue;
            var headerEnd = header + type.Length + "PRIVATE KEY-----".Length;
            var window = rest[headerEnd..Math.Min(rest.Length, headerEnd + 65_536)];
            var endMarker = window.IndexOf("-----END ", StringComparison.Ordinal);
            var footer = endMarker < 0 ? -1 : window[endMarker..].IndexOf("PRIVATE KEY-----", StringComparison.Ordinal);
            if (footer >= 0)
                return headerEnd + endMarker + footer + "PRIVATE KEY-----".Length;

            // A truncated paste still leaks key material; a BEGIN line alone is no secret.
            var body = Run(window, PemBody);
            return body >= 16 ? headerEnd + body : 0;
        }

        return 0;
    }

    private static int JwtLength(ReadOnlySpan<char> rest)
    {
        var header = Run(rest, Base64Url);
        if (header >= rest.Length || rest[header] != '.')
            return 0;
        var payload = Run(rest[(header + 1)..], Base64Url);
        var signatureStart = header + 1 + payload + 1;
        if (payload == 0 || signatureStart > rest.Length || rest[signatureStart - 1] != '.')
            return 0;
        var signature = Run(rest[signatureStart..], Base64Url);
        if (signature == 0 || !DlpChecks.IsJwtHeader(rest[..header]))
            return 0;
        return signatureStart + signature;
    }

    private static void ScanCustom(ReadOnlySpan<char> text, DlpCustomPattern pattern, int index, List<Candidate> found)
    {
        try
        {
            foreach (var match in pattern.Regex.EnumerateMatches(text))
            {
                if (match.Length > 0)
                    found.Add(new Candidate(match.Index, match.Length, default, pattern.Severity, index));
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // Only a pattern on the backtracking fallback can time out; its findings so far stand, the rest of this text is not searched by it.
        }
    }

    private static int Run(ReadOnlySpan<char> text, SearchValues<char> set)
    {
        var run = text.IndexOfAnyExcept(set);
        return run < 0 ? text.Length : run;
    }

    private static int WordEnd(ReadOnlySpan<char> text, int from) => from + Run(text[from..], WordChars);

    private static bool Digits(ReadOnlySpan<char> text, int start, int count) =>
        start + count <= text.Length && !text.Slice(start, count).ContainsAnyExceptInRange('0', '9');

    private static int Number(ReadOnlySpan<char> text, int start, int count)
    {
        var value = 0;
        for (var i = start; i < start + count; i++)
            value = (value * 10) + (text[i] - '0');
        return value;
    }

    private static bool IsLetters(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetter(c))
                return false;
        }

        return true;
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static bool IsAlnum(char c) => char.IsAsciiLetterOrDigit(c);

    private static bool IsUpperAlnum(char c) => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c);

    private static bool IsLocalChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-';

    /// <summary>A match before overlaps are resolved; <see cref="Custom"/> is the index of a custom pattern, or -1 for a built-in.</summary>
    private readonly record struct Candidate(int Start, int Length, BuiltInDetector Detector, DlpSeverity Severity, int Custom)
    {
        public Candidate(int start, int length, BuiltInDetector detector)
            : this(start, length, detector, DlpDetectors.All[(int)detector].Severity, NoCustom)
        {
        }

        public int End => Start + Length;

        /// <summary>Secrets first, then the detectors whose checks leave the fewest false positives; custom patterns last.</summary>
        private int Specificity => Custom != NoCustom ? 0 : Detector switch
        {
            BuiltInDetector.PrivateKey => 11,
            BuiltInDetector.Jwt => 10,
            BuiltInDetector.AwsAccessKey => 9,
            BuiltInDetector.GitHubToken => 8,
            BuiltInDetector.StripeKey => 7,
            BuiltInDetector.OpenAiKey => 6,
            BuiltInDetector.PaymentCard => 5,
            BuiltInDetector.Iban => 4,
            BuiltInDetector.UsSsn => 3,
            BuiltInDetector.Phone => 2,
            _ => 1,
        };

        public bool IsBetterThan(Candidate other)
        {
            if (Severity != other.Severity)
                return Severity > other.Severity;
            if (Specificity != other.Specificity)
                return Specificity > other.Specificity;
            return Length > other.Length;
        }
    }
}
