using AdminConsole.Domain.Commands;
using System.Globalization;
using System.Runtime.CompilerServices;
using AdminConsole.Domain.Audit;
using AdminConsole.Domain.Model;
using AdminConsole.Domain.Model.Dlp;
using AdminConsole.Domain.Model.Dlp.Hooks;
using AdminConsole.Domain.Model.Jobs;
using AdminConsole.Domain.Model.Lifecycle;
using AdminConsole.Domain.Model.Posture;
using AdminConsole.Domain.Model.Reports;
using AdminConsole.Domain.Model.Retention;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using AdminConsole.Domain.Reports;
using AdminConsole.Jobs.Posture;
using AdminConsole.Jobs.Retention;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Jobs.Reports;

/// <summary>
/// Computes the content of an audit report from the database: every figure is a query, none is typed in. The
/// small sections are read up front; the long tables (the audit-log excerpt, deletions and restores) are read in
/// keyset pages while the renderer draws them, each page on its own short-lived context, so that a period of any
/// length never sits in memory. A workspace-scoped report reads only that workspace's rows, and the platform's
/// shared facts (the subprocessor register, public notices, retention policies, job runs); figures kept per plan
/// across workspaces (items purged) are left out of it and its own oldest items are shown instead.
/// </summary>
/// <param name="sealing">The audit chain key, when configured: the report's verification checks the seals too.</param>
public sealed class AuditReportBuilder(IDbContextFactory<ConsoleDbContext> dbFactory, RetentionOptions retention, AuditSealing? sealing = null, ModelOptions? models = null)
{
    /// <summary>Rows per keyset page of a streamed table.</summary>
    internal const int PageSize = 500;

    private const int ChartSeries = 5;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static readonly string[] LifecycleActions = ["page.deleted", "page.restored", "workspace.deleted", "workspace.restored", "workspace.purged"];

    /// <summary>The report's content. Streamed tables read the database when the renderer reaches them.</summary>
    /// <param name="signed">Whether the renderer will sign the file; the cover says which.</param>
    public async Task<ReportDocument> BuildAsync(AuditReport report, DateTimeOffset generatedAt, string generatedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var scope = new Scope(report.WorkspaceId, report.PeriodStart, report.PeriodEnd);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);

        var workspaces = await db.Workspaces.AsNoTracking()
            .Where(w => scope.WorkspaceId == null || w.Id == scope.WorkspaceId)
            .OrderBy(w => w.Name)
            .Select(w => new WorkspaceRow(w.Id, w.Name, w.Plan, w.Status))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var names = workspaces.ToDictionary(w => w.Id, w => w.Name);

        var head = await db.AuditChainHeads.AsNoTracking().SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var verification = await AuditLogVerifier.VerifyAsync(db, sealing ?? AuditSealing.None, cancellationToken).ConfigureAwait(false);
        var auditEntries = await AuditInScope(db, scope).LongCountAsync(cancellationToken).ConfigureAwait(false);

        var posture = await PostureSectionAsync(db, scope, generatedAt, cancellationToken).ConfigureAwait(false);
        var register = await RegisterSectionAsync(db, generatedAt, cancellationToken).ConfigureAwait(false);
        var aiModels = await ModelsSectionAsync(db, scope, cancellationToken).ConfigureAwait(false);
        var notices = await NoticesSectionAsync(db, scope, cancellationToken).ConfigureAwait(false);
        var retentionSection = await RetentionSectionAsync(db, scope, workspaces, names, generatedAt, cancellationToken).ConfigureAwait(false);
        var lifecycle = await LifecycleSectionAsync(db, scope, names, cancellationToken).ConfigureAwait(false);
        var dlp = await DlpSectionAsync(db, scope, cancellationToken).ConfigureAwait(false);
        var aiSettings = await AiSettingsSectionAsync(db, scope, names, cancellationToken).ConfigureAwait(false);
        var audit = AuditSection(scope, auditEntries, head, verification, names, cancellationToken);

        var summary = new ReportSection("Summary",
        [
            new ReportParagraph(scope.WorkspaceId is null
                ? $"This report covers every workspace of the console from {Day(report.FromDay)} to {Day(report.ToDay)} (UTC, both days included). Each figure was computed from the console's database when the report was generated."
                : $"This report covers the workspace {report.ScopeName} from {Day(report.FromDay)} to {Day(report.ToDay)} (UTC, both days included). It contains that workspace's records only, with the platform's shared register, notices, policies and job runs. Each figure was computed from the console's database when the report was generated."),
            new ReportFigures(
            [
                new ReportFigure("Workspaces in scope", Count(workspaces.Count)),
                new ReportFigure("Posture violations", Count(posture.Violations), "now", posture.Violations == 0 ? ReportTone.Good : ReportTone.Bad),
                new ReportFigure("Authorized subprocessors", Count(register.Authorized), register.InNotice == 0 ? null : $"{Count(register.InNotice)} in notice period"),
                new ReportFigure("AI models in use", Count(aiModels.InUse), "in the period"),
                new ReportFigure("Notices published", Count(notices.Published), "in the period"),
                new ReportFigure("DLP alerts", Count(dlp.Alerts), "in the period", dlp.Alerts == 0 ? ReportTone.Normal : ReportTone.Warning),
                new ReportFigure("Audit entries", Count(auditEntries), "in the period"),
                new ReportFigure("Audit chain", verification.Intact ? "Intact" : "Broken", Verified(scope, verification), verification.Intact ? ReportTone.Good : ReportTone.Bad),
            ]),
        ]);

        return new ReportDocument(
            "AI trust & compliance audit report",
            $"{Day(report.FromDay)} to {Day(report.ToDay)}",
            [
                new ReportField("Period", $"{Day(report.FromDay)} 00:00 UTC to {Day(report.ToDay)} 24:00 UTC"),
                new ReportField("Scope", scope.WorkspaceId is null ? AuditReport.AllWorkspaces : $"Workspace {report.ScopeName} ({scope.WorkspaceId:D})"),
                new ReportField("Generated at", Time(generatedAt)),
                new ReportField("Generated by", generatedBy),
                new ReportField("Report", $"{report.Id:D} ({(report.Kind == AuditReportKind.Monthly ? "monthly" : "on demand")})"),
                new ReportField("Audit chain head", head is null ? "empty log" : scope.WorkspaceId is null ? $"#{head.Sequence} {head.Hash}" : head.Hash),
            ],
            [summary, posture.Section, register.Section, aiModels.Section, notices.Section, retentionSection, lifecycle, dlp.Section, aiSettings, audit],
            $"AdminConsole audit report {Day(report.FromDay)} to {Day(report.ToDay)} · {(scope.WorkspaceId is null ? AuditReport.AllWorkspaces : report.ScopeName)}");
    }

    private sealed record Scope(Guid? WorkspaceId, DateTimeOffset From, DateTimeOffset To);

    private sealed record WorkspaceRow(Guid Id, string Name, Plan Plan, WorkspaceStatus Status);

    private sealed record PostureResult(ReportSection Section, int Violations);

    private sealed record RegisterResult(ReportSection Section, int Authorized, int InNotice);

    private sealed record NoticesResult(ReportSection Section, int Published);

    private sealed record ModelsResult(ReportSection Section, int InUse);

    private sealed record DlpResult(ReportSection Section, long Alerts);

    private async Task<PostureResult> PostureSectionAsync(ConsoleDbContext db, Scope scope, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var facts = await PostureQuery.FactsAsync(db, PostureJobs.Retention(retention), (models ?? new ModelOptions()).ReviewIntervalDays, cancellationToken).ConfigureAwait(false);
        var id = scope.WorkspaceId?.ToString("D");

        // A workspace's report keeps the rules about the shared platform and, of the per-workspace rules, its own rows.
        var violations = PostureRules.Evaluate(facts, now)
            .Where(v => id is null || v.SubjectKind != PostureSubjectKind.Workspace || string.Equals(v.SubjectId, id, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var rules = PostureRules.All.Select(rule => (IReadOnlyList<string>)
            [rule.Name, rule.Commitment, Count(violations.Count(v => v.Rule == rule))]).ToList();
        var section = new ReportSection("Compliance posture",
        [
            new ReportParagraph($"The posture rules evaluated at {Time(now)}. A violation is a place where the console's records show a published promise not being kept."),
            new ReportTable(null, [new ReportColumn("Rule", 2), new ReportColumn("Commitment", 4), new ReportColumn("Violations", 1, ReportAlign.Right)],
                Rows(rules), "No posture rules are defined."),
            new ReportSubheading("Violations"),
            new ReportTable(null, [new ReportColumn("Rule", 2), new ReportColumn("Subject", 2), new ReportColumn("Detail", 4), new ReportColumn("Since", 1.4)],
                Rows(violations.Select(v => (IReadOnlyList<string>)[v.Rule.Name, v.SubjectName, v.Detail, v.Since is { } since ? Time(since) : "—"]).ToList()),
                "No violations: every rule holds.", violations.Count),
        ]);
        return new PostureResult(section, violations.Count);
    }

    private static async Task<RegisterResult> RegisterSectionAsync(ConsoleDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var subprocessors = await db.Subprocessors.AsNoTracking().Include(s => s.Reviews)
            .Where(s => s.Status != SubprocessorStatus.Proposed)
            .OrderBy(s => s.LegalName)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var rows = subprocessors.Select(s =>
        {
            var last = s.Reviews.OrderByDescending(r => r.ReviewedOn).FirstOrDefault();
            var due = s.ReviewDueOn();
            var review = last is null
                ? (s.Status == SubprocessorStatus.Authorized ? "never reviewed" : "—")
                : $"{Day(last.ReviewedOn)} {last.Outcome.Label()}";
            var dueText = due is null ? "—" : s.IsReviewOverdue(today) ? $"{Day(due.Value)} OVERDUE" : Day(due.Value);
            var certifications = s.Certifications.Count == 0
                ? "none"
                : string.Join("; ", s.Certifications.OrderBy(c => c.ExpiresOn).Select(c => $"{Certification(c.Type)} to {Day(c.ExpiresOn)}{CertificationFlag(c.ExpiresOn, today)}"));
            return (IReadOnlyList<string>)
            [
                s.LegalName, Category(s.Category), Status(s), string.Join(", ", s.Countries),
                s.ZeroRetentionCapable ? "zero retention" : s.RetentionDays is { } days ? $"{days} days" : "—",
                review, dueText, certifications,
            ];
        }).ToList();
        var authorized = subprocessors.Count(s => s.Status == SubprocessorStatus.Authorized);
        var inNotice = subprocessors.Count(s => s.Status == SubprocessorStatus.NoticePeriod);
        var overdue = subprocessors.Count(s => s.Status == SubprocessorStatus.Authorized && s.IsReviewOverdue(today));
        var expiring = subprocessors.Where(s => s.Status == SubprocessorStatus.Authorized)
            .SelectMany(s => s.Certifications).Count(c => c.ExpiresOn <= today.AddDays(30));
        var section = new ReportSection("Subprocessor register",
        [
            new ReportFigures(
            [
                new ReportFigure("Authorized", Count(authorized)),
                new ReportFigure("In notice period", Count(inNotice)),
                new ReportFigure("Retired", Count(subprocessors.Count(s => s.Status == SubprocessorStatus.Retired))),
                new ReportFigure("Reviews overdue", Count(overdue), "over 12 months", overdue == 0 ? ReportTone.Good : ReportTone.Bad),
                new ReportFigure("Certifications due", Count(expiring), "expired or within 30 days", expiring == 0 ? ReportTone.Good : ReportTone.Warning),
            ]),
            new ReportTable("Every subprocessor past its proposal, as of the generation time.",
                [new ReportColumn("Subprocessor", 2.3), new ReportColumn("Category", 1.2), new ReportColumn("Status", 1.6), new ReportColumn("Regions", 1),
                 new ReportColumn("Retention", 1.3), new ReportColumn("Last review", 1.5), new ReportColumn("Next due", 1.3), new ReportColumn("Certifications", 2)],
                Rows(rows), "The register is empty.", rows.Count),
        ]);
        return new RegisterResult(section, authorized, inNotice);
    }

    /// <summary>
    /// The models that served customers at any time in the period, each with its approval and the evaluation it rests on,
    /// and every evaluation of them recorded by the period's end (or of any model within the period), with its evidence hash.
    /// </summary>
    private static async Task<ModelsResult> ModelsSectionAsync(ConsoleDbContext db, Scope scope, CancellationToken cancellationToken)
    {
        var inUse = (await (
                from m in db.AiModels.AsNoTracking()
                join s in db.Subprocessors.AsNoTracking() on m.ProviderId equals s.Id
                where m.InProductionAt != null && m.InProductionAt < scope.To && (m.RetiredAt == null || m.RetiredAt >= scope.From)
                select new { Model = m, Provider = s.LegalName })
            .ToListAsync(cancellationToken).ConfigureAwait(false))
            .OrderBy(x => x.Provider, StringComparer.Ordinal).ThenBy(x => x.Model.Name, StringComparer.Ordinal).ThenBy(x => x.Model.Version, StringComparer.Ordinal)
            .ToList();
        var ids = inUse.Select(x => x.Model.Id).ToList();
        var evaluations = await db.ModelEvaluations.AsNoTracking()
            .Where(e => e.RecordedAt < scope.To && (ids.Contains(e.ModelId) || e.RecordedAt >= scope.From))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var evaluatedIds = evaluations.Select(e => e.ModelId).Distinct().ToList();
        var names = await db.AiModels.AsNoTracking().Where(m => evaluatedIds.Contains(m.Id))
            .ToDictionaryAsync(m => m.Id, m => m.Title, cancellationToken).ConfigureAwait(false);

        static string Result(Domain.Model.AiModels.ModelEvaluation e) => e.Passed ? "passed" : "failed: " + string.Join("; ", e.Failures);
        var rows = inUse.Select(x =>
        {
            var m = x.Model;
            var approvedOn = evaluations.FirstOrDefault(e => e.Id == m.ApprovedEvaluationId);
            return (IReadOnlyList<string>)
            [
                m.Title, x.Provider, m.Purpose.Label(), m.Region, m.RetentionText,
                m.RetiredAt is { } retired ? $"{Time(m.InProductionAt!.Value)} to {Time(retired)}" : $"since {Time(m.InProductionAt!.Value)}",
                m.ApprovedAt is { } approved ? $"{Time(approved)} by {m.ApprovedByName}" : "—",
                approvedOn is null ? "—" : $"{approvedOn.Suite}, run {Time(approvedOn.RunAt)}: {Result(approvedOn)}",
            ];
        }).ToList();
        var evaluationRows = evaluations.OrderBy(e => names.GetValueOrDefault(e.ModelId), StringComparer.Ordinal).ThenBy(e => e.RunAt)
            .Select(e => (IReadOnlyList<string>)
            [
                names.GetValueOrDefault(e.ModelId) ?? e.ModelId.ToString("D"), e.Suite, Time(e.RunAt), e.RunByName, Result(e), $"{e.EvidenceFileName} SHA-256 {e.EvidenceSha256}",
            ]).ToList();
        var inPeriod = evaluations.Where(e => e.RecordedAt >= scope.From).ToList();
        var section = new ReportSection("AI models",
        [
            new ReportParagraph("The AI models that served customers in the period. Each was approved by a second person on a passing evaluation of its exact version, recorded with its metrics, thresholds and the SHA-256 of its evidence file. Providers do not train on customer data."),
            new ReportFigures(
            [
                new ReportFigure("Models in use", Count(inUse.Count), "in the period"),
                new ReportFigure("Evaluations recorded", Count(inPeriod.Count), "in the period"),
                new ReportFigure("Failed evaluations", Count(inPeriod.Count(e => !e.Passed)), "in the period", inPeriod.All(e => e.Passed) ? ReportTone.Normal : ReportTone.Warning),
            ]),
            new ReportTable(null,
                [new ReportColumn("Model", 1.6), new ReportColumn("Provider", 1.4), new ReportColumn("Purpose", 1), new ReportColumn("Region", 0.7), new ReportColumn("Retention", 1),
                 new ReportColumn("In production", 1.8), new ReportColumn("Approved", 1.6), new ReportColumn("On evaluation", 2.2)],
                Rows(rows), "No AI model served customers in the period.", rows.Count),
            new ReportSubheading("Evaluations"),
            new ReportTable(null,
                [new ReportColumn("Model", 1.6), new ReportColumn("Suite", 1.4), new ReportColumn("Ran", 1.3), new ReportColumn("Run by", 1.2), new ReportColumn("Result", 2.2), new ReportColumn("Evidence", 2.6)],
                Rows(evaluationRows), "No evaluation of these models was recorded.", evaluationRows.Count),
        ]);
        return new ModelsResult(section, inUse.Count);
    }

    private static async Task<NoticesResult> NoticesSectionAsync(ConsoleDbContext db, Scope scope, CancellationToken cancellationToken)
    {
        var notices = await (
                from n in db.Notices.AsNoTracking()
                join s in db.Subprocessors.AsNoTracking() on n.SubprocessorId equals s.Id
                where n.PublishedAt >= scope.From && n.PublishedAt < scope.To
                orderby n.PublishedAt
                select new { n.Id, n.Kind, n.Title, n.PublishedAt, n.EffectiveAt, n.Recipients, s.LegalName })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var ids = notices.Select(n => n.Id).ToList();
        var deliveries = ids.Count == 0
            ? []
            : await db.NoticeDeliveries.AsNoTracking().Where(d => ids.Contains(d.NoticeId))
                .GroupBy(d => new { d.NoticeId, d.Status }).Select(g => new { g.Key.NoticeId, g.Key.Status, Count = g.Count() })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        var objections = ids.Count == 0
            ? []
            : await db.Objections.AsNoTracking().Where(o => ids.Contains(o.NoticeId))
                .GroupBy(o => o.NoticeId).Select(g => new { NoticeId = g.Key, Count = g.Count() })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        var confirmed = await db.Subscriptions.AsNoTracking().CountAsync(s => s.Status == SubscriptionStatus.Confirmed, cancellationToken).ConfigureAwait(false);

        int Delivered(Guid id, DeliveryStatus status) => deliveries.Where(d => d.NoticeId == id && d.Status == status).Sum(d => d.Count);
        var rows = notices.Select(n => (IReadOnlyList<string>)
        [
            Time(n.PublishedAt), n.LegalName, n.Kind.Label(), Time(n.EffectiveAt), Count(n.Recipients),
            Count(Delivered(n.Id, DeliveryStatus.Sent)), Count(Delivered(n.Id, DeliveryStatus.Failed)),
            Count(objections.Where(o => o.NoticeId == n.Id).Sum(o => o.Count)),
        ]).ToList();
        var reached = notices.Sum(n => Delivered(n.Id, DeliveryStatus.Sent));
        var section = new ReportSection("Customer notices",
        [
            new ReportParagraph("Subscribers are told of every new, changed or removed subprocessor before it may process customer data, and of every AI model entering production or retired; each notice is delivered by email to every confirmed subscriber, and the delivery record shows who was reached."),
            new ReportFigures(
            [
                new ReportFigure("Notices published", Count(notices.Count), "in the period"),
                new ReportFigure("Deliveries sent", Count(reached)),
                new ReportFigure("Confirmed subscribers", Count(confirmed), "now"),
            ]),
            new ReportTable(null,
                [new ReportColumn("Published", 1.5), new ReportColumn("Subprocessor", 2), new ReportColumn("Change", 1), new ReportColumn("Effective", 1.5),
                 new ReportColumn("Recipients", 1, ReportAlign.Right), new ReportColumn("Sent", 0.8, ReportAlign.Right), new ReportColumn("Failed", 0.8, ReportAlign.Right), new ReportColumn("Objections", 1, ReportAlign.Right)],
                Rows(rows), "No notice was published in the period.", rows.Count),
        ]);
        return new NoticesResult(section, notices.Count);
    }

    private async Task<ReportSection> RetentionSectionAsync(ConsoleDbContext db, Scope scope, IReadOnlyList<WorkspaceRow> workspaces, IReadOnlyDictionary<Guid, string> names, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var plans = scope.WorkspaceId is null ? Enum.GetValues<Plan>() : [.. workspaces.Select(w => w.Plan).Distinct()];
        var stored = await db.RetentionPolicies.AsNoTracking().ToDictionaryAsync(p => p.Plan, p => p.Terms, cancellationToken).ConfigureAwait(false);
        var terms = plans.ToDictionary(p => p, p => stored.GetValueOrDefault(p) ?? RetentionTerms.DefaultFor(p));
        var policyRows = plans.Select(p => (IReadOnlyList<string>)
        [
            p.Label(), Days(terms[p].ProviderRetentionDays), Days(terms[p].PromptHistoryDays), Days(terms[p].AiOutputDays),
            Days(terms[p].EmbeddingDeletionDays), Days(terms[p].TrashRestoreDays), Days(terms[p].AuditLogDays),
        ]).ToList();

        var jobNames = PostureJobs.Retention(retention).ToDictionary(j => j.JobName, j => j.Title);
        var workspaceScope = scope.WorkspaceId is not null;
        var runs = await db.JobRuns.AsNoTracking()
            .Where(r => jobNames.Keys.Contains(r.JobName) && r.StartedAt >= scope.From && r.StartedAt < scope.To)
            .GroupBy(r => new { r.JobName, r.Outcome })
            .Select(g => new { g.Key.JobName, g.Key.Outcome, Count = g.Count(), Items = g.Sum(r => r.Items), Last = g.Max(r => r.StartedAt) })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var runRows = jobNames.Select(j =>
        {
            var mine = runs.Where(r => r.JobName == j.Key).ToList();
            return (IReadOnlyList<string>)
            [
                j.Value, Count(mine.Sum(r => r.Count)), Count(mine.Where(r => r.Outcome == JobRunOutcome.Succeeded).Sum(r => r.Count)),
                Count(mine.Where(r => r.Outcome is JobRunOutcome.Failed or JobRunOutcome.Interrupted).Sum(r => r.Count)),
                .. workspaceScope ? Array.Empty<string>() : [Count(mine.Sum(r => (long)r.Items))], mine.Count == 0 ? "—" : Time(mine.Max(r => r.Last)),
            ];
        }).ToList();

        var blocks = new List<ReportBlock>
        {
            new ReportParagraph("The retention policy of each plan, then the evidence that the jobs enforced it: their runs in the period and what each left behind against the promise."),
            new ReportTable("Retention policy per plan (days)",
                [new ReportColumn("Plan", 1.2), new ReportColumn("LLM provider", 1, ReportAlign.Right), new ReportColumn("Prompt history", 1, ReportAlign.Right), new ReportColumn("AI outputs", 1, ReportAlign.Right),
                 new ReportColumn("Embeddings after deletion", 1.3, ReportAlign.Right), new ReportColumn("Restore window", 1, ReportAlign.Right), new ReportColumn("Audit log", 1, ReportAlign.Right)],
                Rows(policyRows), "No plan in scope."),
            new ReportTable("Enforcement job runs in the period",
                [new ReportColumn("Job", 3), new ReportColumn("Runs", 0.8, ReportAlign.Right), new ReportColumn("Succeeded", 1, ReportAlign.Right), new ReportColumn("Failed or interrupted", 1.2, ReportAlign.Right),
                 .. workspaceScope ? Array.Empty<ReportColumn>() : [new ReportColumn("Items", 1, ReportAlign.Right)], new ReportColumn("Last run", 1.6)],
                Rows(runRows), "No enforcement job is defined."),
        };

        if (scope.WorkspaceId is null)
        {
            // Per promise, kind and plan: what the runs of the period of the job that keeps that promise purged, and what
            // its newest finished run found still present. Each job writes rows of its own (the trash purge one for every
            // kind, with the restore window as its limit), so a row is never another job's.
            var evidence = await (
                    from e in db.JobRunEvidence.AsNoTracking()
                    join r in db.JobRuns.AsNoTracking() on e.RunId equals r.Id
                    where r.StartedAt >= scope.From && r.StartedAt < scope.To && jobNames.Keys.Contains(r.JobName)
                    select new { r.JobName, RunId = r.Id, r.Outcome, r.StartedAt, Evidence = e })
                .ToListAsync(cancellationToken).ConfigureAwait(false);

            // The plans of one promise in a run (the same limit) are one row, as on the jobs page: a job may count their
            // purges together.
            var promises = evidence.GroupBy(e => e.RunId).SelectMany(run => JobRunQuery.ByPromise(run.Select(e => e.Evidence)).Select(p => new
            {
                run.First().JobName, run.First().Outcome, run.First().StartedAt, p.Kind, p.LimitDays,
                Plans = string.Join(", ", p.Plans), FirstPlan = p.Plans[0], p.Purged, p.Held, Oldest = p.OldestPresentAt, p.Lag,
            }));
            var evidenceRows = promises
                .GroupBy(e => new { e.JobName, e.Kind, e.Plans })
                .Where(g => Enforces(g.Key.JobName, g.Key.Kind) || g.Any(e => e.Purged > 0 || e.Held > 0))
                .OrderBy(g => Array.IndexOf(EvidenceOrder, g.Key.JobName)).ThenBy(g => g.Key.Kind).ThenBy(g => g.Min(e => e.FirstPlan))
                .Select(g =>
                {
                    var finished = g.Where(e => e.Outcome == JobRunOutcome.Succeeded).MaxBy(e => e.StartedAt);
                    var measured = finished is not null && Enforces(g.Key.JobName, g.Key.Kind);
                    return (IReadOnlyList<string>)
                    [
                        Evidence(g.Key.JobName, g.Key.Kind), g.Key.Plans, Days(g.MaxBy(e => e.StartedAt)!.LimitDays), Count(g.Sum(e => e.Purged)),
                        finished is null ? "—" : Count(finished.Held),
                        !measured ? "—" : finished!.Oldest is { } oldest ? Time(oldest) : "none",
                        !measured ? "—" : Lag(g.Where(e => e.Outcome == JobRunOutcome.Succeeded).Max(e => e.Lag)),
                    ];
                }).ToList();
            blocks.Add(new ReportParagraph("Each row is the evidence of the job that keeps its promise: retention enforcement for prompt history, AI outputs and provider requests, the embedding purge for embeddings, the trash purge for the restore window (with what went with the pages and workspaces it purged). Purged: what the job's runs of the period deleted, interrupted runs included. Held: what a legal hold kept, as its newest finished run found. Oldest left and worst lag: the oldest item that run found still present, and how far any finished run of the period found an item past the promise (— where the job does not measure it).", ReportTone.Muted));
            blocks.Add(new ReportTable("Enforcement evidence per kind of data and promise",
                [new ReportColumn("Data", 1.6), new ReportColumn("Plans", 1), new ReportColumn("Promise", 0.9, ReportAlign.Right), new ReportColumn("Purged", 1, ReportAlign.Right),
                 new ReportColumn("Held", 0.8, ReportAlign.Right), new ReportColumn("Oldest left", 1.7), new ReportColumn("Worst lag", 1.1, ReportAlign.Right)],
                Rows(evidenceRows), "No enforcement run recorded evidence in the period.", evidenceRows.Count));
            blocks.Add(await PurgeChartAsync(db, scope, cancellationToken).ConfigureAwait(false));
        }
        else
        {
            var id = scope.WorkspaceId.Value;
            var plan = workspaces.Single().Plan;
            var oldestPrompt = await db.PromptLogs.OldestCreatedAtAsync(id, cancellationToken).ConfigureAwait(false);
            var oldestOutput = await db.AiOutputs.OldestCreatedAtAsync(id, cancellationToken).ConfigureAwait(false);
            var oldestRequest = await db.ProviderRequests.OldestCreatedAtAsync(id, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<string> Oldest(string kind, DateTimeOffset? oldest, int limit) =>
            [
                kind, Days(limit), oldest is { } at ? Time(at) : "none",
                oldest is { } o && now - o > TimeSpan.FromDays(limit) ? $"{Lag(now - o - TimeSpan.FromDays(limit))} past" : "within",
            ];
            var t = terms[plan];
            blocks.Add(new ReportParagraph("The jobs count what they purge per plan across all workspaces, so this workspace's report shows neither those counts nor the runs' item totals: instead, the oldest of its own records still present at generation time, against its plan's promise."));
            blocks.Add(new ReportTable(null,
                [new ReportColumn("Data", 2), new ReportColumn("Promise", 1, ReportAlign.Right), new ReportColumn("Oldest present", 2), new ReportColumn("Against the promise", 1.5)],
                Rows([Oldest("Prompt history", oldestPrompt, t.PromptHistoryDays), Oldest("AI outputs", oldestOutput, t.AiOutputDays), Oldest("Provider request records", oldestRequest, t.ProviderRetentionDays)]),
                "No records."));
        }

        // Legal holds are compliance evidence: a hold may concern a dispute with the workspace's own company, and its
        // admin may read this workspace's reports. They appear in the report over every workspace only.
        if (scope.WorkspaceId is not null)
        {
            blocks.Add(new ReportParagraph("Legal holds are reported in the audit report over every workspace.", ReportTone.Muted));
            return new ReportSection("Retention and its enforcement", blocks);
        }

        var holds = await db.LegalHolds.AsNoTracking()
            .Where(h => h.From < scope.To)
            .OrderBy(h => h.From)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var holdRows = holds
            .Where(h => (h.Until ?? DateTimeOffset.MaxValue) > scope.From && (h.LiftedAt ?? DateTimeOffset.MaxValue) > scope.From)
            .Select(h => (IReadOnlyList<string>)
            [
                names.GetValueOrDefault(h.WorkspaceId, h.WorkspaceId.ToString("D")), h.Reason, h.PlacedBy, Time(h.From),
                h.Until is { } until ? Time(until) : "open-ended", h.LiftedAt is { } lifted ? $"{Time(lifted)} by {h.LiftedBy}" : h.IsInForce(now) ? "in force" : "ended",
            ]).ToList();
        blocks.Add(new ReportTable("Legal holds in force during the period",
            [new ReportColumn("Workspace", 1.6) { Wrap = ReportWrap.Never }, new ReportColumn("Reason", 2.4), new ReportColumn("Placed by", 1.4), new ReportColumn("From", 1.4), new ReportColumn("Until", 1.4), new ReportColumn("Lifted", 1.6)],
            Rows(holdRows), "No legal hold was in force in the period.", holdRows.Count));
        return new ReportSection("Retention and its enforcement", blocks);
    }

    private static async Task<ReportBarChart> PurgeChartAsync(ConsoleDbContext db, Scope scope, CancellationToken cancellationToken)
    {
        var weeks = Weeks(scope);
        var kinds = Enum.GetValues<DataKind>();
        var values = kinds.ToDictionary(k => k, _ => new double[weeks.Count]);
        for (var i = 0; i < weeks.Count; i++)
        {
            var (start, end) = (weeks[i] < scope.From ? scope.From : weeks[i], i + 1 < weeks.Count ? weeks[i + 1] : scope.To);
            var counts = await (
                    from e in db.JobRunEvidence.AsNoTracking()
                    join r in db.JobRuns.AsNoTracking() on e.RunId equals r.Id
                    where r.StartedAt >= start && r.StartedAt < end
                    group e by e.Kind into g
                    select new { Kind = g.Key, Purged = g.Sum(e => e.Purged) })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var count in counts)
                values[count.Kind][i] = count.Purged;
        }

        return new ReportBarChart("Items purged per week", [.. weeks.Select(WeekLabel)],
            [.. kinds.Where(k => values[k].Any(v => v > 0)).Select(k => new ReportSeries(Kind(k), values[k]))], "items");
    }

    private async Task<ReportSection> LifecycleSectionAsync(ConsoleDbContext db, Scope scope, IReadOnlyDictionary<Guid, string> names, CancellationToken cancellationToken)
    {
        var counts = await AuditInScope(db, scope).Where(e => LifecycleActions.Contains(e.Action))
            .GroupBy(e => e.Action).Select(g => new { Action = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        int Of(string action) => counts.Where(c => c.Action == action).Sum(c => c.Count);
        var total = counts.Sum(c => c.Count);
        var rows = StreamAudit(scope, e => LifecycleActions.Contains(e.Action), e =>
        [
            e.Sequence.ToString(Invariant), Stamp(e.At), LifecycleAction(e.Action), e.WorkspaceId is { } w ? names.GetValueOrDefault(w, w.ToString("D")) : "—",
            Target(e.TargetType, e.TargetId), e.ActorName,
        ], cancellationToken);
        return new ReportSection("Deletions and restores",
        [
            new ReportParagraph("Deleted pages and workspaces can be restored for the plan's restore window and are purged, with their AI outputs and embeddings, after it. Every deletion, restore and purge is an audit entry; these are the entries of the period."),
            new ReportFigures(
            [
                new ReportFigure("Pages deleted", Count(Of("page.deleted"))),
                new ReportFigure("Pages restored", Count(Of("page.restored"))),
                new ReportFigure("Workspaces deleted", Count(Of("workspace.deleted"))),
                new ReportFigure("Workspaces restored", Count(Of("workspace.restored"))),
                new ReportFigure("Workspaces purged", Count(Of("workspace.purged"))),
            ]),
            new ReportTable(null,
                [new ReportColumn("#", 0.8, ReportAlign.Right) { Wrap = ReportWrap.Never }, new ReportColumn("At (UTC)", 2) { Wrap = ReportWrap.Never }, new ReportColumn("Event", 1.7),
                 new ReportColumn("Workspace", 2) { Wrap = ReportWrap.Never, Fits = [.. names.Values] }, new ReportColumn("Target", 1.7), new ReportColumn("By", 1.6)],
                rows, "No page or workspace was deleted, restored or purged in the period.", total),
        ]);
    }

    private static async Task<DlpResult> DlpSectionAsync(ConsoleDbContext db, Scope scope, CancellationToken cancellationToken)
    {
        var alerts = db.DlpAlerts.AsNoTracking()
            .Where(a => (scope.WorkspaceId == null || a.WorkspaceId == scope.WorkspaceId) && a.DetectedAt >= scope.From && a.DetectedAt < scope.To);
        var byDetector = await alerts.GroupBy(a => new { a.DetectorName, a.Severity, a.Status })
            .Select(g => new { g.Key.DetectorName, g.Key.Severity, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var total = byDetector.Sum(d => (long)d.Count);
        var detectorRows = byDetector.GroupBy(d => new { d.DetectorName, d.Severity }).OrderByDescending(g => g.Sum(d => d.Count)).ThenBy(g => g.Key.DetectorName)
            .Select(g => (IReadOnlyList<string>)
            [
                g.Key.DetectorName, g.Key.Severity.Label(), Count(g.Sum(d => d.Count)),
                Count(g.Where(d => d.Status == DlpAlertStatus.Open).Sum(d => d.Count)),
                Count(g.Where(d => d.Status == DlpAlertStatus.Acknowledged).Sum(d => d.Count)),
                Count(g.Where(d => d.Status == DlpAlertStatus.Resolved).Sum(d => d.Count)),
            ]).ToList();

        // The chart stacks the detectors with the most alerts; the rest are summed as "Other".
        var top = byDetector.GroupBy(d => d.DetectorName).OrderByDescending(g => g.Sum(d => d.Count)).Take(ChartSeries).Select(g => g.Key).ToList();
        var weeks = Weeks(scope);
        var series = top.ToDictionary(t => t, _ => new double[weeks.Count]);
        var other = new double[weeks.Count];
        for (var i = 0; i < weeks.Count; i++)
        {
            var (from, to) = (weeks[i] < scope.From ? scope.From : weeks[i], i + 1 < weeks.Count ? weeks[i + 1] : scope.To);
            var counts = await alerts.Where(a => a.DetectedAt >= from && a.DetectedAt < to).GroupBy(a => a.DetectorName)
                .Select(g => new { Name = g.Key, Count = g.Count() }).ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var count in counts)
            {
                if (series.TryGetValue(count.Name, out var values))
                    values[i] = count.Count;
                else
                    other[i] += count.Count;
            }
        }

        var chartSeries = series.Select(s => new ReportSeries(s.Key, s.Value)).ToList();
        if (other.Any(v => v > 0))
            chartSeries.Add(new ReportSeries("Other", other));

        var deliveries = await db.DlpHookDeliveries.AsNoTracking()
            .Where(d => (scope.WorkspaceId == null || d.WorkspaceId == scope.WorkspaceId) && d.CreatedAt >= scope.From && d.CreatedAt < scope.To)
            .GroupBy(d => d.Status).Select(g => new { Status = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        int Deliveries(DlpHookDeliveryStatus status) => deliveries.Where(d => d.Status == status).Sum(d => d.Count);
        var delivered = Deliveries(DlpHookDeliveryStatus.Delivered);
        var dead = Deliveries(DlpHookDeliveryStatus.DeadLettered);
        var settled = delivered + dead;
        var section = new ReportSection("DLP alerts and hook deliveries",
        [
            new ReportParagraph("Every prompt and AI output the AI product reports is scanned by the DLP detectors; an alert keeps the detector, the position and a redacted excerpt, never the matched value. Enterprise workspaces receive alerts in their DLP tool through signed hooks."),
            new ReportFigures(
            [
                new ReportFigure("Alerts", Count(total), "in the period", total == 0 ? ReportTone.Normal : ReportTone.Warning),
                new ReportFigure("Still open", Count(byDetector.Where(d => d.Status == DlpAlertStatus.Open).Sum(d => d.Count))),
                new ReportFigure("Hook deliveries", Count(deliveries.Sum(d => d.Count)), "in the period"),
                new ReportFigure("Delivery success", settled == 0 ? "—" : Percent(delivered, settled), settled == 0 ? "nothing settled" : $"{Count(dead)} dead-lettered", dead == 0 ? ReportTone.Good : ReportTone.Warning),
            ]),
            new ReportTable("Alerts by detector",
                [new ReportColumn("Detector", 2.6), new ReportColumn("Severity", 1), new ReportColumn("Alerts", 1, ReportAlign.Right), new ReportColumn("Open", 1, ReportAlign.Right),
                 new ReportColumn("Acknowledged", 1.2, ReportAlign.Right), new ReportColumn("Resolved", 1, ReportAlign.Right)],
                Rows(detectorRows), "No DLP alert was raised in the period.", detectorRows.Count),
            new ReportBarChart("DLP alerts per week", [.. weeks.Select(WeekLabel)], chartSeries, "alerts"),
            new ReportTable("Hook deliveries by outcome",
                [new ReportColumn("Outcome", 3), new ReportColumn("Deliveries", 1, ReportAlign.Right)],
                Rows([.. Enum.GetValues<DlpHookDeliveryStatus>().Select(s => (IReadOnlyList<string>)[s.ToString(), Count(Deliveries(s))])]),
                "No hook delivery."),
        ]);
        return new DlpResult(section, total);
    }

    private async Task<ReportSection> AiSettingsSectionAsync(ConsoleDbContext db, Scope scope, IReadOnlyDictionary<Guid, string> names, CancellationToken cancellationToken)
    {
        var changes = db.AiSettingsVersions.AsNoTracking()
            .Where(v => (scope.WorkspaceId == null || v.WorkspaceId == scope.WorkspaceId) && v.ChangedAt >= scope.From && v.ChangedAt < scope.To);
        var total = await changes.CountAsync(cancellationToken).ConfigureAwait(false);
        var byAction = await changes.GroupBy(v => v.Action).Select(g => new { Action = g.Key, Count = g.Count() }).OrderByDescending(g => g.Count)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var rows = StreamPages(async (db, skip, token) =>
        {
            var page = await db.AiSettingsVersions.AsNoTracking()
                .Where(v => (scope.WorkspaceId == null || v.WorkspaceId == scope.WorkspaceId) && v.ChangedAt >= scope.From && v.ChangedAt < scope.To)
                .OrderBy(v => v.ChangedAt).ThenBy(v => v.WorkspaceId).ThenBy(v => v.Version)
                .Skip(skip).Take(PageSize)
                .Select(v => new { v.ChangedAt, v.WorkspaceId, v.Version, v.Action, v.ChangedBy })
                .ToListAsync(token).ConfigureAwait(false);
            return page.Select(v => (IReadOnlyList<string>)
                [Time(v.ChangedAt), names.GetValueOrDefault(v.WorkspaceId, v.WorkspaceId.ToString("D")), v.Version.ToString(Invariant), v.Action, v.ChangedBy]).ToList();
        }, cancellationToken);
        return new ReportSection("AI settings changes",
        [
            new ReportParagraph("Workspace admins decide whether and how AI may use their workspace's data; every change is versioned and audited with its before and after."),
            new ReportFigures([new ReportFigure("Changes", Count(total), "in the period"), .. byAction.Take(4).Select(a => new ReportFigure(a.Action, Count(a.Count)))]),
            new ReportTable("Every saved version of the AI settings in the period",
                [new ReportColumn("At (UTC)", 1.6) { Wrap = ReportWrap.Never }, new ReportColumn("Workspace", 2) { Wrap = ReportWrap.Never, Fits = [.. names.Values] },
                 new ReportColumn("Version", 0.8, ReportAlign.Right) { Wrap = ReportWrap.Never }, new ReportColumn("Change", 2) { Wrap = ReportWrap.Never }, new ReportColumn("By", 1.6)],
                rows, "No AI setting was changed in the period.", total),
        ]);
    }

    private ReportSection AuditSection(Scope scope, long entries, Domain.Model.Audit.AuditChainHead? head, AuditVerification verification, IReadOnlyDictionary<Guid, string> names, CancellationToken cancellationToken)
    {
        var rows = StreamAudit(scope, null, e =>
        [
            e.Sequence.ToString(Invariant), Stamp(e.At), e.ActorName, e.Action, Target(e.TargetType, e.TargetId),
            e.WorkspaceId is { } w ? names.GetValueOrDefault(w, "—") : "—", e.Hash[..12],
        ], cancellationToken);
        return new ReportSection("Audit log",
        [
            new ReportParagraph("Every change made through the console, its API or a job is an entry of an append-only log, each entry hash-chained to the one before it. The chain was verified from its first entry when this report was generated; the head below lets anyone holding an exported copy of the log check that it is the same log (node tools/verify-audit-chain.mjs)."),
            new ReportFigures(
            [
                new ReportFigure("Entries in the period", Count(entries)),
                new ReportFigure("Chain", verification.Intact ? "Intact" : "Broken", Verified(scope, verification), verification.Intact ? ReportTone.Good : ReportTone.Bad),
                .. (scope.WorkspaceId is null ? [new ReportFigure("Head entry", head is null ? "—" : "#" + head.Sequence.ToString("N0", Invariant))] : Array.Empty<ReportFigure>()),
            ]),
            new ReportParagraph($"Chain head hash (SHA-256): {head?.Hash ?? Domain.Model.Audit.AuditEntry.GenesisHash}"),
            new ReportParagraph("The table shows each entry's target by kind and the start of its id, and the first 12 hex digits of its hash; the JSON Lines export of the audit log has every field in full.", ReportTone.Muted),
            new ReportTable(scope.WorkspaceId is null ? "The entries of the period, oldest first" : "The workspace's entries of the period, oldest first",
                [new ReportColumn("#", 0.8, ReportAlign.Right) { Wrap = ReportWrap.Never, Fits = scope.WorkspaceId is null && head is not null ? [head.Sequence.ToString(Invariant)] : [] },
                 new ReportColumn("At (UTC)", 1.9) { Wrap = ReportWrap.Never },
                 new ReportColumn("Actor", 1.6), new ReportColumn("Action", 2.1) { Wrap = ReportWrap.Never }, new ReportColumn("Target", 1.9),
                 new ReportColumn("Workspace", 1.6) { Wrap = ReportWrap.Never, Fits = [.. names.Values] }, new ReportColumn("Hash", 1.4) { Wrap = ReportWrap.Never }],
                rows, "No audit entry in the period.", entries),
        ]);
    }

    /// <summary>
    /// The verification's outcome in words. A workspace's report does not count the entries of the whole log (nor name
    /// the head's sequence): how much happens in other workspaces is not that workspace's to read.
    /// </summary>
    private static string? Verified(Scope scope, AuditVerification verification) =>
        verification.Intact
            ? (scope.WorkspaceId is null ? $"{Count(verification.EntriesChecked)} entries verified" : "the whole log verified") + (verification.SealsChecked ? ", hashes and seals" : ", hashes only")
            : scope.WorkspaceId is null ? $"at entry #{verification.BrokenAtSequence}: {verification.Problem}" : "the log fails verification; the compliance team has the details";

    /// <summary>The period's entries of the scope; a workspace's report leaves out legal holds, as its admin's audit log does.</summary>
    private static IQueryable<Domain.Model.Audit.AuditEntry> AuditInScope(ConsoleDbContext db, Scope scope) =>
        scope.WorkspaceId is { } workspace
            ? db.AuditEntries.AsNoTracking().Where(e => e.WorkspaceId == workspace && e.TargetType != AuditScope.LegalHoldTarget && e.At >= scope.From && e.At < scope.To)
            : db.AuditEntries.AsNoTracking().Where(e => e.At >= scope.From && e.At < scope.To);

    /// <summary>The scope's audit entries of the period, oldest first, read in keyset pages on a fresh context each.</summary>
    private async IAsyncEnumerable<IReadOnlyList<string>> StreamAudit(
        Scope scope, System.Linq.Expressions.Expression<Func<Domain.Model.Audit.AuditEntry, bool>>? filter,
        Func<Domain.Model.Audit.AuditEntry, IReadOnlyList<string>> row, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var after = 0L;
        while (true)
        {
            List<Domain.Model.Audit.AuditEntry> page;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
            {
                var query = AuditInScope(db, scope).Where(e => e.Sequence > after);
                if (filter is not null)
                    query = query.Where(filter);
                page = await query.OrderBy(e => e.Sequence).Take(PageSize).ToListAsync(cancellationToken).ConfigureAwait(false);
            }

            foreach (var entry in page)
                yield return row(entry);
            if (page.Count < PageSize)
                yield break;
            after = page[^1].Sequence;
        }
    }

    /// <summary>Rows read a page at a time (offset paging, for tables of modest length), each page on a fresh context.</summary>
    private async IAsyncEnumerable<IReadOnlyList<string>> StreamPages(
        Func<ConsoleDbContext, int, CancellationToken, Task<List<IReadOnlyList<string>>>> page, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var skip = 0; ; skip += PageSize)
        {
            List<IReadOnlyList<string>> rows;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
                rows = await page(db, skip, cancellationToken).ConfigureAwait(false);
            foreach (var row in rows)
                yield return row;
            if (rows.Count < PageSize)
                yield break;
        }
    }

    private static async IAsyncEnumerable<IReadOnlyList<string>> Rows(IReadOnlyList<IReadOnlyList<string>> rows)
    {
        foreach (var row in rows)
            yield return row;
        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <summary>The starts of the ISO weeks (Mondays, UTC) the period touches; the first may start before the period.</summary>
    private static List<DateTimeOffset> Weeks(Scope scope)
    {
        var first = scope.From.UtcDateTime.Date;
        first = first.AddDays(-(((int)first.DayOfWeek + 6) % 7));
        var weeks = new List<DateTimeOffset>();
        for (var week = new DateTimeOffset(first, TimeSpan.Zero); week < scope.To; week = week.AddDays(7))
            weeks.Add(week);
        return weeks;
    }

    private static string WeekLabel(DateTimeOffset start) =>
        $"{ISOWeek.GetYear(start.UtcDateTime)}-W{ISOWeek.GetWeekOfYear(start.UtcDateTime):00}";

    private static string Count(long value) => value.ToString("N0", Invariant);

    private static string Days(int days) => days.ToString(Invariant);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", Invariant);

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", Invariant) + " UTC";

    /// <summary>A time to the second, for rows of the log (the column header says UTC).</summary>
    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", Invariant);

    /// <summary>A target by kind and the start of its id: enough to find it in the export, short enough for a column.</summary>
    private static string Target(string type, string id) => type + " " + (id.Length > 13 ? id[..8] + "…" : id);

    private static string Percent(long part, long whole) => (100.0 * part / whole).ToString("0.0", Invariant) + " %";

    private static string Lag(TimeSpan lag) =>
        lag <= TimeSpan.Zero ? "none" : lag.TotalDays >= 1 ? $"{lag.TotalDays.ToString("0.#", Invariant)} days" : $"{lag.TotalHours.ToString("0.#", Invariant)} h";

    /// <summary>The purge jobs in the order the evidence lists their promises.</summary>
    private static readonly string[] EvidenceOrder = [RetentionEnforcer.JobName, EmbeddingPurger.JobName, TrashPurger.JobName];

    /// <summary>Whether the job keeps the promise for that kind of data (and measures what it leaves of it).</summary>
    private static bool Enforces(string job, DataKind kind) => job switch
    {
        RetentionEnforcer.JobName => kind is DataKind.PromptLog or DataKind.AiOutput or DataKind.ProviderRequest,
        EmbeddingPurger.JobName => kind == DataKind.Embedding,
        TrashPurger.JobName => kind == DataKind.Page,
        _ => false,
    };

    /// <summary>A row's data, named with the promise it is evidence of where that is the trash purge's.</summary>
    private static string Evidence(string job, DataKind kind) => job == TrashPurger.JobName && kind != DataKind.Page ? $"{Kind(kind)} (trash)" : Kind(kind);

    private static string Kind(DataKind kind) => kind.Label();

    private static string LifecycleAction(string action) => action switch
    {
        "page.deleted" => "Page deleted",
        "page.restored" => "Page restored",
        "workspace.deleted" => "Workspace deleted",
        "workspace.restored" => "Workspace restored",
        "workspace.purged" => "Workspace purged",
        _ => action,
    };

    private static string Status(Subprocessor s) => s.Status switch
    {
        SubprocessorStatus.NoticePeriod when s.EffectiveAt is { } at => $"{s.Status.Label()} (effective {Time(at)})",
        SubprocessorStatus.Authorized when s.AuthorizedAt is { } at => $"{s.Status.Label()} {at.UtcDateTime.ToString("yyyy-MM-dd", Invariant)}",
        SubprocessorStatus.Retired when s.RetiredAt is { } at => $"{s.Status.Label()} {at.UtcDateTime.ToString("yyyy-MM-dd", Invariant)}",
        _ => s.Status.Label(),
    };

    private static string Category(ProcessingCategory category) => category.Label();

    private static string Certification(CertificationType type) => type.Label();

    private static string CertificationFlag(DateOnly expiresOn, DateOnly today) =>
        expiresOn < today ? " EXPIRED" : expiresOn <= today.AddDays(30) ? " expires soon" : string.Empty;
}
