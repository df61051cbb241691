namespace AdminConsole.Domain.Model.Posture;

/// <summary>What a violation is about, and so which page shows it.</summary>
public enum PostureSubjectKind
{
    Workspace = 0,
    Subprocessor = 1,

    /// <summary>A retention job: its purges are per kind of data and plan, across all workspaces of that plan.</summary>
    RetentionJob = 2,

    /// <summary>A model of the AI model register.</summary>
    Model = 3,
}

/// <summary>
/// A rule of the compliance posture: a stable code (in URLs and in the daily snapshots, never renamed), the name a
/// compliance officer reads, and the published commitment it protects.
/// </summary>
public sealed record PostureRule(string Code, string Name, string Commitment, PostureSubjectKind SubjectKind)
{
    public const int CodeMaxLength = 64;
}

/// <summary>One thing that breaks a rule now: which subject, why, and since when if that is known.</summary>
public sealed record PostureViolation(
    PostureRule Rule, PostureSubjectKind SubjectKind, string SubjectId, string SubjectName, string Detail, DateTimeOffset? Since);
