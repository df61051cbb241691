using AdminConsole.Domain.Model.Jobs;

namespace AdminConsole.Web.Components.Pages.Jobs;

/// <summary>How a job reads on the page: its title from its name, and its schedule in words.</summary>
public static class JobTitles
{
    private static readonly HashSet<string> Acronyms = new(StringComparer.Ordinal) { "ai", "dlp" };

    /// <summary>"trash-purge" reads "Trash purge", "dlp-hook-dispatch" "DLP hook dispatch".</summary>
    public static string Title(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var words = name.Split('-', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => Acronyms.Contains(w) ? w.ToUpperInvariant() : w)
            .ToArray();
        if (words.Length == 0)
            return name;
        words[0] = char.ToUpperInvariant(words[0][0]) + words[0][1..];
        return string.Join(' ', words);
    }

    public static string Schedule(ScheduledJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.Cron is { } cron ? Calendar(cron) : Every(job.Interval);
    }

    /// <summary>The calendar schedules the console uses, in words; any other expression as it is written.</summary>
    private static string Calendar(string cron) => cron switch
    {
        AdminConsole.Jobs.Reports.MonthlyAuditReport.Schedule => "monthly, on the 1st at 02:00 UTC",
        _ => $"cron {cron} (UTC)",
    };

    private static string Every(TimeSpan? interval) => interval switch
    {
        null => "on demand",
        { TotalHours: >= 1 } i when i.TotalHours % 1 == 0 => $"every {i.TotalHours:0} h",
        { TotalMinutes: >= 1 } i when i.TotalMinutes % 1 == 0 => $"every {i.TotalMinutes:0} min",
        { } i => $"every {i.TotalSeconds:0} s",
    };
}
