using System.Globalization;
using System.Text;
using AdminConsole.Domain.Model.Subprocessors;

namespace AdminConsole.Jobs.Reminders;

/// <summary>A reminder waiting to be sent, with the name the digest shows for its subprocessor.</summary>
public sealed record DigestItem(Reminder Reminder, string LegalName);

/// <summary>The one mail each recipient gets per run: every reminder waiting, with a link to its subprocessor.</summary>
public static class ReminderDigest
{
    /// <summary>Fixed text: nothing a person typed (a legal name, say) ever reaches a header.</summary>
    public const string Subject = "Subprocessor reviews and certifications need attention";

    public static string Body(IReadOnlyList<DigestItem> items, Uri site, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(site);
        var body = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Reviews and certifications in the subprocessor registry that need attention, as of {today:yyyy-MM-dd}:\n\n");
        foreach (var (reminder, legalName) in items)
        {
            body.Append(CultureInfo.InvariantCulture, $"- {OneLine(legalName)}: {reminder.Title}, {DateWord(reminder.Kind)} {reminder.DueOn:yyyy-MM-dd}\n")
                .Append("  ").Append(new Uri(site, $"subprocessors/{reminder.SubprocessorId}")).Append('\n');
        }

        return body
            .Append("\nEach of these is reminded once. A review is due at least every 12 months; a certification is flagged 30 days before it lapses.\n")
            .Append("You receive this as a compliance officer of the trust & compliance console, or because its settings name you (Reminders:Recipients).\n")
            .ToString();
    }

    private static string DateWord(ReminderKind kind) => kind switch
    {
        ReminderKind.ReviewDueSoon => "due",
        ReminderKind.ReviewOverdue => "was due",
        ReminderKind.CertificationExpiringSoon => "lapses",
        _ => "lapsed",
    };

    /// <summary>Names are checked where they are entered; a line break that got past that still cannot start a line of its own here.</summary>
    private static string OneLine(string text) => string.Concat(text.Select(c => char.IsControl(c) ? ' ' : c));
}
