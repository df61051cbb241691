using AdminConsole.Domain.Model.Jobs;
using AdminConsole.Domain.Model.Posture;
using AdminConsole.Domain.Model.Retention;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Queries;

/// <summary>A retention job the posture watches: its run records' name, the title people read, and how often it runs.</summary>
public sealed record PostureJob(string JobName, string Title, TimeSpan Interval);

public sealed record PostureRuleSummary(PostureRule Rule, int Count);

/// <summary>Legal holds are deliberate, not violations: shown beside the posture so that a reader knows what they keep.</summary>
public sealed record PostureHolds(int WorkspacesUnderHold, long ItemsHeld);

public sealed record PostureSummary(DateTimeOffset EvaluatedAt, IReadOnlyList<PostureRuleSummary> Rules, PostureHolds Holds)
{
    public int Total => Rules.Sum(r => r.Count);
}

public sealed record PostureViolationPage(PostureRule Rule, IReadOnlyList<PostureViolation> Items, int Total);

public sealed record PostureTrendPoint(DateOnly Day, string RuleCode, int Count);

/// <summary>
/// Loads what the posture rules look at, evaluates them, and reads the daily snapshots. The rules run in memory:
/// the registry holds tens to hundreds of subprocessors, the retention jobs a handful of evidence rows each, and
/// the AI rules read a few small columns per workspace that has AI on.
/// </summary>
public static class PostureQuery
{
    public const int MaxTake = 100;

    public static Task<PostureFacts> FactsAsync(ConsoleDbContext db, IReadOnlyList<PostureJob> jobs, CancellationToken cancellationToken = default) =>
        FactsAsync(db, jobs, ModelState.DefaultReviewIntervalDays, cancellationToken);

    /// <param name="modelReviewIntervalDays">How old a serving model's last passing evaluation may be (<c>Models:ReviewIntervalDays</c>).</param>
    public static async Task<PostureFacts> FactsAsync(
        ConsoleDbContext db, IReadOnlyList<PostureJob> jobs, int modelReviewIntervalDays, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(jobs);
        var subprocessors = await db.Subprocessors.AsNoTracking().Include(s => s.Reviews)
            .Where(s => s.Status == SubprocessorStatus.Authorized)
            .ToListAsync(cancellationToken).ConfigureAwait(false);

        var states = new List<RetentionJobState>();
        foreach (var job in jobs)
        {
            // Indexed lookups on (job name, started at): the newest success, and the newest run that finished at all.
            var runs = db.JobRuns.AsNoTracking().Where(r => r.JobName == job.JobName && r.FinishedAt != null);
            var succeeded = await runs.Where(r => r.Outcome == JobRunOutcome.Succeeded).OrderByDescending(r => r.StartedAt)
                .Select(r => r.FinishedAt).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            var latest = await runs.OrderByDescending(r => r.StartedAt).Select(r => new { r.Id, r.FinishedAt })
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            var evidence = latest is null
                ? []
                : await db.JobRunEvidence.AsNoTracking().Where(e => e.RunId == latest.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
            states.Add(new RetentionJobState(job.JobName, job.Title, job.Interval, succeeded, latest?.FinishedAt, evidence));
        }

        return new PostureFacts(
            subprocessors, states, await WorkspaceAiAsync(db, cancellationToken).ConfigureAwait(false),
            await ModelsAsync(db, cancellationToken).ConfigureAwait(false), modelReviewIntervalDays);
    }

    /// <summary>The models in production, their providers of any status, and when each version's latest passing evaluation ran.</summary>
    private static async Task<IReadOnlyList<ModelState>> ModelsAsync(ConsoleDbContext db, CancellationToken cancellationToken)
    {
        var serving = await db.AiModels.AsNoTracking().Where(m => m.Stage == Model.AiModels.AiModelStage.InProduction)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (serving.Count == 0)
            return [];
        var ids = serving.Select(m => m.Id).ToList();
        var evaluations = await db.ModelEvaluations.AsNoTracking().Where(e => ids.Contains(e.ModelId))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var providerIds = serving.Select(m => m.ProviderId).Distinct().ToList();
        var providers = await db.Subprocessors.AsNoTracking().Where(p => providerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken).ConfigureAwait(false);
        return [.. serving.Select(m => new ModelState(
            m,
            providers.GetValueOrDefault(m.ProviderId),
            m.LastPassedAt(evaluations)))];
    }

    /// <summary>
    /// Three queries: the settings with AI on, joined to their workspaces (active ones only: a deleted workspace runs
    /// no AI); the providers they name, of any status (a retired one is what a rule looks for); the plans' terms.
    /// </summary>
    private static async Task<IReadOnlyList<WorkspaceAiState>> WorkspaceAiAsync(ConsoleDbContext db, CancellationToken cancellationToken)
    {
        var settings = await (
                from s in db.AiSettings.AsNoTracking()
                join w in db.Workspaces.AsNoTracking() on s.WorkspaceId equals w.Id
                where s.AiEnabled && w.Status == WorkspaceStatus.Active
                select new
                {
                    w.Id, w.Name, w.Plan, w.Status, s.AiEnabled, s.HipaaMode, s.ProviderId, s.UpdatedAt,
                    Models = new[] { s.WorkspaceSearchModelId, s.WebSearchModelId, s.ConnectedAppsModelId, s.RunSqlModelId, s.FallbackModelId },
                })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (settings.Count == 0)
            return [];

        var providerIds = settings.Select(s => s.ProviderId).OfType<Guid>().Distinct().ToList();
        var providers = providerIds.Count == 0
            ? new Dictionary<Guid, Subprocessor>()
            : await db.Subprocessors.AsNoTracking().Where(p => providerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken).ConfigureAwait(false);
        var terms = await db.RetentionPolicies.AsNoTracking().Select(p => new { p.Plan, p.Terms })
            .ToDictionaryAsync(p => p.Plan, p => p.Terms, cancellationToken).ConfigureAwait(false);
        var modelIds = settings.SelectMany(s => s.Models).OfType<Guid>().Distinct().ToList();
        var models = modelIds.Count == 0
            ? new Dictionary<Guid, Model.AiModels.AiModel>()
            : await db.AiModels.AsNoTracking().Where(m => modelIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, cancellationToken).ConfigureAwait(false);

        return [.. settings.Select(s => new WorkspaceAiState(
            s.Id,
            s.Name,
            s.Plan,
            s.Status == WorkspaceStatus.Active,
            s.AiEnabled,
            s.HipaaMode,
            s.ProviderId,
            s.ProviderId is { } id ? providers.GetValueOrDefault(id) : null,
            terms.GetValueOrDefault(s.Plan) ?? RetentionTerms.DefaultFor(s.Plan),
            s.UpdatedAt,
            [.. s.Models.OfType<Guid>().Distinct().Where(models.ContainsKey).Select(m => models[m])]))];
    }

    public static Task<PostureSummary> SummaryAsync(ConsoleDbContext db, IReadOnlyList<PostureJob> jobs, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        SummaryAsync(db, jobs, ModelState.DefaultReviewIntervalDays, now, cancellationToken);

    public static async Task<PostureSummary> SummaryAsync(
        ConsoleDbContext db, IReadOnlyList<PostureJob> jobs, int modelReviewIntervalDays, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var facts = await FactsAsync(db, jobs, modelReviewIntervalDays, cancellationToken).ConfigureAwait(false);
        var violations = PostureRules.Evaluate(facts, now);
        var rules = PostureRules.All.Select(rule => new PostureRuleSummary(rule, violations.Count(v => v.Rule == rule))).ToList();
        var holds = await db.LegalHolds.AsNoTracking().InForce(now).Select(h => h.WorkspaceId).Distinct()
            .CountAsync(cancellationToken).ConfigureAwait(false);
        var held = facts.RetentionJobs.SelectMany(j => j.LatestEvidence).Sum(e => e.Held);
        return new PostureSummary(now, rules, new PostureHolds(holds, held));
    }

    /// <summary>The violations of one rule, a page at a time, in the rule's own order (by subject name).</summary>
    public static async Task<PostureViolationPage> ViolationsAsync(
        ConsoleDbContext db, IReadOnlyList<PostureJob> jobs, PostureRule rule, DateTimeOffset now, int skip, int take, CancellationToken cancellationToken = default) =>
        await ViolationsAsync(db, jobs, ModelState.DefaultReviewIntervalDays, rule, now, skip, take, cancellationToken).ConfigureAwait(false);

    public static async Task<PostureViolationPage> ViolationsAsync(
        ConsoleDbContext db, IReadOnlyList<PostureJob> jobs, int modelReviewIntervalDays, PostureRule rule, DateTimeOffset now, int skip, int take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rule);
        var facts = await FactsAsync(db, jobs, modelReviewIntervalDays, cancellationToken).ConfigureAwait(false);
        var violations = PostureRules.Evaluate(rule, facts, now);
        var page = violations.Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, MaxTake)).ToList();
        return new PostureViolationPage(rule, page, violations.Count);
    }

    /// <summary>The daily counts per rule from <paramref name="fromDay"/> on, oldest first.</summary>
    public static async Task<IReadOnlyList<PostureTrendPoint>> TrendAsync(ConsoleDbContext db, DateOnly fromDay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var snapshots = await db.PostureSnapshots.AsNoTracking().Where(s => s.Day >= fromDay).OrderBy(s => s.Day)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. snapshots.SelectMany(s => s.Counts.Select(c => new PostureTrendPoint(s.Day, c.RuleCode, c.Count)))];
    }
}
