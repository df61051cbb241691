using System.Globalization;

namespace AdminConsole.Domain.Model.Dlp.Hooks;

/// <summary>When a failed delivery is tried again.</summary>
public static class DlpHookRetry
{
    public static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan MaxDelay = TimeSpan.FromHours(1);

    /// <summary>Share of the delay that jitter may add or take away, so that many failed deliveries don't retry in step.</summary>
    public const double Jitter = 0.2;

    /// <summary>
    /// The wait after attempt <paramref name="attempt"/> (1-based): 30 s × 2^(attempt − 1), ±20 % by
    /// <paramref name="random"/> (in [0, 1)), never above an hour.
    /// </summary>
    public static TimeSpan Backoff(int attempt, double random)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var nominal = Math.Min(MaxDelay.TotalSeconds, BaseDelay.TotalSeconds * Math.Pow(2, exponent));
        var factor = 1 - Jitter + (2 * Jitter * Math.Clamp(random, 0, 1));
        return TimeSpan.FromSeconds(Math.Min(MaxDelay.TotalSeconds, nominal * factor));
    }

    /// <summary>
    /// A <c>Retry-After</c> value (delay-seconds or an HTTP-date) as a wait from <paramref name="now"/>, at most an
    /// hour; null when absent or unreadable.
    /// </summary>
    public static TimeSpan? ParseRetryAfter(string? value, DateTimeOffset now)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
            return null;
        if (text.All(char.IsAsciiDigit))
        {
            return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? TimeSpan.FromSeconds(Math.Min(seconds, (long)MaxDelay.TotalSeconds))
                : MaxDelay;
        }

        string[] formats = ["r", "dddd, dd-MMM-yy HH:mm:ss 'GMT'", "ddd MMM d HH:mm:ss yyyy"];
        if (!DateTimeOffset.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var date))
            return null;
        var wait = date - now;
        return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait > MaxDelay ? MaxDelay : wait;
    }
}
