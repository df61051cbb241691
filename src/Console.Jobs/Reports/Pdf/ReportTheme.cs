using AdminConsole.Domain.Reports;
using PdfSharp.Drawing;

namespace AdminConsole.Jobs.Reports.Pdf;

/// <summary>
/// The report's typography and colours: one sans family, dark tones that stay readable in black-and-white print,
/// and a muted chart palette whose neighbours differ in lightness as well as hue.
/// </summary>
internal sealed class ReportTheme
{
    public static readonly XColor Ink = XColor.FromArgb(0x1F, 0x29, 0x37);
    public static readonly XColor Muted = XColor.FromArgb(0x5B, 0x64, 0x70);
    public static readonly XColor Accent = XColor.FromArgb(0x1E, 0x3A, 0x5F);
    public static readonly XColor Rule = XColor.FromArgb(0xC8, 0xCF, 0xD8);
    public static readonly XColor HeaderFill = XColor.FromArgb(0xE6, 0xEA, 0xF0);
    public static readonly XColor ZebraFill = XColor.FromArgb(0xF5, 0xF7, 0xF9);
    public static readonly XColor TileFill = XColor.FromArgb(0xF7, 0xF9, 0xFB);
    public static readonly XColor Grid = XColor.FromArgb(0xE3, 0xE7, 0xEC);

    public static readonly XColor[] Palette =
    [
        XColor.FromArgb(0x3A, 0x6E, 0xA5),
        XColor.FromArgb(0xD0, 0x8C, 0x3A),
        XColor.FromArgb(0x5B, 0x9A, 0x6E),
        XColor.FromArgb(0xA8, 0x4F, 0x4F),
        XColor.FromArgb(0x7A, 0x6A, 0xA6),
        XColor.FromArgb(0x3F, 0x9C, 0xA3),
        XColor.FromArgb(0x8E, 0x8E, 0x8E),
        XColor.FromArgb(0xB8, 0x9B, 0x2E),
        XColor.FromArgb(0x1F, 0x3F, 0x66),
        XColor.FromArgb(0xC5, 0x7B, 0x9E),
    ];

    /// <summary>The size of table cells, when the table's content fits the page at it.</summary>
    public const double CellSize = 7.5;

    private readonly Dictionary<(XFontStyleEx Style, double Size), XFont> _sized = [];

    public ReportTheme()
    {
        Title = new XFont(ReportFontResolver.FamilyName, 24, XFontStyleEx.Bold);
        Subtitle = new XFont(ReportFontResolver.FamilyName, 13, XFontStyleEx.Regular);
        Heading = new XFont(ReportFontResolver.FamilyName, 14, XFontStyleEx.Bold);
        Subheading = new XFont(ReportFontResolver.FamilyName, 10.5, XFontStyleEx.Bold);
        Body = new XFont(ReportFontResolver.FamilyName, 9.5, XFontStyleEx.Regular);
        BodyBold = new XFont(ReportFontResolver.FamilyName, 9.5, XFontStyleEx.Bold);
        BodyItalic = new XFont(ReportFontResolver.FamilyName, 9.5, XFontStyleEx.Italic);
        Cell = new XFont(ReportFontResolver.FamilyName, CellSize, XFontStyleEx.Regular);
        CellBold = new XFont(ReportFontResolver.FamilyName, CellSize, XFontStyleEx.Bold);
        Small = new XFont(ReportFontResolver.FamilyName, 7.5, XFontStyleEx.Regular);
        FigureValue = new XFont(ReportFontResolver.FamilyName, 16, XFontStyleEx.Bold);
    }

    public XFont Title { get; }

    public XFont Subtitle { get; }

    public XFont Heading { get; }

    public XFont Subheading { get; }

    public XFont Body { get; }

    public XFont BodyBold { get; }

    public XFont BodyItalic { get; }

    public XFont Cell { get; }

    public XFont CellBold { get; }

    public XFont Small { get; }

    public XFont FigureValue { get; }

    /// <summary>The cell faces at another size, for a table drawn smaller to fit its content.</summary>
    public (XFont Regular, XFont Bold) CellsAt(double size) =>
        size == CellSize ? (Cell, CellBold) : (Sized(Cell, size), Sized(CellBold, size));

    /// <summary>A face at another size: what does not fit its place is drawn smaller rather than cut.</summary>
    public XFont Sized(XFont face, double size)
    {
        ArgumentNullException.ThrowIfNull(face);
        if (!_sized.TryGetValue((face.Style, size), out var font))
        {
            font = new XFont(ReportFontResolver.FamilyName, size, face.Style);
            _sized[(face.Style, size)] = font;
        }

        return font;
    }

    public static XColor ToneColor(ReportTone tone) => tone switch
    {
        ReportTone.Muted => Muted,
        ReportTone.Good => XColor.FromArgb(0x1D, 0x6B, 0x3C),
        ReportTone.Warning => XColor.FromArgb(0x8F, 0x4E, 0x0B),
        ReportTone.Bad => XColor.FromArgb(0x9B, 0x1C, 0x1C),
        _ => Ink,
    };
}
