using System.Globalization;
using System.Net.Mail;
using AdminConsole.Domain.Model.Access;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using AdminConsole.Jobs.Mail;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Jobs.Reminders;

/// <summary>
/// Reminds the compliance officers of reviews coming due or overdue and of certifications lapsing or lapsed. Each
/// run records the occurrences it finds (the unique index keeps one per occurrence, whichever run or node finds it
/// first), then sends every recipient one digest of all that wait and marks them sent. A reminder is sent at least
/// once: when no digest gets through, they all wait for the next run.
/// </summary>
public sealed class ReminderService(IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider clock, MailSender mail, ReminderOptions options)
{
    public const string JobName = "reminders";

    /// <summary>The most reminders one digest names; any more wait for the next run.</summary>
    public const int DigestLimit = 200;

    public async Task<JobRunResult> RunAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        await RecordAsync(today, cancellationToken).ConfigureAwait(false);
        var pending = await PendingAsync(cancellationToken).ConfigureAwait(false);
        if (pending.Count == 0)
            return new JobRunResult(0, 0, null);
        var recipients = await RecipientsAsync(cancellationToken).ConfigureAwait(false);
        if (recipients.Count == 0)
        {
            return new JobRunResult(0, 1,
                $"no one to remind: {pending.Count} reminder(s) wait until a compliance officer with an email address signs in or Reminders:Recipients names someone.");
        }

        var body = ReminderDigest.Body(pending, mail.Options.SiteUrl, today);
        int delivered = 0, errors = 0;
        string? firstError = null;
        IMailBatch? batch = null;
        try
        {
            foreach (var recipient in recipients)
            {
                try
                {
                    // One connection for every digest; a stop request never cuts one off half-way: only time-outs end it.
                    batch ??= await mail.OpenAsync(CancellationToken.None).ConfigureAwait(false);
                    await batch.SendAsync(new OutgoingMail(recipient, ReminderDigest.Subject, body, headers: [new("Auto-Submitted", "auto-generated")]), CancellationToken.None)
                        .ConfigureAwait(false);
                    delivered++;
                }
                catch (Exception ex) when (MailSender.IsFailure(ex))
                {
                    errors++;
                    firstError ??= ex is MailDeliveryException ? MailSender.Describe(ex) : $"The mail server cannot be reached: {MailSender.Describe(ex)}";

                    // Without an answer from the server the next recipient would only fail the same way.
                    if (ex is not MailDeliveryException)
                        break;
                }
            }
        }
        finally
        {
            if (batch is not null)
                await batch.DisposeAsync().ConfigureAwait(false);
        }

        // One digest that got through is a reminder given; one that reached nobody is tried again next run.
        if (delivered == 0)
            return new JobRunResult(0, errors, firstError);
        var sent = await MarkSentAsync(pending, delivered).ConfigureAwait(false);
        return new JobRunResult(sent, errors, firstError);
    }

    /// <summary>
    /// Inserts the occurrences found today that are not recorded yet, and withdraws unsent ones that no longer
    /// apply (a review recorded, a certificate renewed, a subprocessor retired, a due-soon one gone overdue).
    /// </summary>
    private async Task RecordAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        List<Reminder> current;
        List<(Guid Id, ReminderOccurrence Occurrence, bool Sent)> recorded;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            // The registry holds tens to hundreds of entries: the rules run on the loaded active ones, as for the dashboard.
            var active = await db.Subprocessors.AsNoTracking().Include(s => s.Reviews)
                .Where(s => s.Status != SubprocessorStatus.Retired)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            current = active.SelectMany(s => Reminder.DueFor(s, today, RegistrySummaryQuery.DueSoonDays, now)).ToList();

            // Any row with a current occurrence's key is due on or after the earliest of them.
            var earliest = current.Count == 0 ? DateOnly.MaxValue : current.Min(r => r.DueOn);
            recorded = (await db.Reminders.AsNoTracking()
                    .Where(r => r.SentAt == null || r.DueOn >= earliest)
                    .Select(r => new { r.Id, r.SubprocessorId, r.Kind, r.Subject, r.DueOn, Sent = r.SentAt != null })
                    .ToListAsync(cancellationToken).ConfigureAwait(false))
                .Select(r => (r.Id, new ReminderOccurrence(r.SubprocessorId, r.Kind, r.Subject, r.DueOn), r.Sent))
                .ToList();
        }

        var known = recorded.Select(r => r.Occurrence).ToHashSet();
        foreach (var reminder in current.Where(r => !known.Contains(r.Occurrence)))
            await InsertAsync(reminder, cancellationToken).ConfigureAwait(false);

        var occurring = current.Select(r => r.Occurrence).ToHashSet();
        var stale = recorded.Where(r => !r.Sent && !occurring.Contains(r.Occurrence)).Select(r => r.Id).ToList();
        if (stale.Count > 0)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            await db.Reminders.Where(r => stale.Contains(r.Id) && r.SentAt == null).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task InsertAsync(Reminder reminder, CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            db.Reminders.Add(reminder);
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (DbUpdateException)
            {
                // Most likely another run recorded the same occurrence first; checked below, on a fresh connection.
            }
        }

        var (subprocessorId, kind, subject, dueOn) = reminder.Occurrence;
        await using var check = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (!await check.Reminders.AnyAsync(r => r.SubprocessorId == subprocessorId && r.Kind == kind && r.Subject == subject && r.DueOn == dueOn, cancellationToken)
                .ConfigureAwait(false))
            throw new InvalidOperationException($"The reminder '{reminder.Title}' for subprocessor {subprocessorId} could not be recorded.");
    }

    private async Task<List<DigestItem>> PendingAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await (
                from r in db.Reminders.AsNoTracking()
                join s in db.Subprocessors on r.SubprocessorId equals s.Id
                where r.SentAt == null && s.Status != SubprocessorStatus.Retired
                orderby r.DueOn, s.LegalName, r.Kind
                select new { Reminder = r, s.LegalName })
            .Take(DigestLimit)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(r => new DigestItem(r.Reminder, r.LegalName)).ToList();
    }

    /// <summary>Every compliance officer with a usable email address, then the configured addresses; each address once.</summary>
    private async Task<List<string>> RecipientsAsync(CancellationToken cancellationToken)
    {
        List<ConsoleUser> officers;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            // Narrowed in SQL, decided on the exact role list.
            officers = await db.Users.AsNoTracking()
                .Where(u => u.Email != string.Empty && u.Roles.Contains(ConsoleRoles.ComplianceOfficer))
                .OrderBy(u => u.Email)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        var addresses = officers.Where(u => u.RoleList.Contains(ConsoleRoles.ComplianceOfficer)).Select(u => u.Email).Concat(options.Recipients);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        return addresses
            .Where(a => OutgoingMail.IsValidAddress(a) && seen.Add(new MailAddress(a).Address))
            .ToList();
    }

    /// <summary>Marks the reminders sent with their audit entry, in one transaction; returns how many were marked.</summary>
    private async Task<int> MarkSentAsync(IReadOnlyList<DigestItem> items, int recipients)
    {
        var ids = items.Select(i => i.Reminder.Id).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None).ConfigureAwait(false);
        var reminders = await db.Reminders.Where(r => ids.Contains(r.Id) && r.SentAt == null).ToListAsync(CancellationToken.None).ConfigureAwait(false);
        if (reminders.Count == 0)
            return 0;
        var now = clock.GetUtcNow();
        foreach (var reminder in reminders)
            reminder.MarkSent(now, recipients);
        int Count(ReminderKind kind) => reminders.Count(r => r.Kind == kind);
        db.Audit(AuditActor.Job(JobName), new AuditRecord("reminders.sent", "Reminder", now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), null, null, new
        {
            Reminders = reminders.Count,
            Recipients = recipients,
            Subprocessors = reminders.Select(r => r.SubprocessorId).Distinct().Count(),
            ReviewsDueSoon = Count(ReminderKind.ReviewDueSoon),
            ReviewsOverdue = Count(ReminderKind.ReviewOverdue),
            CertificationsExpiringSoon = Count(ReminderKind.CertificationExpiringSoon),
            CertificationsExpired = Count(ReminderKind.CertificationExpired),
        }), now);
        await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
        return reminders.Count;
    }
}
