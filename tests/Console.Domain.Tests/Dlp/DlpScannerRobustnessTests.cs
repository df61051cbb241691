using AdminConsole.Domain.Model.Dlp;

namespace AdminConsole.Domain.Tests.Dlp;

public class DlpScannerRobustnessTests
{
    private static readonly string[] Pieces =
    [
        "4111 1111 1111 1111", "4111-1111-1111-111", "378282246310005", "123-45-6789", "DE89 3704 0044 0532 0130 00", "GB82WEST1234569876543",
        "j@example.com", "@", ".", "-", "+", "(", ")", " ", "\n", "_", "+44 20 7946 0958", "(415) 555-2671", "AKIAIOSFODNN7EXAMPLE",
        "ghp_", "github_pat_", "sk_live_", "sk-", "-----BEGIN ", "RSA PRIVATE KEY-----", "-----END ", "eyJ", "eyJhbGciOiJIUzI1NiJ9.",
        "0", "9", "12", "2026-11-22", "a", "Z", "é", "ß", "\u00a0", "\ud83d\ude00",
    ];

    [Fact]
    public void RandomMixesOfDetectorFragments_NeverThrow_AndGiveOrderedRedactedFindingsInsideTheText()
    {
        var random = new Random(7);
        var custom = DlpCustomPattern.Create("code", @"[A-Z]{2}\d{2}", DlpSeverity.Low, "AB12");
        var options = DlpScanOptions.AllBuiltIn.WithCustomPatterns([custom]);
        for (var round = 0; round < 3_000; round++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 30)).Select(_ => Pieces[random.Next(Pieces.Length)]));

            var findings = DlpScanner.Scan(text, options);

            var previousEnd = 0;
            foreach (var finding in findings)
            {
                Assert.InRange(finding.Start, previousEnd, text.Length - 1);
                Assert.InRange(finding.End, finding.Start + 1, text.Length);
                var raw = text.Substring(finding.Start, finding.Length);
                if (raw.Length > 4)
                    Assert.DoesNotContain(raw, finding.ToString(), StringComparison.Ordinal);
                previousEnd = finding.End;
            }
        }
    }

    [Fact]
    public void ScanningASpan_GivesPositionsInThatSpan()
    {
        var text = "prefix that is not scanned | card 4111111111111111";
        var span = text.AsSpan(text.IndexOf('|', StringComparison.Ordinal));

        var finding = Assert.Single(DlpScanner.Scan(span, DlpScanOptions.AllBuiltIn));

        Assert.Equal("4111111111111111", span.Slice(finding.Start, finding.Length).ToString());
    }

    [Fact]
    public void EmptyText_HasNoFindings() =>
        Assert.Empty(DlpScanner.Scan(string.Empty, DlpScanOptions.AllBuiltIn));
}
