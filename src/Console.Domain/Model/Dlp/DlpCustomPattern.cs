using System.Text.RegularExpressions;
using AdminConsole.Domain.Model.Common;

namespace AdminConsole.Domain.Model.Dlp;

/// <summary>
/// A workspace's own regular expression (an employee id, a project code name). Validated once, on save: it must
/// compile, must not match the empty string, and must match the sample the admin gives. It runs on the
/// non-backtracking engine, so no pattern can make a scan take longer than linear time; a pattern that engine
/// refuses (backreferences, lookarounds, atomic groups) runs on the backtracking engine with a
/// <see cref="FallbackTimeout"/> per scan instead, and <see cref="UsesNonBacktracking"/> says so.
/// </summary>
public sealed class DlpCustomPattern
{
    public const int NameMaxLength = 60;
    public const int PatternMaxLength = 500;
    public const int SampleMaxLength = 2_000;

    public static readonly TimeSpan FallbackTimeout = TimeSpan.FromMilliseconds(100);

    private DlpCustomPattern(string name, string pattern, DlpSeverity severity, Regex regex, bool usesNonBacktracking, int sampleMatchStart, int sampleMatchLength)
    {
        Name = name;
        Pattern = pattern;
        Severity = severity;
        Regex = regex;
        UsesNonBacktracking = usesNonBacktracking;
        SampleMatchStart = sampleMatchStart;
        SampleMatchLength = sampleMatchLength;
        DetectorId = DlpDetector.CustomPrefix + name;
    }

    public string Name { get; }

    public string Pattern { get; }

    public DlpSeverity Severity { get; }

    /// <summary><c>custom:&lt;name&gt;</c>, the id findings of this pattern carry.</summary>
    public string DetectorId { get; }

    public bool UsesNonBacktracking { get; }

    /// <summary>Where the pattern matched the sample when it was saved.</summary>
    public int SampleMatchStart { get; }

    public int SampleMatchLength { get; }

    public DlpDetector Detector => new(DetectorId, Name, Severity, $"Custom pattern {Pattern}");

    internal Regex Regex { get; }

    /// <summary>Validates a pattern as the workspace settings save it ("tested on save").</summary>
    /// <exception cref="DomainRuleException">The name, pattern, severity or sample breaks a rule; <c>Field</c> names which.</exception>
    public static DlpCustomPattern Create(string? name, string? pattern, DlpSeverity severity, string? sample)
    {
        var trimmedName = Guard.Text(name, "Name", "Name", NameMaxLength);
        Guard.Defined(severity, "Severity", "Severity");
        if (string.IsNullOrEmpty(pattern))
            throw new DomainRuleException("Pattern", "Pattern is required.");
        if (pattern.Length > PatternMaxLength)
            throw new DomainRuleException("Pattern", $"Pattern must be at most {PatternMaxLength} characters.");
        if (string.IsNullOrEmpty(sample))
            throw new DomainRuleException("Sample", "A sample text that the pattern matches is required: the pattern is tested on it before it is saved.");
        if (sample.Length > SampleMaxLength)
            throw new DomainRuleException("Sample", $"Sample must be at most {SampleMaxLength} characters.");

        var (regex, nonBacktracking) = Compile(pattern);
        if (IsMatchSafe(regex, string.Empty))
            throw new DomainRuleException("Pattern", "The pattern matches the empty string; it would flag every text. Require at least one character.");

        Match match;
        try
        {
            match = regex.Match(sample);
            while (match.Success && match.Length == 0)
                match = match.NextMatch();
        }
        catch (RegexMatchTimeoutException)
        {
            throw new DomainRuleException("Pattern", $"The pattern took longer than {FallbackTimeout.TotalMilliseconds:0} ms on the sample; simplify it (avoid nested repetition such as (a+)+).");
        }

        if (!match.Success)
            throw new DomainRuleException("Sample", "The pattern does not match the sample text.");

        return new DlpCustomPattern(trimmedName, pattern, severity, regex, nonBacktracking, match.Index, match.Length);
    }

    /// <summary>
    /// A pattern that <see cref="Create"/> accepted when it was saved, read back to scan with: compiled again, not
    /// tried on a sample (the sample is not kept: an admin may have pasted a real value into it).
    /// </summary>
    public static DlpCustomPattern Restore(string name, string pattern, DlpSeverity severity)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        var (regex, nonBacktracking) = Compile(pattern);
        return new DlpCustomPattern(name, pattern, severity, regex, nonBacktracking, 0, 0);
    }

    private static (Regex Regex, bool NonBacktracking) Compile(string pattern)
    {
        try
        {
            return (new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant), true);
        }
        catch (NotSupportedException)
        {
            // Backreferences, lookarounds and atomic groups need the backtracking engine; the timeout bounds it.
        }
        catch (ArgumentException error)
        {
            throw new DomainRuleException("Pattern", $"The pattern is not a valid regular expression: {error.Message}");
        }

        try
        {
            return (new Regex(pattern, RegexOptions.CultureInvariant, FallbackTimeout), false);
        }
        catch (ArgumentException error)
        {
            throw new DomainRuleException("Pattern", $"The pattern is not a valid regular expression: {error.Message}");
        }
    }

    private static bool IsMatchSafe(Regex regex, string text)
    {
        try
        {
            return regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    public override string ToString() => $"{DetectorId} ({Severity})";
}
