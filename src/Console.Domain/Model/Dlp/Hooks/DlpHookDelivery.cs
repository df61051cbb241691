using System.Security.Cryptography;
using System.Text.Json;

namespace AdminConsole.Domain.Model.Dlp.Hooks;

public enum DlpHookDeliveryStatus
{
    /// <summary>Waiting for its first attempt or, after a failure, for <see cref="DlpHookDelivery.NextAttemptAt"/>.</summary>
    Pending = 0,

    Delivered = 1,

    /// <summary>Still failing after the last attempt, or refused for good (410 Gone): kept for replay.</summary>
    DeadLettered = 2,

    /// <summary>Never to be sent: its hook was disabled or deleted before it went out.</summary>
    Cancelled = 3,
}

/// <summary>
/// One event for one hook, queued in the same transaction as the change it reports. The body is made once, at
/// enqueue, and every attempt sends exactly it under the same <see cref="MessageId"/> (the receiver's deduplication
/// key); only the timestamp and the signature over it are new per attempt. A dispatcher holds a delivery while
/// <see cref="ClaimedUntil"/> is ahead and writes its outcome only while <see cref="ClaimToken"/> is still its own.
/// </summary>
public sealed class DlpHookDelivery
{
    public const int MessageIdLength = 4 + 32;
    public const int EventTypeMaxLength = 64;
    public const int ErrorMaxLength = 300;
    public const int SubjectMaxLength = 200;

    private DlpHookDelivery()
    {
        MessageId = string.Empty;
        EventType = string.Empty;
        Body = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid HookId { get; private set; }

    public Guid WorkspaceId { get; private set; }

    /// <summary><c>msg_</c> + 32 random hex digits: the <c>webhook-id</c> and the CloudEvents <c>id</c>.</summary>
    public string MessageId { get; private set; }

    public string EventType { get; private set; }

    /// <summary>The CloudEvents JSON exactly as signed and sent.</summary>
    public string Body { get; private set; }

    public DlpHookDeliveryStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    public DateTimeOffset? LastAttemptAt { get; private set; }

    public int? LastStatusCode { get; private set; }

    /// <summary>What went wrong last, in a few words: a status line or a network error, never a header or secret.</summary>
    public string? LastError { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ClaimedUntil { get; private set; }

    public Guid? ClaimToken { get; private set; }

    /// <summary>A delivery of <paramref name="eventType"/> with its CloudEvents 1.0 body.</summary>
    public static DlpHookDelivery Create(DlpHook hook, string eventType, string? subject, object data, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(hook);
        if (!DlpHookEvents.IsKnown(eventType))
            throw new ArgumentException($"'{eventType}' is not a DLP hook event.", nameof(eventType));
        var messageId = NewMessageId();
        var body = JsonSerializer.Serialize(new CloudEvent(
            "1.0", messageId, $"/adminconsole/workspaces/{hook.WorkspaceId}", DlpHookEvents.CloudEventType(eventType), now.UtcDateTime, "application/json",
            subject is { Length: > SubjectMaxLength } ? subject[..SubjectMaxLength] : subject, data), CloudEventJson);
        return new DlpHookDelivery
        {
            Id = Guid.NewGuid(),
            HookId = hook.Id,
            WorkspaceId = hook.WorkspaceId,
            MessageId = messageId,
            EventType = eventType,
            Body = body,
            Status = DlpHookDeliveryStatus.Pending,
            NextAttemptAt = now,
            CreatedAt = now,
        };
    }

    public static string NewMessageId() => "msg_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public void MarkDelivered(int statusCode, DateTimeOffset now)
    {
        Status = DlpHookDeliveryStatus.Delivered;
        LastAttemptAt = now;
        LastStatusCode = statusCode;
        LastError = null;
        DeliveredAt = now;
        ReleaseClaim();
    }

    /// <summary>
    /// A failed attempt: pending again at <paramref name="retryAt"/> while attempts remain, dead-lettered after
    /// <paramref name="maxAttempts"/>, or at once when <paramref name="final"/>.
    /// </summary>
    public void MarkFailed(int? statusCode, string error, DateTimeOffset now, DateTimeOffset retryAt, int maxAttempts, bool final = false)
    {
        ArgumentNullException.ThrowIfNull(error);
        LastAttemptAt = now;
        LastStatusCode = statusCode;
        LastError = error.Length <= ErrorMaxLength ? error : error[..ErrorMaxLength];
        if (final || Attempts >= maxAttempts)
        {
            Status = DlpHookDeliveryStatus.DeadLettered;
        }
        else
        {
            Status = DlpHookDeliveryStatus.Pending;
            NextAttemptAt = retryAt;
        }

        ReleaseClaim();
    }

    public void Cancel(string reason)
    {
        if (Status != DlpHookDeliveryStatus.Pending)
            return;
        Status = DlpHookDeliveryStatus.Cancelled;
        LastError = reason.Length <= ErrorMaxLength ? reason : reason[..ErrorMaxLength];
        ReleaseClaim();
    }

    /// <summary>A dead letter sent again: a fresh budget of attempts, the same message id and body.</summary>
    public void Replay(DateTimeOffset now)
    {
        if (Status != DlpHookDeliveryStatus.DeadLettered)
            throw new Common.DomainRuleException(nameof(Status), "Only a dead-lettered delivery can be replayed.");
        Status = DlpHookDeliveryStatus.Pending;
        Attempts = 0;
        NextAttemptAt = now;
        ReleaseClaim();
    }

    private void ReleaseClaim()
    {
        ClaimedUntil = null;
        ClaimToken = null;
    }

    private static readonly JsonSerializerOptions CloudEventJson = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private sealed record CloudEvent(string Specversion, string Id, string Source, string Type, DateTime Time, string Datacontenttype, string? Subject, object Data);
}
