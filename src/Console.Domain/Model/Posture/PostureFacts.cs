using AdminConsole.Domain.Model.Jobs;
using AdminConsole.Domain.Model.Retention;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Model.Workspaces;

namespace AdminConsole.Domain.Model.Posture;

/// <summary>
/// What the posture is evaluated on, loaded by the caller: the registry, the state of each retention job, and the
/// AI settings of the workspaces that use AI. A rule that needs more (DLP hooks) adds its data here.
/// </summary>
public sealed record PostureFacts(
    IReadOnlyList<Subprocessor> Subprocessors, IReadOnlyList<RetentionJobState> RetentionJobs, IReadOnlyList<WorkspaceAiState> WorkspaceAi,
    IReadOnlyList<ModelState>? Models = null, int ModelReviewIntervalDays = ModelState.DefaultReviewIntervalDays);

/// <summary>
/// A model in production as the posture sees it: its provider as the registry has it today, and when the latest
/// passing evaluation of its version ran (null when none did).
/// </summary>
public sealed record ModelState(AiModels.AiModel Model, Subprocessor? Provider, DateTimeOffset? LastPassedAt)
{
    public const int DefaultReviewIntervalDays = 180;
}

/// <summary>
/// A retention job as the posture sees it: how often it is meant to run, when a run of it last succeeded, and the
/// evidence of its latest finished run (per kind of data and plan).
/// </summary>
public sealed record RetentionJobState(
    string JobName, string Title, TimeSpan Interval, DateTimeOffset? LastSucceededAt, DateTimeOffset? LatestFinishedAt, IReadOnlyList<JobRunEvidence> LatestEvidence);

/// <summary>
/// A workspace's AI settings as the posture sees them now: the plan it is on today (it may have changed since the
/// settings were saved), its HIPAA mode, the provider it chose as the registry has it today (of any status; null
/// when none is chosen or the registry no longer has it), and its plan's retention terms today.
/// </summary>
public sealed record WorkspaceAiState(
    Guid WorkspaceId,
    string Name,
    Plan Plan,
    bool WorkspaceActive,
    bool AiEnabled,
    bool HipaaMode,
    Guid? ProviderId,
    Subprocessor? Provider,
    RetentionTerms Terms,
    DateTimeOffset? SettingsUpdatedAt,
    IReadOnlyList<AiModels.AiModel>? ChosenModels = null);
