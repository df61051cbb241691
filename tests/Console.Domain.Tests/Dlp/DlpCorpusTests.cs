using AdminConsole.Domain.Model.Dlp;

namespace AdminConsole.Domain.Tests.Dlp;

/// <summary>Every line of corpus.txt: true positives must be found, known false positives must not.</summary>
public class DlpCorpusTests
{
    public static TheoryData<int, string, string> Corpus()
    {
        var data = new TheoryData<int, string, string>();
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Dlp", "corpus.txt"));
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var separator = line.IndexOf(" | ", StringComparison.Ordinal);
            data.Add(i + 1, line[..separator], line[(separator + 3)..].Replace("\\n", "\n", StringComparison.Ordinal));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void CorpusLine_IsFoundByExactlyTheExpectedDetectors(int line, string expected, string text)
    {
        var findings = DlpScanner.Scan(text, DlpScanOptions.AllBuiltIn);

        var found = findings.Count == 0 ? "none" : string.Join(",", findings.Select(f => f.DetectorId));
        Assert.True(expected == found, $"corpus.txt line {line}: expected {expected}, found {found} in «{text}»");
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void CorpusLine_FindingsNeverRepeatTheMatchedValue(int line, string expected, string text)
    {
        _ = expected;
        foreach (var finding in DlpScanner.Scan(text, DlpScanOptions.AllBuiltIn))
        {
            var raw = text.Substring(finding.Start, finding.Length);
            Assert.False(finding.Excerpt.Contains(raw, StringComparison.Ordinal), $"line {line}: excerpt {finding.Excerpt} repeats {raw}");
            Assert.DoesNotContain(raw, finding.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Corpus_HasTruePositivesOfEveryBuiltInDetectorAndKnownFalsePositives()
    {
        var expected = Corpus().Select(row => (string)row[1]).ToList();

        foreach (var id in DlpDetectors.AllIds)
            Assert.Contains(expected, e => e.Split(',').Contains(id));
        Assert.True(expected.Count(e => e == "none") >= 60);
    }
}
