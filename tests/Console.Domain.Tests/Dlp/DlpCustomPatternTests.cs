using System.Diagnostics;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Dlp;

namespace AdminConsole.Domain.Tests.Dlp;

public class DlpCustomPatternTests
{
    [Fact]
    public void Create_ReportsWhereTheSampleMatched_AndRunsNonBacktracking()
    {
        var pattern = DlpCustomPattern.Create("  project-code  ", @"PRJ-[A-Z]{3}\d{2}", DlpSeverity.High, "see PRJ-ABC12 for details");

        Assert.Equal("project-code", pattern.Name);
        Assert.Equal("custom:project-code", pattern.DetectorId);
        Assert.Equal((4, 9), (pattern.SampleMatchStart, pattern.SampleMatchLength));
        Assert.True(pattern.UsesNonBacktracking);
    }

    [Theory]
    [InlineData("[unclosed", "not a valid regular expression")]
    [InlineData("(?<name", "not a valid regular expression")]
    [InlineData("a*", "matches the empty string")]
    [InlineData("x?|y", "matches the empty string")]
    [InlineData("", "Pattern is required")]
    public void Create_RefusesPatternsThatCannotBeUsed(string regex, string message)
    {
        var error = Assert.Throws<DomainRuleException>(() => DlpCustomPattern.Create("code", regex, DlpSeverity.Low, "code 42"));

        Assert.Equal("Pattern", error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_RefusesAPatternThatDoesNotMatchItsSample()
    {
        var error = Assert.Throws<DomainRuleException>(() => DlpCustomPattern.Create("code", @"PRJ-\d{4}", DlpSeverity.Low, "PRJ-12"));

        Assert.Equal("Sample", error.Field);
        Assert.Contains("does not match the sample", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_RequiresASample()
    {
        var error = Assert.Throws<DomainRuleException>(() => DlpCustomPattern.Create("code", @"PRJ-\d{4}", DlpSeverity.Low, null));

        Assert.Equal("Sample", error.Field);
    }

    [Fact]
    public void Create_RefusesLongNamesAndPatterns()
    {
        var name = Assert.Throws<DomainRuleException>(() => DlpCustomPattern.Create(new string('n', 61), "abc", DlpSeverity.Low, "abc"));
        var pattern = Assert.Throws<DomainRuleException>(() => DlpCustomPattern.Create("code", new string('a', 501), DlpSeverity.Low, new string('a', 501)));
        var severity = Assert.Throws<DomainRuleException>(() => DlpCustomPattern.Create("code", "abc", (DlpSeverity)9, "abc"));

        Assert.Equal("Name", name.Field);
        Assert.Equal("Pattern", pattern.Field);
        Assert.Equal("Severity", severity.Field);
        Assert.Equal(60, DlpCustomPattern.Create(new string('n', 60), "abc", DlpSeverity.Low, "abc").Name.Length);
    }

    [Fact]
    public void CatastrophicPattern_ScansInLinearTime()
    {
        var pattern = DlpCustomPattern.Create("as", "(a+)+$", DlpSeverity.Low, "aaaa");
        var text = new string('a', 100_000) + "b";

        var watch = Stopwatch.StartNew();
        var findings = DlpScanner.Scan(text, new DlpScanOptions([], [pattern]));
        watch.Stop();

        Assert.True(pattern.UsesNonBacktracking);
        Assert.Empty(findings);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }

    [Fact]
    public void PatternTheLinearEngineRefuses_FallsBackWithATimeout_AndAScanStillEnds()
    {
        // A lookahead needs the backtracking engine; with (a+)+ behind it, it would run for ages without the timeout.
        var pattern = DlpCustomPattern.Create("as", "(?=a)(a+)+$", DlpSeverity.Low, "aaaa");
        var text = new string('a', 40) + "b" + " and 4111111111111111";

        var watch = Stopwatch.StartNew();
        var findings = DlpScanner.Scan(text, DlpScanOptions.AllBuiltIn.WithCustomPatterns([pattern]));
        watch.Stop();

        Assert.False(pattern.UsesNonBacktracking);
        Assert.Equal(DlpCustomPattern.FallbackTimeout, TimeSpan.FromMilliseconds(100));
        Assert.Equal(["payment-card"], findings.Select(f => f.DetectorId));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }

    [Fact]
    public void CatastrophicSampleOnTheFallbackEngine_IsRefusedOnSave()
    {
        var error = Assert.Throws<DomainRuleException>(() => DlpCustomPattern.Create("as", "(?=a)(a+)+$", DlpSeverity.Low, new string('a', 40) + "b"));

        Assert.Equal("Pattern", error.Field);
        Assert.Contains("longer than 100 ms", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_RefuseTwoPatternsWithOneName()
    {
        var first = DlpCustomPattern.Create("code", "abc", DlpSeverity.Low, "abc");
        var second = DlpCustomPattern.Create("Code", "xyz", DlpSeverity.Low, "xyz");

        var error = Assert.Throws<DomainRuleException>(() => new DlpScanOptions([], [first, second]));

        Assert.Equal("CustomPatterns", error.Field);
    }
}
