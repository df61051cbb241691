using System.Globalization;
using AdminConsole.Domain.Model.Lifecycle;
using AdminConsole.Domain.Model.Subprocessors;

namespace AdminConsole.Domain.Model.Posture;

/// <summary>
/// The single registry of posture rules: each rule's definition next to its evaluation. A new rule (the AI-settings
/// rules, failing DLP hooks) is one more entry here, with the facts it needs added to <see cref="PostureFacts"/>.
/// </summary>
public static class PostureRules
{
    /// <summary>How many of its intervals a retention job may go without a successful run before it counts as stopped.</summary>
    public const int MissedIntervalsAllowed = 2;

    public static readonly PostureRule ReviewOverdue = new(
        "review-overdue",
        "Subprocessor review overdue",
        "Every authorized subprocessor is reviewed at least every 12 months.",
        PostureSubjectKind.Subprocessor);

    public static readonly PostureRule CertificationExpired = new(
        "certification-expired",
        "Certification expired",
        "Authorized subprocessors hold the certifications we list for them (SOC 2, ISO 27001, HIPAA BAA), in force.",
        PostureSubjectKind.Subprocessor);

    public static readonly PostureRule RetentionBehind = new(
        "retention-behind",
        "Retention behind its promise",
        "Data is deleted when each plan's retention policy says: provider records, prompt history and AI outputs on time, embeddings within 60 days, trash after 30 days.",
        PostureSubjectKind.RetentionJob);

    private static readonly (PostureRule Rule, Func<PostureFacts, DateTimeOffset, IEnumerable<PostureViolation>> Evaluate)[] Registry =
    [
        (ReviewOverdue, ReviewsOverdue),
        (CertificationExpired, CertificationsExpired),
        (RetentionBehind, RetentionBehindItsPromise),
    ];

    /// <summary>Every rule, in the order the dashboard lists them.</summary>
    public static IReadOnlyList<PostureRule> All { get; } = [.. Registry.Select(r => r.Rule)];

    public static PostureRule? Find(string? code) => All.FirstOrDefault(r => string.Equals(r.Code, code, StringComparison.Ordinal));

    /// <summary>Every violation of every rule at <paramref name="now"/>.</summary>
    public static IReadOnlyList<PostureViolation> Evaluate(PostureFacts facts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return [.. Registry.SelectMany(r => r.Evaluate(facts, now))];
    }

    /// <summary>The violations of one rule at <paramref name="now"/>.</summary>
    public static IReadOnlyList<PostureViolation> Evaluate(PostureRule rule, PostureFacts facts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return [.. Registry.Where(r => r.Rule == rule).SelectMany(r => r.Evaluate(facts, now))];
    }

    private static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime);

    private static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static IEnumerable<PostureViolation> ReviewsOverdue(PostureFacts facts, DateTimeOffset now)
    {
        var today = Today(now);
        foreach (var subprocessor in facts.Subprocessors.Where(s => s.Status == SubprocessorStatus.Authorized).OrderBy(s => s.LegalName, StringComparer.Ordinal))
        {
            if (!subprocessor.IsReviewOverdue(today) || subprocessor.ReviewDueOn() is not { } due)
                continue;
            var last = subprocessor.Reviews.OrderByDescending(r => r.ReviewedOn).FirstOrDefault();
            var detail = last is null
                ? $"Never reviewed; the first review was due on {Day(due)}, 12 months after it was authorized."
                : $"Last reviewed on {Day(last.ReviewedOn)}; the next review was due on {Day(due)}.";
            yield return new PostureViolation(ReviewOverdue, PostureSubjectKind.Subprocessor, Id(subprocessor.Id), subprocessor.LegalName, detail, StartOf(due.AddDays(1)));
        }
    }

    private static IEnumerable<PostureViolation> CertificationsExpired(PostureFacts facts, DateTimeOffset now)
    {
        var today = Today(now);
        foreach (var subprocessor in facts.Subprocessors.Where(s => s.Status == SubprocessorStatus.Authorized).OrderBy(s => s.LegalName, StringComparer.Ordinal))
        {
            foreach (var certification in subprocessor.Certifications.Where(c => c.IsExpired(today)).OrderBy(c => c.ExpiresOn))
            {
                yield return new PostureViolation(
                    CertificationExpired, PostureSubjectKind.Subprocessor, Id(subprocessor.Id), subprocessor.LegalName,
                    $"{CertificationName(certification.Type)} expired on {Day(certification.ExpiresOn)}.", StartOf(certification.ExpiresOn.AddDays(1)));
            }
        }
    }

    /// <summary>
    /// A job's latest finished run left an item past its promise by more than one interval (the next run is
    /// allowed to catch up), or the job has not succeeded for <see cref="MissedIntervalsAllowed"/> intervals.
    /// Items kept by a legal hold are not counted: the evidence holds them apart, and a hold is deliberate.
    /// </summary>
    private static IEnumerable<PostureViolation> RetentionBehindItsPromise(PostureFacts facts, DateTimeOffset now)
    {
        foreach (var job in facts.RetentionJobs)
        {
            var allowed = job.Interval * MissedIntervalsAllowed;
            if (job.LastSucceededAt is not { } succeeded)
            {
                yield return new PostureViolation(
                    RetentionBehind, PostureSubjectKind.RetentionJob, job.JobName, job.Title,
                    "No run of this job has succeeded: nothing shows that its data is purged.", null);
            }
            else if (now - succeeded > allowed)
            {
                yield return new PostureViolation(
                    RetentionBehind, PostureSubjectKind.RetentionJob, job.JobName, job.Title,
                    $"No successful run since {Time(succeeded)}, more than {MissedIntervalsAllowed} intervals of {Duration(job.Interval)}: the job has stopped purging.",
                    succeeded + allowed);
            }

            foreach (var evidence in job.LatestEvidence.Where(e => e.Lag > job.Interval).OrderBy(e => e.Kind).ThenBy(e => e.Plan))
            {
                var dueAt = evidence.OldestPresentAt + TimeSpan.FromDays(evidence.LimitDays);
                yield return new PostureViolation(
                    RetentionBehind, PostureSubjectKind.RetentionJob, job.JobName, job.Title,
                    $"{KindName(evidence.Kind)} on the {evidence.Plan} plan: the oldest item left was {Duration(evidence.Lag)} past the {evidence.LimitDays}-day promise when the run of {Time(job.LatestFinishedAt)} finished.",
                    dueAt);
            }
        }
    }

    public static string KindName(DataKind kind) => kind switch
    {
        DataKind.PromptLog => "Prompt history",
        DataKind.AiOutput => "AI outputs",
        DataKind.ProviderRequest => "Provider requests",
        DataKind.Page => "Trash (deleted pages and workspaces)",
        DataKind.Embedding => "Embeddings",
        _ => kind.ToString(),
    };

    public static string CertificationName(CertificationType type) => type switch
    {
        CertificationType.Soc2Type2 => "SOC 2 Type 2",
        CertificationType.Iso27001 => "ISO 27001",
        CertificationType.HipaaBaa => "HIPAA BAA",
        CertificationType.Iso27701 => "ISO 27701",
        _ => "Certification",
    };

    private static string Id(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset? at) => at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC" : "never";

    private static string Duration(TimeSpan span) => span switch
    {
        { TotalDays: >= 1 } => $"{(int)span.TotalDays} d {span.Hours} h",
        { TotalHours: >= 1 } => $"{(int)span.TotalHours} h {span.Minutes} min",
        _ => $"{Math.Max(1, (int)Math.Ceiling(span.TotalMinutes))} min",
    };
}
