using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Dlp;

namespace AdminConsole.Domain.Tests.Dlp;

public class DlpSelectionTests
{
    private const string Mixed = "card 4111111111111111, mail j@example.com, key AKIAIOSFODNN7EXAMPLE, call (415) 555-2671";

    [Theory]
    [InlineData("payment-card", DlpSeverity.High)]
    [InlineData("us-ssn", DlpSeverity.High)]
    [InlineData("iban", DlpSeverity.High)]
    [InlineData("email", DlpSeverity.Low)]
    [InlineData("phone", DlpSeverity.Medium)]
    [InlineData("aws-access-key", DlpSeverity.Critical)]
    [InlineData("github-token", DlpSeverity.Critical)]
    [InlineData("stripe-key", DlpSeverity.Critical)]
    [InlineData("openai-key", DlpSeverity.Critical)]
    [InlineData("private-key", DlpSeverity.Critical)]
    [InlineData("jwt", DlpSeverity.Critical)]
    public void Catalog_GivesEachBuiltInItsDefaultSeverity(string id, DlpSeverity severity)
    {
        var detector = DlpDetectors.Find(id);

        Assert.NotNull(detector);
        Assert.Equal(severity, detector.Severity);
        Assert.False(detector.IsCustom);
        Assert.False(string.IsNullOrWhiteSpace(detector.Name));
    }

    [Fact]
    public void Catalog_HasElevenDistinctIds_AndFindsNothingForAnUnknownId()
    {
        Assert.Equal(11, DlpDetectors.All.Select(d => d.Id).Distinct().Count());
        Assert.Null(DlpDetectors.Find("passport"));
    }

    [Fact]
    public void Findings_CarryTheirDetectorsSeverity_InTextOrder()
    {
        var findings = DlpScanner.Scan(Mixed, DlpScanOptions.AllBuiltIn);

        Assert.Equal(
            [("payment-card", DlpSeverity.High), ("email", DlpSeverity.Low), ("aws-access-key", DlpSeverity.Critical), ("phone", DlpSeverity.Medium)],
            findings.Select(f => (f.DetectorId, f.Severity)));
    }

    [Fact]
    public void DetectorsSwitchedOff_FindNothing()
    {
        var options = new DlpScanOptions(["email", "phone"]);

        var findings = DlpScanner.Scan(Mixed, options);

        Assert.Equal(["email", "phone"], findings.Select(f => f.DetectorId));
        Assert.True(options.IsEnabled("email"));
        Assert.False(options.IsEnabled("payment-card"));
    }

    [Fact]
    public void NoDetectorOn_FindsNothing() =>
        Assert.Empty(DlpScanner.Scan(Mixed, new DlpScanOptions([])));

    [Fact]
    public void UnknownDetectorId_IsRefused()
    {
        var error = Assert.Throws<DomainRuleException>(() => new DlpScanOptions(["payment-card", "passport"]));

        Assert.Equal("Detectors", error.Field);
        Assert.Contains("'passport'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CustomPattern_FindingsCarryItsIdAndSeverity()
    {
        var pattern = DlpCustomPattern.Create("employee-id", @"EMP-\d{6}", DlpSeverity.Critical, "EMP-000001");

        var finding = Assert.Single(DlpScanner.Scan("owner EMP-123456", new DlpScanOptions([], [pattern])));

        Assert.Equal("custom:employee-id", finding.DetectorId);
        Assert.Equal(DlpSeverity.Critical, finding.Severity);
        Assert.Equal((6, 10), (finding.Start, finding.Length));
    }

    [Fact]
    public void OverlappingFindings_KeepTheMoreSevere()
    {
        var lowCustom = DlpCustomPattern.Create("digits", @"\d{16}", DlpSeverity.Low, "1234123412341234");
        var criticalCustom = DlpCustomPattern.Create("visa-test", "4111111111111111", DlpSeverity.Critical, "4111111111111111");

        var card = Assert.Single(DlpScanner.Scan("pay 4111111111111111", DlpScanOptions.AllBuiltIn.WithCustomPatterns([lowCustom])));
        var custom = Assert.Single(DlpScanner.Scan("pay 4111111111111111", DlpScanOptions.AllBuiltIn.WithCustomPatterns([criticalCustom])));

        Assert.Equal("payment-card", card.DetectorId);
        Assert.Equal("custom:visa-test", custom.DetectorId);
    }

    [Fact]
    public void Jwt_IsNotAlsoReportedByTheDetectorsItsSegmentsResemble()
    {
        var text = "jwt eyJhbGciOiJIUzI1NiJ9.eyJlbWFpbCI6ImpAZXhhbXBsZS5jb20iLCJjYXJkIjoiNDExMTExMTExMTExMTExMSJ9.c2lnbmF0dXJl";
        var sk = DlpCustomPattern.Create("segment", "eyJ[A-Za-z0-9]+", DlpSeverity.Medium, "eyJabc");

        var finding = Assert.Single(DlpScanner.Scan(text, DlpScanOptions.AllBuiltIn.WithCustomPatterns([sk])));

        Assert.Equal("jwt", finding.DetectorId);
    }
}
