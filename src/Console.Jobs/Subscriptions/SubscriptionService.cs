using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using AdminConsole.Jobs.Mail;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Jobs.Subscriptions;

/// <summary>
/// Subscribing to subprocessor notices from the public trust page. Every request gets the same answer, whether
/// or not the address is already known, so the form cannot be used to learn who subscribes.
/// </summary>
public sealed class SubscriptionService(IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider clock, MailSender mail, Notices.NoticeLinks links, ConfirmationMails confirmations)
{
    public const string ConfirmPath = "/trust/confirm";
    public const string UnsubscribePath = "/trust/unsubscribe";

    /// <summary>
    /// Records the request and queues a mail with a confirmation link; a confirmed address gets nothing new. Both
    /// record the request the same way and neither waits for a mail server, so the answer takes as long either way.
    /// </summary>
    public async Task SubscribeAsync(string? email, string? company, string? sourceIp, CancellationToken cancellationToken)
    {
        var normalized = Subscription.Normalize(email);
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var subscription = await db.Subscriptions.Include(s => s.Tokens).SingleOrDefaultAsync(s => s.NormalizedEmail == normalized, cancellationToken).ConfigureAwait(false);
        string? token = null;
        if (subscription is null)
        {
            (subscription, token) = Subscription.Request(email, company, now);
            db.Subscriptions.Add(subscription);
        }
        else if (subscription.Status != SubscriptionStatus.Confirmed)
        {
            token = subscription.RequestAgain(company, now);
        }

        db.Audit(Public(sourceIp), new AuditRecord("subscription.requested", "Subscription", subscription.Id.ToString(), null, null, new { Status = subscription.Status.ToString() }), now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        if (token is null)
            return;

        var body =
            "Someone, probably you, asked to be told about changes to the subprocessors that process customer data.\n\n" +
            $"Confirm the subscription here (the link works for {Subscription.ConfirmTokenLifetime.TotalHours:0} hours, once):\n" +
            $"{new Uri(mail.Options.SiteUrl, $"{ConfirmPath.TrimStart('/')}?token={Uri.EscapeDataString(token)}")}\n\n" +
            "If it was not you, ignore this message: nothing is sent without confirmation.\n";
        confirmations.Enqueue(new OutgoingMail(subscription.Email, "Confirm your subscription to subprocessor notices", body));
    }

    public Task<bool> ConfirmAsync(string? token, string? sourceIp, CancellationToken cancellationToken) =>
        UseTokenAsync(token, TokenPurpose.Confirm, "subscription.confirmed", (s, now) => s.Confirm(token, now), sourceIp, cancellationToken);

    /// <summary>Unsubscribes through a notice's link; true also when it had been done before (mail clients may repeat a one-click POST).</summary>
    public async Task<bool> UnsubscribeAsync(string? token, string? sourceIp, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (await links.ReadAsync(token, now, cancellationToken).ConfigureAwait(false) is not { } link)
            return false;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var subscription = await db.Subscriptions.Include(s => s.Tokens).SingleOrDefaultAsync(s => s.Id == link.SubscriptionId, cancellationToken).ConfigureAwait(false);
        if (subscription is null)
            return false;
        if (subscription.Unsubscribe(now))
        {
            db.Audit(Public(sourceIp), new AuditRecord("subscription.unsubscribed", "Subscription", subscription.Id.ToString(), null, null, new { Status = subscription.Status.ToString(), Notice = link.NoticeId }), now);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>What the objection page shows for a notice link; null for an unknown, forged or expired one.</summary>
    public async Task<ObjectionTarget?> FindObjectionTargetAsync(string? token, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await LoadObjectionAsync(db, token, now, cancellationToken).ConfigureAwait(false) is { } found
            ? new ObjectionTarget(found.Notice.Title, found.Notice.EffectiveAt, found.AlreadyObjected, Objection.WhyClosed(found.Notice, found.Subprocessor, now))
            : null;
    }

    /// <summary>Records the subscriber's objection to the notice the link came with; once per subscriber and notice.</summary>
    public async Task<ObjectionResult> ObjectAsync(string? token, string? reason, string? sourceIp, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (await LoadObjectionAsync(db, token, now, cancellationToken).ConfigureAwait(false) is not { } found)
            return new ObjectionResult(ObjectionOutcome.InvalidLink, "This link is not valid any more.");
        var (link, notice, subprocessor, already) = found;
        if (already)
            return new ObjectionResult(ObjectionOutcome.AlreadyRecorded, "Your objection to this change was already recorded.");
        Objection objection;
        try
        {
            objection = Objection.Raise(notice, subprocessor, link.SubscriptionId, reason, now);
        }
        catch (DomainRuleException ex)
        {
            return new ObjectionResult(ex.Field == nameof(Objection.Reason) ? ObjectionOutcome.InvalidReason : ObjectionOutcome.Closed, ex.Message);
        }

        db.Objections.Add(objection);
        db.Audit(Public(sourceIp), new AuditRecord("subprocessor.objection", "Subprocessor", subprocessor.Id.ToString(), null, null, new
        {
            Notice = notice.Id,
            Subscription = link.SubscriptionId,
            Reason = objection.Reason is null ? "(none given)" : $"{objection.Reason.Length} characters",
        }), now);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            // The same form sent twice at once: the unique index kept one.
            return new ObjectionResult(ObjectionOutcome.AlreadyRecorded, "Your objection to this change was already recorded.");
        }

        return new ObjectionResult(ObjectionOutcome.Recorded, $"Your objection is recorded. The compliance team sees it before {notice.EffectiveAt:yyyy-MM-dd HH:mm} UTC, when the change takes effect.");
    }

    /// <summary>A notice link by its token with its notice, the subprocessor, and whether this subscriber already objected.</summary>
    private async Task<(NoticeLink Link, Notice Notice, Subprocessor Subprocessor, bool AlreadyObjected)?> LoadObjectionAsync(
        ConsoleDbContext db, string? token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await links.ReadAsync(token, now, cancellationToken).ConfigureAwait(false) is not { } link)
            return null;
        var notice = await db.Notices.AsNoTracking().SingleOrDefaultAsync(n => n.Id == link.NoticeId, cancellationToken).ConfigureAwait(false);
        if (notice is null)
            return null;
        var subprocessor = await db.Subprocessors.AsNoTracking().SingleAsync(s => s.Id == notice.SubprocessorId, cancellationToken).ConfigureAwait(false);
        var already = await db.Objections.AnyAsync(o => o.NoticeId == notice.Id && o.SubscriptionId == link.SubscriptionId, cancellationToken).ConfigureAwait(false);
        return (link, notice, subprocessor, already);
    }

    private async Task<bool> UseTokenAsync(string? token, TokenPurpose purpose, string action, Action<Subscription, DateTimeOffset> use, string? sourceIp, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
            return false;
        var hash = Subscription.Hash(token);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var owner = await db.SubscriptionTokens.AsNoTracking().Where(t => t.Hash == hash && t.Purpose == purpose).Select(t => (Guid?)t.SubscriptionId)
            .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (owner is null)
            return false;
        var subscription = await db.Subscriptions.Include(s => s.Tokens).SingleAsync(s => s.Id == owner, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        try
        {
            use(subscription, now);
        }
        catch (DomainRuleException)
        {
            return false;
        }

        db.Audit(Public(sourceIp), new AuditRecord(action, "Subscription", subscription.Id.ToString(), null, null, new { Status = subscription.Status.ToString() }), now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static AuditActor Public(string? sourceIp) => new("public", "Trust page visitor", "none", sourceIp);
}

public sealed record ObjectionTarget(string NoticeTitle, DateTimeOffset EffectiveAt, bool AlreadyObjected, string? ClosedReason);

public enum ObjectionOutcome
{
    Recorded,
    AlreadyRecorded,
    InvalidLink,
    InvalidReason,
    Closed,
}

public sealed record ObjectionResult(ObjectionOutcome Outcome, string Message);
