using AdminConsole.Domain.Model.Lifecycle;
using AdminConsole.Domain.Model.Workspaces;

namespace AdminConsole.Domain.Model.Jobs;

/// <summary>
/// What a purge run did for one kind of data of one plan, and what it left: the items purged (counted batch by
/// batch, in the same transaction as each delete, so a run killed half-way still tells the truth), the items a
/// legal hold kept, and the oldest item still present against the promise. This is what an audit report quotes.
/// </summary>
public sealed class JobRunEvidence
{
    private JobRunEvidence()
    {
    }

    public Guid RunId { get; private set; }

    public DataKind Kind { get; private set; }

    public Plan Plan { get; private set; }

    /// <summary>The promise: items are gone this many days after they were created (or deleted).</summary>
    public int LimitDays { get; private set; }

    /// <summary>
    /// The items purged. Where several plans share a limit in a run, a job may count their purges together, on the row
    /// of the first of them (the others keep 0): the evidence is read per kind and limit, the plans of it together.
    /// </summary>
    public long Purged { get; private set; }

    /// <summary>Past their time but kept by a legal hold.</summary>
    public long Held { get; private set; }

    /// <summary>When the oldest item still present (not under a hold) started its clock: created, or deleted.</summary>
    public DateTimeOffset? OldestPresentAt { get; private set; }

    /// <summary>How far past the promise the oldest item was when the run finished; zero when within it.</summary>
    public TimeSpan Lag { get; private set; }

    public static JobRunEvidence Start(Guid runId, DataKind kind, Plan plan, int limitDays) =>
        new() { RunId = runId, Kind = kind, Plan = plan, LimitDays = limitDays };

    /// <summary>What was left at the end of the run, measured against the promise at <paramref name="now"/>.</summary>
    public void Close(long held, DateTimeOffset? oldestPresentAt, DateTimeOffset now)
    {
        Held = held;
        OldestPresentAt = oldestPresentAt;
        var due = oldestPresentAt + TimeSpan.FromDays(LimitDays);
        Lag = due is { } d && now > d ? now - d : TimeSpan.Zero;
    }
}
