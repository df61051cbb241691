using System.Buffers.Binary;
using System.Collections;
using System.Text;

namespace AdminConsole.Jobs.Reports.Pdf;

/// <summary>
/// The Unicode characters a TrueType font has glyphs for, read from its <c>cmap</c> table, so that text from the
/// database can be drawn with a replacement character where the font would otherwise draw an empty box.
/// </summary>
public sealed class GlyphCoverage
{
    private const int CodePoints = 0x110000;

    private readonly BitArray _covered;

    private GlyphCoverage(BitArray covered) => _covered = covered;

    /// <summary>Whether the font draws <paramref name="codePoint"/>.</summary>
    public bool Covers(int codePoint) => codePoint is >= 0 and < CodePoints && _covered[codePoint];

    /// <summary>Reads the coverage of a TrueType/OpenType font file; a font whose cmap cannot be read covers printable ASCII only.</summary>
    public static GlyphCoverage FromTrueType(ReadOnlySpan<byte> font)
    {
        var covered = new BitArray(CodePoints);
        if (!TryReadCmap(font, covered))
        {
            for (var c = 0x20; c < 0x7F; c++)
            {
                covered[c] = true;
            }
        }

        return new GlyphCoverage(covered);
    }

    /// <summary>The characters both fonts draw.</summary>
    public static GlyphCoverage Intersect(GlyphCoverage a, GlyphCoverage b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return new GlyphCoverage(new BitArray(a._covered).And(b._covered));
    }

    /// <summary>
    /// The text as the font can draw it: control characters become spaces, characters without a glyph become
    /// <paramref name="replacement"/> (or '?' when the font lacks that too).
    /// </summary>
    public string Sanitize(string? text, char replacement = '\uFFFD')
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var clean = true;
        foreach (var c in text)
        {
            if (c < 0x20 || c >= 0xD800 || !_covered[c])
            {
                clean = false;
                break;
            }
        }

        if (clean)
        {
            return text;
        }

        var substitute = Covers(replacement) ? replacement : '?';
        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsControl(rune) || rune.Value is 0x2028 or 0x2029)
            {
                builder.Append(' ');
            }
            else if (Covers(rune.Value) && rune.IsBmp)
            {
                builder.Append((char)rune.Value);
            }
            else
            {
                builder.Append(substitute);
            }
        }

        return builder.ToString();
    }

    private static bool TryReadCmap(ReadOnlySpan<byte> font, BitArray covered)
    {
        try
        {
            var tables = BinaryPrimitives.ReadUInt16BigEndian(font[4..]);
            var cmap = -1;
            for (var i = 0; i < tables; i++)
            {
                var record = font.Slice(12 + (16 * i), 16);
                if (record[..4].SequenceEqual("cmap"u8))
                {
                    cmap = (int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]);
                    break;
                }
            }

            if (cmap < 0)
            {
                return false;
            }

            // Prefer the full-repertoire subtable (Windows UCS-4, format 12), then the BMP one (Windows Unicode BMP, format 4).
            var subtables = BinaryPrimitives.ReadUInt16BigEndian(font[(cmap + 2)..]);
            int bmp = -1, full = -1;
            for (var i = 0; i < subtables; i++)
            {
                var entry = font.Slice(cmap + 4 + (8 * i), 8);
                var platform = BinaryPrimitives.ReadUInt16BigEndian(entry);
                var encoding = BinaryPrimitives.ReadUInt16BigEndian(entry[2..]);
                var offset = cmap + (int)BinaryPrimitives.ReadUInt32BigEndian(entry[4..]);
                var format = BinaryPrimitives.ReadUInt16BigEndian(font[offset..]);
                if (format == 12 && (platform == 0 || (platform == 3 && encoding == 10)))
                {
                    full = offset;
                }
                else if (format == 4 && (platform == 0 || (platform == 3 && encoding == 1)))
                {
                    bmp = offset;
                }
            }

            if (full >= 0)
            {
                ReadFormat12(font[full..], covered);
                return true;
            }

            if (bmp >= 0)
            {
                ReadFormat4(font[bmp..], covered);
                return true;
            }

            return false;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private static void ReadFormat4(ReadOnlySpan<byte> table, BitArray covered)
    {
        var segments = BinaryPrimitives.ReadUInt16BigEndian(table[6..]) / 2;
        var ends = 14;
        var starts = ends + (2 * segments) + 2;
        var deltas = starts + (2 * segments);
        var rangeOffsets = deltas + (2 * segments);
        for (var s = 0; s < segments; s++)
        {
            int end = BinaryPrimitives.ReadUInt16BigEndian(table[(ends + (2 * s))..]);
            int start = BinaryPrimitives.ReadUInt16BigEndian(table[(starts + (2 * s))..]);
            int delta = BinaryPrimitives.ReadInt16BigEndian(table[(deltas + (2 * s))..]);
            var rangeOffsetAt = rangeOffsets + (2 * s);
            int rangeOffset = BinaryPrimitives.ReadUInt16BigEndian(table[rangeOffsetAt..]);
            for (var c = start; c <= end && c != 0xFFFF; c++)
            {
                int glyph;
                if (rangeOffset == 0)
                {
                    glyph = (c + delta) & 0xFFFF;
                }
                else
                {
                    glyph = BinaryPrimitives.ReadUInt16BigEndian(table[(rangeOffsetAt + rangeOffset + (2 * (c - start)))..]);
                    if (glyph != 0)
                    {
                        glyph = (glyph + delta) & 0xFFFF;
                    }
                }

                if (glyph != 0)
                {
                    covered[c] = true;
                }
            }
        }
    }

    private static void ReadFormat12(ReadOnlySpan<byte> table, BitArray covered)
    {
        var groups = BinaryPrimitives.ReadUInt32BigEndian(table[12..]);
        for (var g = 0; g < groups; g++)
        {
            var group = table.Slice(16 + (12 * g), 12);
            var start = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(group), CodePoints - 1);
            var end = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(group[4..]), CodePoints - 1);
            var firstGlyph = BinaryPrimitives.ReadUInt32BigEndian(group[8..]);
            for (var c = start; c <= end; c++)
            {
                if (firstGlyph + (uint)(c - start) != 0)
                {
                    covered[c] = true;
                }
            }
        }
    }
}
