using System.Buffers.Text;
using System.Collections.Frozen;
using System.Text.Json;

namespace AdminConsole.Domain.Model.Dlp;

/// <summary>The validations that turn a shape into a finding: Luhn, IBAN mod 97, SSN ranges, a JWT header.</summary>
internal static class DlpChecks
{
    /// <summary>IBAN lengths per country (SWIFT IBAN registry): the SEPA countries and the other common ones.</summary>
    private static readonly FrozenDictionary<int, int> IbanLengths = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["AD"] = 24, ["AE"] = 23, ["AL"] = 28, ["AT"] = 20, ["AZ"] = 28, ["BA"] = 20, ["BE"] = 16, ["BG"] = 22,
        ["BH"] = 22, ["BR"] = 29, ["CH"] = 21, ["CR"] = 22, ["CY"] = 28, ["CZ"] = 24, ["DE"] = 22, ["DK"] = 18,
        ["DO"] = 28, ["EE"] = 20, ["EG"] = 29, ["ES"] = 24, ["FI"] = 18, ["FO"] = 18, ["FR"] = 27, ["GB"] = 22,
        ["GE"] = 22, ["GI"] = 23, ["GL"] = 18, ["GR"] = 27, ["GT"] = 28, ["HR"] = 21, ["HU"] = 28, ["IE"] = 22,
        ["IL"] = 23, ["IS"] = 26, ["IT"] = 27, ["JO"] = 30, ["KW"] = 30, ["KZ"] = 20, ["LB"] = 28, ["LI"] = 21,
        ["LT"] = 20, ["LU"] = 20, ["LV"] = 21, ["MC"] = 27, ["MD"] = 24, ["ME"] = 22, ["MK"] = 19, ["MR"] = 27,
        ["MT"] = 31, ["MU"] = 30, ["NL"] = 18, ["NO"] = 15, ["PK"] = 24, ["PL"] = 28, ["PS"] = 29, ["PT"] = 25,
        ["QA"] = 29, ["RO"] = 24, ["RS"] = 22, ["SA"] = 24, ["SE"] = 24, ["SI"] = 19, ["SK"] = 24, ["SM"] = 27,
        ["TN"] = 24, ["TR"] = 26, ["UA"] = 29, ["VA"] = 22, ["VG"] = 24, ["XK"] = 20,
    }.ToFrozenDictionary(p => CountryKey(p.Key[0], p.Key[1]), p => p.Value);

    /// <summary>Numbers printed in advertisements and on sample cards, long since public; never a real person's.</summary>
    private static readonly FrozenSet<int> AdvertisingSsns = new[] { 078051120, 219099999, 457555462 }.ToFrozenSet();

    public static int CountryKey(char first, char second) => (first << 8) | second;

    /// <summary>The total length of an IBAN of the country, or 0 for a code that is not in the table.</summary>
    public static int IbanLength(char first, char second) => IbanLengths.GetValueOrDefault(CountryKey(first, second));

    public static bool Luhn(ReadOnlySpan<byte> digits)
    {
        var sum = 0;
        var doubled = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i];
            if (doubled)
            {
                d *= 2;
                if (d > 9)
                    d -= 9;
            }

            sum += d;
            doubled = !doubled;
        }

        return sum % 10 == 0;
    }

    public static bool AllSame(ReadOnlySpan<byte> digits) => digits.IndexOfAnyExcept(digits[0]) < 0;

    /// <summary>Visa, Mastercard (51–55, 2221–2720), Amex, Diners, JCB, Discover, UnionPay and Maestro prefixes.</summary>
    public static bool KnownCardPrefix(ReadOnlySpan<byte> digits)
    {
        var two = (digits[0] * 10) + digits[1];
        var four = (two * 100) + (digits[2] * 10) + digits[3];
        return digits[0] == 4
            || two is >= 51 and <= 55 or 34 or 37 or 36 or 38 or 39 or 65 or 62 or 50 or >= 56 and <= 69
            || four is >= 2221 and <= 2720 or >= 3000 and <= 3059 or >= 3528 and <= 3589 or 6011;
    }

    /// <summary>The SSA never issues area 000, 666 or 900–999, group 00 or serial 0000.</summary>
    public static bool ValidSsn(int area, int group, int serial) =>
        area is > 0 and not 666 and < 900
        && group > 0
        && serial > 0
        && !AdvertisingSsns.Contains((area * 1_000_000) + (group * 10_000) + serial);

    /// <summary>ISO 7064 mod 97-10 over the IBAN's characters (no spaces): the country and check digits move to the end, letters count 10–35.</summary>
    public static bool IbanChecksum(ReadOnlySpan<char> iban)
    {
        var remainder = 0;
        for (var i = 0; i < iban.Length; i++)
        {
            var c = iban[(i + 4) % iban.Length];
            if (char.IsAsciiDigit(c))
            {
                remainder = ((remainder * 10) + (c - '0')) % 97;
            }
            else
            {
                remainder = ((remainder * 100) + (c - 'A' + 10)) % 97;
            }
        }

        return remainder == 1;
    }

    /// <summary>Whether a base64url segment decodes to a JSON object with an <c>alg</c> member, as a JWT (JWS/JWE) header does.</summary>
    public static bool IsJwtHeader(ReadOnlySpan<char> segment)
    {
        if (segment.Length > 4_096)
            return false;
        Span<byte> bytes = stackalloc byte[Base64Url.GetMaxDecodedLength(segment.Length)];
        if (Base64Url.DecodeFromChars(segment, bytes, out _, out var written) != System.Buffers.OperationStatus.Done)
            return false;
        try
        {
            var reader = new Utf8JsonReader(bytes[..written]);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return false;
            var found = false;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("alg"u8))
                {
                    reader.Read();
                    found = reader.TokenType == JsonTokenType.String;
                    continue;
                }

                reader.Read();
                reader.TrySkip();
            }

            return found && reader.TokenType == JsonTokenType.EndObject;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
