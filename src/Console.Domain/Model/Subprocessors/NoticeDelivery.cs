namespace AdminConsole.Domain.Model.Subprocessors;

public enum DeliveryStatus
{
    /// <summary>Waiting for its first attempt, or for the next one after a temporary failure.</summary>
    Queued = 0,

    /// <summary>Claimed by the dispatcher until <see cref="NoticeDelivery.DueAt"/>; if still here after that, the claim was lost and it is tried again.</summary>
    Sending = 1,

    Sent = 2,

    /// <summary>Refused for good by the mail server, or still failing after the last attempt.</summary>
    Failed = 3,

    /// <summary>The subscriber unsubscribed before it went out.</summary>
    Skipped = 4,
}

/// <summary>
/// One notice to one confirmed subscriber: the record of who was notified, when, and after how many attempts.
/// Created for every confirmed subscriber in the same transaction as the notice (NoticeFanOut); claimed, handed
/// back and recorded as sent by the dispatcher in set-based statements, a batch at a time.
/// </summary>
public sealed class NoticeDelivery
{
    public const int ErrorMaxLength = 500;

    /// <summary>After this many attempts a temporary failure becomes final.</summary>
    public const int MaxAttempts = 8;

    /// <summary>How long a claim holds before another dispatcher may take the delivery over.</summary>
    public static readonly TimeSpan ClaimLifetime = TimeSpan.FromMinutes(5);

    private NoticeDelivery()
    {
    }

    public Guid NoticeId { get; private set; }

    public Guid SubscriptionId { get; private set; }

    public DeliveryStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset QueuedAt { get; private set; }

    /// <summary>When the next attempt may start (queued), or when the current claim runs out (sending).</summary>
    public DateTimeOffset DueAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>The mail server's last refusal; never message content.</summary>
    public string? LastError { get; private set; }

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1: 1, 2, 4 … minutes, at most 6 hours.</summary>
    public static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMinutes(Math.Min(360, Math.Pow(2, Math.Max(0, attempt - 1))));

    /// <summary>A failed attempt: queued again after the backoff when <paramref name="transient"/> and attempts remain, otherwise failed for good.</summary>
    public void MarkFailed(DateTimeOffset now, string error, bool transient)
    {
        LastError = error.Length <= ErrorMaxLength ? error : error[..ErrorMaxLength];
        if (transient && Attempts < MaxAttempts)
        {
            Status = DeliveryStatus.Queued;
            DueAt = now + Backoff(Attempts);
        }
        else
        {
            Status = DeliveryStatus.Failed;
        }
    }
}

/// <summary>
/// What a link in one notice mail stands for (unsubscribe, and object while the notice period runs): the notice,
/// the subscriber and when the link stops working. The mail carries it signed with a key of the console's own, so
/// nothing per message is stored and a link cannot be forged or altered.
/// </summary>
public sealed record NoticeLink(Guid NoticeId, Guid SubscriptionId, DateTimeOffset ExpiresAt)
{
    /// <summary>Links in notices keep working this long (RFC 8058 one-click included).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(400);

    private const byte Version = 1;
    private const int PayloadLength = 1 + 16 + 16 + 8;

    public static NoticeLink Issue(Guid noticeId, Guid subscriptionId, DateTimeOffset now) => new(noticeId, subscriptionId, now + Lifetime);

    public bool IsUsable(DateTimeOffset now) => now < ExpiresAt;

    /// <summary>The bytes that get signed: a version, both ids and the expiry in Unix seconds.</summary>
    public byte[] ToPayload()
    {
        var payload = new byte[PayloadLength];
        payload[0] = Version;
        NoticeId.TryWriteBytes(payload.AsSpan(1, 16));
        SubscriptionId.TryWriteBytes(payload.AsSpan(17, 16));
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(33), ExpiresAt.ToUnixTimeSeconds());
        return payload;
    }

    /// <summary>The link a payload describes, or null for anything of another shape or version.</summary>
    public static NoticeLink? FromPayload(ReadOnlySpan<byte> payload)
    {
        if (payload.Length != PayloadLength || payload[0] != Version)
            return null;
        var seconds = System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(payload[33..]);
        if (seconds < DateTimeOffset.MinValue.ToUnixTimeSeconds() || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            return null;
        return new NoticeLink(new Guid(payload.Slice(1, 16)), new Guid(payload.Slice(17, 16)), DateTimeOffset.FromUnixTimeSeconds(seconds));
    }
}

/// <summary>A subscriber's objection to a new subprocessor, sent through the notice's link during the notice period.</summary>
public sealed class Objection
{
    public const int ReasonMaxLength = 2000;

    private Objection()
    {
    }

    public Guid Id { get; private set; }

    public Guid NoticeId { get; private set; }

    public Guid SubprocessorId { get; private set; }

    public Guid SubscriptionId { get; private set; }

    public string? Reason { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Why objections to this notice are not taken (now), or null while they are.</summary>
    public static string? WhyClosed(Notice notice, Subprocessor subprocessor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentNullException.ThrowIfNull(subprocessor);
        if (notice.Kind != NoticeKind.Added || notice.SubprocessorId != subprocessor.Id)
            return "This notice does not announce a new subprocessor; there is nothing to object to.";
        if (subprocessor.Status != SubprocessorStatus.NoticePeriod || subprocessor.EffectiveAt is not { } effective || now >= effective)
            return "The notice period has ended; objections are no longer taken through this link. Contact your account team.";
        return null;
    }

    /// <summary>Only while the subprocessor is in the notice period this notice opened, and before its effective date.</summary>
    public static Objection Raise(Notice notice, Subprocessor subprocessor, Guid subscriptionId, string? reason, DateTimeOffset now)
    {
        if (WhyClosed(notice, subprocessor, now) is { } closed)
            throw new Common.DomainRuleException(nameof(Notice), closed);
        var text = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (text is { Length: > ReasonMaxLength })
            throw new Common.DomainRuleException(nameof(Reason), $"The reason must be at most {ReasonMaxLength} characters.");
        if (text is not null && text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
            throw new Common.DomainRuleException(nameof(Reason), "The reason must not contain control characters.");
        return new Objection
        {
            Id = Guid.NewGuid(),
            NoticeId = notice.Id,
            SubprocessorId = subprocessor.Id,
            SubscriptionId = subscriptionId,
            Reason = text,
            CreatedAt = now,
        };
    }
}
