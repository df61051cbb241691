using System.Globalization;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Jobs.Mail;

namespace AdminConsole.Jobs.Notices;

/// <summary>The mail a subscriber receives for a notice, with its unsubscribe (RFC 8058 one-click) and objection links.</summary>
public static class NoticeMail
{
    public const string ObjectPath = "/trust/object";

    public static OutgoingMail Compose(Notice notice, Guid subscriptionId, string email, string? company, string linkToken, Uri site, string messageHost)
    {
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentNullException.ThrowIfNull(site);
        var unsubscribe = Link(site, Subscriptions.SubscriptionService.UnsubscribePath, linkToken);
        var body = new System.Text.StringBuilder()
            .Append(notice.Title).Append("\n\n")
            .Append(notice.Summary).Append("\n\n")
            .Append(CultureInfo.InvariantCulture, $"Published {notice.PublishedAt:yyyy-MM-dd HH:mm} UTC; effective {notice.EffectiveAt:yyyy-MM-dd HH:mm} UTC.\n")
            .Append(CultureInfo.InvariantCulture, $"The current list of subprocessors: {new Uri(site, "trust")}\n\n");
        if (notice.Kind == NoticeKind.Added)
        {
            body.Append(CultureInfo.InvariantCulture, $"To object before {notice.EffectiveAt:yyyy-MM-dd HH:mm} UTC, use this link (it is yours alone):\n")
                .Append(Link(site, ObjectPath, linkToken)).Append("\n\n");
        }

        body.Append("You receive this because you subscribed to subprocessor notices")
            .Append(string.IsNullOrEmpty(company) ? string.Empty : $" for {company}")
            .Append(".\nUnsubscribe: ").Append(unsubscribe).Append('\n');
        return new OutgoingMail(
            email,
            notice.Title,
            body.ToString(),
            MessageId(notice.Id, subscriptionId, messageHost),
            [
                new("List-Unsubscribe", $"<{unsubscribe}>"),
                new("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
                new("List-Id", $"Subprocessor notices <subprocessor-notices.{messageHost}>"),
                new("Auto-Submitted", "auto-generated"),
            ]);
    }

    /// <summary>The same for every attempt at one delivery, so a copy sent again after a crash is the same message to the recipient's mail system.</summary>
    public static string MessageId(Guid noticeId, Guid subscriptionId, string host) => $"notice-{noticeId:N}.{subscriptionId:N}@{host}";

    private static Uri Link(Uri site, string path, string token) => new(site, $"{path.TrimStart('/')}?token={Uri.EscapeDataString(token)}");
}
