using AdminConsole.Domain.Model.Dlp;

namespace AdminConsole.Domain.Tests.Dlp;

public class DlpRedactionTests
{
    private const string JwtSample = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    [Theory]
    [InlineData("4111111111111111", "4111 **** **** 1111")]
    [InlineData("4111-1111-1111-1111", "4111 **** **** 1111")]
    [InlineData("3782 822463 10005", "3782 **** *** 0005")]
    [InlineData("123-45-6789", "***-**-6789")]
    [InlineData("DE89370400440532013000", "DE89 **** **** **** ** 3000")]
    [InlineData("GB82 WEST 1234 5698 7654 32", "GB82 **** **** **** ** 5432")]
    [InlineData("john.doe@example.com", "j***@example.com")]
    [InlineData("(415) 555-2671", "(***) ***-2671")]
    [InlineData("+44 20 7946 0958", "+** ** **** 0958")]
    [InlineData("AKIAIOSFODNN7EXAMPLE", "AKIA****************")]
    [InlineData("ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789", "ghp_****")]
    [InlineData("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", "github_pat_****")]
    [InlineData("sk_test_4eC39HqLyjWDarjtT1zdp7dc", "sk_test_****")]
    [InlineData("sk-proj-abc123DEF456ghi789JKL012mno", "sk-proj-****")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----", "-----BEGIN RSA PRIVATE KEY----- [redacted]")]
    [InlineData(JwtSample, "eyJ…[redacted]")]
    public void Finding_ShowsOnlyTheRedactedExcerpt(string value, string excerpt)
    {
        var text = $"before {value} after";

        var finding = Assert.Single(DlpScanner.Scan(text, DlpScanOptions.AllBuiltIn));

        Assert.Equal(excerpt, finding.Excerpt);
        Assert.Equal(value, text.Substring(finding.Start, finding.Length));
        Assert.DoesNotContain(value, finding.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_ReplacesEachFindingByItsExcerpt_AndPlacesTheFindingsInTheRedactedText()
    {
        const string text = "card 4111111111111111, mail john.doe@example.com, key AKIAIOSFODNN7EXAMPLE.";

        var (redacted, findings) = DlpScanner.Redact(text, DlpScanOptions.AllBuiltIn);

        Assert.Equal("card 4111 **** **** 1111, mail j***@example.com, key AKIA****************.", redacted);
        Assert.Equal(3, findings.Count);
        Assert.All(findings, f => Assert.Equal(f.Excerpt, redacted.Substring(f.Start, f.Length)));
    }

    [Fact]
    public void Redact_OfTextWithoutFindings_KeepsItAsItIs()
    {
        const string text = "nothing sensitive here, version 3.14 of 12/25";

        var (redacted, findings) = DlpScanner.Redact(text, DlpScanOptions.AllBuiltIn);

        Assert.Same(text, redacted);
        Assert.Empty(findings);
    }

    [Fact]
    public void Finding_ToString_NamesDetectorSeverityAndPosition_ButNotTheValue()
    {
        var finding = Assert.Single(DlpScanner.Scan("pay with 5555555555554444 please", DlpScanOptions.AllBuiltIn));

        var shown = finding.ToString();

        Assert.Contains("payment-card", shown, StringComparison.Ordinal);
        Assert.Contains("High", shown, StringComparison.Ordinal);
        Assert.Contains("Start = 9", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("5555555555554444", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("55555555", shown, StringComparison.Ordinal);
    }

    [Fact]
    public void CustomMatch_KeepsItsFirstTwoCharacters()
    {
        var pattern = DlpCustomPattern.Create("employee-id", @"EMP-\d{6}", DlpSeverity.Medium, "badge EMP-004211");
        var options = new DlpScanOptions([], [pattern]);

        var finding = Assert.Single(DlpScanner.Scan("ask EMP-123456 about it", options));

        Assert.Equal("EM****", finding.Excerpt);
        Assert.DoesNotContain("123456", finding.ToString(), StringComparison.Ordinal);
    }
}
