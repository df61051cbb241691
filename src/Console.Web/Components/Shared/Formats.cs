using System.Globalization;

namespace AdminConsole.Web.Components.Shared;

/// <summary>How dates and times read across the console: UTC, ISO-like, and "n minutes ago" for recent ones.</summary>
public static class Formats
{
    public static string Utc(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Date(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A share as a whole percentage, "39%".</summary>
    public static string Percent(int part, int whole) =>
        whole <= 0 ? "–" : Math.Round(100.0 * part / whole).ToString("0", CultureInfo.InvariantCulture) + "%";

    /// <summary>A length of time in its two largest units, "3 d 4 h", "12 min"; "none" for zero.</summary>
    public static string Duration(TimeSpan value) => value switch
    {
        { Ticks: <= 0 } => "none",
        { TotalDays: >= 1 } => $"{(int)value.TotalDays} d {value.Hours} h",
        { TotalHours: >= 1 } => $"{value.Hours} h {value.Minutes} min",
        { TotalMinutes: >= 1 } => $"{value.Minutes} min",
        _ => $"{value.Seconds} s",
    };

    public static string Ago(DateTimeOffset value, DateTimeOffset now)
    {
        var span = now - value;
        return span switch
        {
            { TotalMinutes: < 1 } => "just now",
            { TotalHours: < 1 } => $"{(int)span.TotalMinutes} min ago",
            { TotalDays: < 1 } => $"{(int)span.TotalHours} h ago",
            { TotalDays: < 2 } => "yesterday",
            { TotalDays: < 30 } => $"{(int)span.TotalDays} days ago",
            _ => $"on {Date(value)}",
        };
    }
}
