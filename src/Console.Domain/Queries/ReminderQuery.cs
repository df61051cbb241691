using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Queries;

public sealed record SentReminder(string Title, DateOnly DueOn, DateTimeOffset SentAt, int Recipients);

/// <summary>The reminders compliance officers were sent about one subprocessor, newest first.</summary>
public static class ReminderQuery
{
    public const int MaxRows = 50;

    public static async Task<IReadOnlyList<SentReminder>> SentForSubprocessorAsync(ConsoleDbContext db, Guid subprocessorId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var reminders = await db.Reminders.AsNoTracking()
            .Where(r => r.SubprocessorId == subprocessorId && r.SentAt != null)
            .OrderByDescending(r => r.SentAt).ThenByDescending(r => r.DueOn)
            .Take(MaxRows)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return reminders.Select(r => new SentReminder(r.Title, r.DueOn, r.SentAt!.Value, r.Recipients)).ToList();
    }
}
