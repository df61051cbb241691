using AdminConsole.Domain.Model.Jobs;
using AdminConsole.Domain.Model.Subprocessors;

namespace AdminConsole.Domain.Model.Posture;

/// <summary>
/// What the posture is evaluated on, loaded by the caller: the registry, and the state of each retention job. A
/// rule that needs more (AI settings, DLP hooks) adds its data here.
/// </summary>
public sealed record PostureFacts(IReadOnlyList<Subprocessor> Subprocessors, IReadOnlyList<RetentionJobState> RetentionJobs);

/// <summary>
/// A retention job as the posture sees it: how often it is meant to run, when a run of it last succeeded, and the
/// evidence of its latest finished run (per kind of data and plan).
/// </summary>
public sealed record RetentionJobState(
    string JobName, string Title, TimeSpan Interval, DateTimeOffset? LastSucceededAt, DateTimeOffset? LatestFinishedAt, IReadOnlyList<JobRunEvidence> LatestEvidence);
