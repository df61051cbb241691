using AdminConsole.Domain.Model.Common;

namespace AdminConsole.Domain.Model.Posture;

/// <summary>One rule's count in a snapshot.</summary>
public sealed record PostureRuleCount(string RuleCode, int Count);

/// <summary>
/// The posture's counts per rule on one day (UTC), kept for the trend chart: one per day, taken by a job. Rules
/// added later simply have no count on the days before they existed.
/// </summary>
public sealed class PostureSnapshot
{
    private readonly List<PostureRuleCount> _counts = [];

    private PostureSnapshot()
    {
    }

    public Guid Id { get; private set; }

    public DateOnly Day { get; private set; }

    public DateTimeOffset TakenAt { get; private set; }

    public IReadOnlyCollection<PostureRuleCount> Counts => _counts.AsReadOnly();

    public int Total => _counts.Sum(c => c.Count);

    public static PostureSnapshot Take(IEnumerable<PostureRuleCount> counts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var snapshot = new PostureSnapshot { Id = Guid.NewGuid(), Day = DateOnly.FromDateTime(now.UtcDateTime), TakenAt = now };
        foreach (var count in counts)
        {
            if (string.IsNullOrWhiteSpace(count.RuleCode) || count.RuleCode.Length > PostureRule.CodeMaxLength)
                throw new DomainRuleException(nameof(PostureRuleCount.RuleCode), "Each count names its rule by its code.");
            if (count.Count < 0)
                throw new DomainRuleException(nameof(PostureRuleCount.Count), "A count cannot be negative.");
            if (snapshot._counts.Any(c => c.RuleCode == count.RuleCode))
                throw new DomainRuleException(nameof(PostureRuleCount.RuleCode), $"The rule {count.RuleCode} is counted twice.");
            snapshot._counts.Add(count);
        }

        return snapshot;
    }
}
