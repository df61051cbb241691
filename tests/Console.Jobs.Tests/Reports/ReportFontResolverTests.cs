using AdminConsole.Jobs.Reports.Pdf;
using Microsoft.Extensions.Logging;

namespace AdminConsole.Jobs.Tests.Reports;

public sealed class ReportFontResolverTests : IDisposable
{
    private readonly string _empty = Directory.CreateTempSubdirectory("no-fonts-").FullName;

    public void Dispose() => Directory.Delete(_empty, recursive: true);

    [Fact]
    public void Discover_WithoutDejaVuAnywhere_FallsBackToPdfSharpsSegoeWp_AndLogsOneWarning()
    {
        var logger = new RecordingLogger();

        var resolver = ReportFontResolver.Discover(_empty, [_empty], logger);

        Assert.Equal("PDFsharp Segoe WP", resolver.Source);
        Assert.NotNull(resolver.GetFont(resolver.ResolveTypeface(ReportFontResolver.FamilyName, true, false)!.FaceName));
        Assert.True(resolver.Coverage.Covers('A'));
        var warning = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("fonts-dejavu-core", warning.Message);
    }

    [Fact]
    public void Discover_FromTheFontDirectory_ServesDejaVuWithItsObliqueFaces_AndKnowsWhichCharactersItLacks()
    {
        var dejaVu = "/usr/share/fonts/truetype/dejavu";
        Assert.True(File.Exists(Path.Combine(dejaVu, "DejaVuSans.ttf")), "DejaVu Sans is missing: install Debian's fonts-dejavu-core package.");
        var logger = new RecordingLogger();

        var resolver = ReportFontResolver.Discover(dejaVu, [_empty], logger);

        Assert.Equal(dejaVu, resolver.Source);
        Assert.True(resolver.HasItalic);
        Assert.Empty(logger.Entries);
        Assert.Null(resolver.ResolveTypeface("Arial", false, false));
        Assert.Equal("bold-italic", resolver.ResolveTypeface(ReportFontResolver.FamilyName, true, true)!.FaceName);
        Assert.Equal("Zoë & <Ops> \uFFFD ✓ \uFFFD", resolver.Coverage.Sanitize("Zoë & <Ops> 中 ✓ \U0001F600"));
        Assert.Equal("tab and new line", resolver.Coverage.Sanitize("tab\tand\nnew line").Replace("  ", " ", StringComparison.Ordinal));
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
