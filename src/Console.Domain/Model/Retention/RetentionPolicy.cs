using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Workspaces;

namespace AdminConsole.Domain.Model.Retention;

/// <summary>
/// The retention policy of one plan: the terms in force now, and every earlier version of them. The jobs read the
/// terms of a workspace's plan each run, so a change applies from the next run on.
/// </summary>
public sealed class RetentionPolicy
{
    public const int ChangedByMaxLength = 200;

    private readonly List<RetentionPolicyVersion> _versions = [];

    private RetentionPolicy()
    {
        Terms = null!;
        ChangedBy = string.Empty;
    }

    public Plan Plan { get; private set; }

    public RetentionTerms Terms { get; private set; }

    public int Version { get; private set; }

    public DateTimeOffset ChangedAt { get; private set; }

    public string ChangedBy { get; private set; }

    /// <summary>Every version, the current one included, oldest first.</summary>
    public IReadOnlyCollection<RetentionPolicyVersion> Versions => _versions.AsReadOnly();

    public static RetentionPolicy Create(Plan plan, RetentionTerms terms, DateTimeOffset now, string changedBy)
    {
        var policy = new RetentionPolicy { Plan = Guard.Defined(plan, nameof(Plan), "Plan") };
        policy.Apply(terms, now, changedBy);
        return policy;
    }

    /// <summary>New terms as a new version; false (and nothing recorded) when they are the terms in force.</summary>
    public bool Change(RetentionTerms terms, DateTimeOffset now, string changedBy)
    {
        ArgumentNullException.ThrowIfNull(terms);
        terms.Validate(Plan);
        if (terms == Terms)
            return false;
        Apply(terms, now, changedBy);
        return true;
    }

    private void Apply(RetentionTerms terms, DateTimeOffset now, string changedBy)
    {
        ArgumentNullException.ThrowIfNull(terms);
        Terms = terms.Validate(Plan);
        Version++;
        ChangedAt = now;
        ChangedBy = Guard.Text(changedBy, nameof(ChangedBy), "Changed by", ChangedByMaxLength);
        _versions.Add(new RetentionPolicyVersion(Plan, Version, terms, now, ChangedBy));
    }
}

/// <summary>One version of a plan's retention terms: what was in force from when, and who set it.</summary>
public sealed class RetentionPolicyVersion
{
    private RetentionPolicyVersion()
    {
        Terms = null!;
        ChangedBy = string.Empty;
    }

    internal RetentionPolicyVersion(Plan plan, int version, RetentionTerms terms, DateTimeOffset changedAt, string changedBy)
    {
        Plan = plan;
        Version = version;
        Terms = terms;
        ChangedAt = changedAt;
        ChangedBy = changedBy;
    }

    public Plan Plan { get; private set; }

    public int Version { get; private set; }

    public RetentionTerms Terms { get; private set; }

    public DateTimeOffset ChangedAt { get; private set; }

    public string ChangedBy { get; private set; }
}
