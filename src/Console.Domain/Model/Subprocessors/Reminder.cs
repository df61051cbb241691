namespace AdminConsole.Domain.Model.Subprocessors;

public enum ReminderKind
{
    ReviewDueSoon = 0,
    ReviewOverdue = 1,
    CertificationExpiringSoon = 2,
    CertificationExpired = 3,
}

/// <summary>
/// One occurrence the compliance officers are reminded of: a review coming due or overdue, a certification about
/// to lapse or lapsed. An occurrence is its subprocessor, kind, subject and due date, and it is reminded once:
/// recording a review (which moves the due date) or renewing a certificate makes a new occurrence later.
/// </summary>
public sealed class Reminder
{
    /// <summary>Enough for any <see cref="CertificationType"/> name.</summary>
    public const int SubjectMaxLength = 40;

    private Reminder()
    {
        Subject = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid SubprocessorId { get; private set; }

    public ReminderKind Kind { get; private set; }

    /// <summary>What within the subprocessor: the certification type; empty for reviews.</summary>
    public string Subject { get; private set; }

    /// <summary>The review's due date, or the certificate's expiry.</summary>
    public DateOnly DueOn { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When the digest naming it went out; null while it waits to be sent.</summary>
    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>How many people the digest reached.</summary>
    public int Recipients { get; private set; }

    public ReminderOccurrence Occurrence => new(SubprocessorId, Kind, Subject, DueOn);

    public string Title => Kind switch
    {
        ReminderKind.ReviewDueSoon => "Review due soon",
        ReminderKind.ReviewOverdue => "Review overdue",
        ReminderKind.CertificationExpiringSoon => $"{SubjectName} certification expiring",
        ReminderKind.CertificationExpired => $"{SubjectName} certification expired",
        _ => Kind.ToString(),
    };

    // The subject is stored as the certification's code (it is part of the reminder's key); people read its display name.
    private string SubjectName => Enum.TryParse<CertificationType>(Subject, out var type) && Enum.IsDefined(type) ? type.Label() : Subject;

    /// <summary>
    /// The reminders a subprocessor calls for on <paramref name="today"/>: its review when due within
    /// <paramref name="reviewDueSoonDays"/> days or overdue (authorized ones only), and each certification that
    /// lapses soon or has lapsed. Retired subprocessors call for none.
    /// </summary>
    public static IReadOnlyList<Reminder> DueFor(Subprocessor subprocessor, DateOnly today, int reviewDueSoonDays, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(subprocessor);
        if (subprocessor.Status == SubprocessorStatus.Retired)
            return [];
        var due = new List<Reminder>();
        if (subprocessor.ReviewDueOn() is { } reviewDue)
        {
            if (reviewDue < today)
                due.Add(New(subprocessor.Id, ReminderKind.ReviewOverdue, string.Empty, reviewDue, now));
            else if (reviewDue <= today.AddDays(reviewDueSoonDays))
                due.Add(New(subprocessor.Id, ReminderKind.ReviewDueSoon, string.Empty, reviewDue, now));
        }

        foreach (var certification in subprocessor.Certifications)
        {
            if (certification.IsExpired(today))
                due.Add(New(subprocessor.Id, ReminderKind.CertificationExpired, certification.Type.ToString(), certification.ExpiresOn, now));
            else if (certification.ExpiresSoon(today))
                due.Add(New(subprocessor.Id, ReminderKind.CertificationExpiringSoon, certification.Type.ToString(), certification.ExpiresOn, now));
        }

        return due;
    }

    public void MarkSent(DateTimeOffset now, int recipients)
    {
        if (SentAt is not null)
            throw new InvalidOperationException("The reminder was already sent.");
        ArgumentOutOfRangeException.ThrowIfLessThan(recipients, 1);
        SentAt = now;
        Recipients = recipients;
    }

    private static Reminder New(Guid subprocessorId, ReminderKind kind, string subject, DateOnly dueOn, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(),
        SubprocessorId = subprocessorId,
        Kind = kind,
        Subject = subject.Length <= SubjectMaxLength ? subject : subject[..SubjectMaxLength],
        DueOn = dueOn,
        CreatedAt = now,
    };
}

/// <summary>What makes a reminder the same occurrence as another (the unique key of the reminders table).</summary>
public readonly record struct ReminderOccurrence(Guid SubprocessorId, ReminderKind Kind, string Subject, DateOnly DueOn);
