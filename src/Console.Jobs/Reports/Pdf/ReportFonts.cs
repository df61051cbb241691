using Microsoft.Extensions.Logging;
using PdfSharp;
using PdfSharp.Fonts;
using PdfSharp.WPFonts;

namespace AdminConsole.Jobs.Reports.Pdf;

/// <summary>
/// Serves DejaVu Sans to PDFsharp, which discovers no system fonts on Linux. The faces are read from
/// <see cref="ReportOptions.FontDirectory"/> or the usual font folders of Linux, macOS and Windows; a machine without
/// DejaVu falls back to the Segoe WP faces inside PDFsharp, so that a report still renders (with fewer glyphs).
/// No font file is part of the repository.
/// </summary>
public sealed partial class ReportFontResolver : IFontResolver
{
    /// <summary>The family name report code asks PDFsharp for; the resolver decides which files stand behind it.</summary>
    public const string FamilyName = "Report Sans";

    private static readonly string[] SystemFontFolders =
    [
        "/usr/share/fonts/truetype/dejavu",
        "/usr/share/fonts/dejavu",
        "/usr/share/fonts/TTF",
        "/usr/share/fonts/truetype",
        "/usr/local/share/fonts",
        "/usr/share/fonts",
        "/Library/Fonts",
        "/System/Library/Fonts/Supplemental",
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "Library", "Fonts"),
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "fonts"),
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".fonts"),
        Environment.GetFolderPath(Environment.SpecialFolder.Fonts),
    ];

    private static readonly Lock InstallLock = new();
    private static ReportFontResolver? _installed;

    private readonly Dictionary<string, byte[]> _faces;

    private ReportFontResolver(Dictionary<string, byte[]> faces, bool hasItalic, string source)
    {
        _faces = faces;
        HasItalic = hasItalic;
        Source = source;
        Coverage = GlyphCoverage.Intersect(GlyphCoverage.FromTrueType(faces["regular"]), GlyphCoverage.FromTrueType(faces["bold"]));
    }

    /// <summary>Where the faces came from: a folder, or "PDFsharp Segoe WP" for the fallback.</summary>
    public string Source { get; }

    /// <summary>Whether a real oblique face exists; without one PDFsharp slants the upright face.</summary>
    public bool HasItalic { get; }

    /// <summary>The characters both the regular and the bold face can draw.</summary>
    public GlyphCoverage Coverage { get; }

    /// <summary>
    /// Installs the resolver as PDFsharp's global one the first time it is called in the process; later calls return the
    /// installed resolver, whatever their options.
    /// </summary>
    public static ReportFontResolver EnsureInstalled(ReportOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        lock (InstallLock)
        {
            if (_installed is not null)
            {
                return _installed;
            }

            var resolver = Discover(options.FontDirectory, SystemFontFolders, logger);
            if (GlobalFontSettings.FontResolver is { } existing && existing is not ReportFontResolver)
            {
                throw new ReportConfigurationException(
                    $"Another PDFsharp font resolver ({existing.GetType().FullName}) is installed in this process; reports need {nameof(ReportFontResolver)}.");
            }

            GlobalFontSettings.FontResolver = resolver;
            _installed = resolver;
            return resolver;
        }
    }

    /// <inheritdoc />
    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
    {
        if (!string.Equals(familyName, FamilyName, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var weight = bold ? "bold" : "regular";
        if (!italic)
        {
            return new FontResolverInfo(weight);
        }

        return HasItalic ? new FontResolverInfo(weight + "-italic") : new FontResolverInfo(weight, false, true);
    }

    /// <inheritdoc />
    public byte[]? GetFont(string faceName) => _faces.GetValueOrDefault(faceName);

    /// <summary>Finds the faces without installing anything; the fallback is logged once per call.</summary>
    internal static ReportFontResolver Discover(string? fontDirectory, IEnumerable<string> systemFolders, ILogger logger)
    {
        var folders = new List<string>();
        if (!string.IsNullOrWhiteSpace(fontDirectory))
        {
            folders.Add(fontDirectory);
        }

        folders.AddRange(systemFolders.Where(f => !string.IsNullOrEmpty(f)));
        foreach (var folder in folders)
        {
            var regular = Path.Combine(folder, "DejaVuSans.ttf");
            var bold = Path.Combine(folder, "DejaVuSans-Bold.ttf");
            if (!File.Exists(regular) || !File.Exists(bold))
            {
                continue;
            }

            var faces = new Dictionary<string, byte[]>
            {
                ["regular"] = File.ReadAllBytes(regular),
                ["bold"] = File.ReadAllBytes(bold),
            };
            var oblique = Path.Combine(folder, "DejaVuSans-Oblique.ttf");
            var boldOblique = Path.Combine(folder, "DejaVuSans-BoldOblique.ttf");
            var hasItalic = File.Exists(oblique) && File.Exists(boldOblique);
            if (hasItalic)
            {
                faces["regular-italic"] = File.ReadAllBytes(oblique);
                faces["bold-italic"] = File.ReadAllBytes(boldOblique);
            }

            return new ReportFontResolver(faces, hasItalic, folder);
        }

        LogFallback(logger, string.Join(", ", folders));
        var fallback = new Dictionary<string, byte[]>
        {
            ["regular"] = FontDataHelper.SegoeWP,
            ["bold"] = FontDataHelper.SegoeWPBold,
        };
        return new ReportFontResolver(fallback, false, "PDFsharp Segoe WP");
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "DejaVu Sans (DejaVuSans.ttf, DejaVuSans-Bold.ttf) was found in none of {Folders}; reports use PDFsharp's Segoe WP, which lacks many characters. Install Debian's fonts-dejavu-core or set Reports:FontDirectory")]
    private static partial void LogFallback(ILogger logger, string folders);
}
