using AdminConsole.Domain.Model.Common;

namespace AdminConsole.Domain.Model.Lifecycle;

/// <summary>
/// A legal hold on a workspace: while it is in force, no purge touches the workspace's data, whatever the
/// retention policy says. It starts at <see cref="From"/>, ends at <see cref="Until"/> (if set) or when lifted.
/// </summary>
public sealed class LegalHold
{
    public const int ReasonMaxLength = 1000;
    public const int ByMaxLength = 200;

    private LegalHold()
    {
        Reason = string.Empty;
        PlacedBy = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid WorkspaceId { get; private set; }

    public string Reason { get; private set; }

    public string PlacedBy { get; private set; }

    public DateTimeOffset PlacedAt { get; private set; }

    public DateTimeOffset From { get; private set; }

    public DateTimeOffset? Until { get; private set; }

    public DateTimeOffset? LiftedAt { get; private set; }

    public string? LiftedBy { get; private set; }

    public static LegalHold Place(Guid workspaceId, string? reason, DateTimeOffset from, DateTimeOffset? until, string placedBy, DateTimeOffset now)
    {
        if (workspaceId == Guid.Empty)
            throw new DomainRuleException(nameof(WorkspaceId), "Workspace is required.");
        if (until is { } end && end <= from)
            throw new DomainRuleException(nameof(Until), "The hold must end after it starts.");
        if (until is { } past && past <= now)
            throw new DomainRuleException(nameof(Until), "The end of the hold must be in the future.");
        return new LegalHold
        {
            Id = Guid.NewGuid(),
            WorkspaceId = workspaceId,
            Reason = Guard.Text(reason, nameof(Reason), "Reason", ReasonMaxLength),
            PlacedBy = Guard.Text(placedBy, nameof(PlacedBy), "Placed by", ByMaxLength),
            PlacedAt = now,
            From = from,
            Until = until,
        };
    }

    /// <summary>In force at <paramref name="now"/>: started, not ended, not lifted.</summary>
    public bool IsInForce(DateTimeOffset now) => IsInForce(From, Until, LiftedAt, now);

    /// <summary>The rule of <see cref="IsInForce(DateTimeOffset)"/> for a hold read as a row rather than loaded.</summary>
    public static bool IsInForce(DateTimeOffset from, DateTimeOffset? until, DateTimeOffset? liftedAt, DateTimeOffset now) =>
        liftedAt is null && from <= now && (until is null || now < until);

    public void Lift(string liftedBy, DateTimeOffset now)
    {
        if (LiftedAt is not null)
            throw new DomainRuleException(nameof(LiftedAt), "The hold was already lifted.");
        LiftedBy = Guard.Text(liftedBy, nameof(LiftedBy), "Lifted by", ByMaxLength);
        LiftedAt = now;
    }
}
