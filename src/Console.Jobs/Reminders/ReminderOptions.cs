using AdminConsole.Jobs.Mail;

namespace AdminConsole.Jobs.Reminders;

/// <summary>The <c>Reminders</c> configuration section.</summary>
public sealed class ReminderOptions
{
    public const string SectionName = "Reminders";

    /// <summary>How often the job looks for reviews and certifications coming due.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Addresses that get the digest besides every compliance officer who has signed in with an email address.</summary>
    public List<string> Recipients { get; set; } = [];

    /// <summary>A clear message for settings the job cannot work with; null when it can.</summary>
    public string? Problem()
    {
        if (Interval <= TimeSpan.Zero)
            return $"Reminders:Interval must be longer than zero (for example 01:00:00); it is {Interval}.";
        var invalid = Recipients.Where(r => !OutgoingMail.IsValidAddress(r)).ToList();
        if (invalid.Count > 0)
            return $"Reminders:Recipients must be mail addresses (for example compliance@example.com); not valid: {string.Join(", ", invalid.Select(r => $"'{r}'"))}.";
        return null;
    }
}
