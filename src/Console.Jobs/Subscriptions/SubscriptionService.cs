using System.Net.Mail;
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
public sealed class SubscriptionService(IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider clock, MailSender mail)
{
    public const string ConfirmPath = "/trust/confirm";
    public const string UnsubscribePath = "/trust/unsubscribe";

    /// <summary>Records the request and mails a confirmation link; a confirmed address gets nothing new.</summary>
    public async Task SubscribeAsync(string? email, string? company, Uri site, string? sourceIp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(site);
        var normalized = Subscription.Normalize(email);
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var subscription = await db.Subscriptions.Include(s => s.Tokens).SingleOrDefaultAsync(s => s.NormalizedEmail == normalized, cancellationToken).ConfigureAwait(false);
        string token;
        if (subscription is null)
        {
            (subscription, token) = Subscription.Request(email, company, now);
            db.Subscriptions.Add(subscription);
        }
        else if (subscription.Status == SubscriptionStatus.Confirmed)
        {
            return;
        }
        else
        {
            token = subscription.RequestAgain(company, now);
        }

        db.Audit(Public(sourceIp), new AuditRecord("subscription.requested", "Subscription", subscription.Id.ToString(), null, null, new { Status = subscription.Status.ToString() }), now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);

        using var message = new MailMessage { Subject = "Confirm your subscription to subprocessor notices" };
        message.To.Add(new MailAddress(subscription.Email));
        message.Body =
            "Someone, probably you, asked to be told about changes to the subprocessors that process customer data.\n\n" +
            $"Confirm the subscription here (the link works for {Subscription.ConfirmTokenLifetime.TotalHours:0} hours, once):\n" +
            $"{new Uri(site, $"{ConfirmPath.TrimStart('/')}?token={Uri.EscapeDataString(token)}")}\n\n" +
            "If it was not you, ignore this message: nothing is sent without confirmation.\n";
        await mail.SendAsync(message, cancellationToken).ConfigureAwait(false);
    }

    public Task<bool> ConfirmAsync(string? token, string? sourceIp, CancellationToken cancellationToken) =>
        UseTokenAsync(token, TokenPurpose.Confirm, "subscription.confirmed", (s, now) => s.Confirm(token, now), sourceIp, cancellationToken);

    public Task<bool> UnsubscribeAsync(string? token, string? sourceIp, CancellationToken cancellationToken) =>
        UseTokenAsync(token, TokenPurpose.Unsubscribe, "subscription.unsubscribed", (s, now) => s.Unsubscribe(token, now), sourceIp, cancellationToken);

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
