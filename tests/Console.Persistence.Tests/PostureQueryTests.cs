using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.AiSettings;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Jobs;
using AdminConsole.Domain.Model.Lifecycle;
using AdminConsole.Domain.Model.Posture;
using AdminConsole.Domain.Model.Retention;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using AdminConsole.TestSupport;

namespace AdminConsole.Persistence.Tests;

public class PostureQueryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly AuditActor Admin = new("admin-1", "Ada Admin", "Admin", null);
    private static readonly PostureJob[] Jobs = [new("retention-enforcement", "Retention enforcement", Hour), new("embedding-purge", "Embedding purge", Hour)];

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Summary_CountsEachRulesViolations_FromTheRegistryAndTheLatestRunsEvidence_AndShowsHoldsApart(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        await using (var db = database.CreateContext())
        {
            for (var i = 0; i < 3; i++)
                db.Subprocessors.Add(Authorized($"Overdue {i}", Now.AddMonths(-13)));
            db.Subprocessors.Add(Authorized("Lapsed Cert Inc", Now.AddMonths(-2), new Certification(CertificationType.Iso27001, Today.AddDays(-1))));
            db.Subprocessors.Add(Authorized("Fine Ltd", Now.AddMonths(-2), new Certification(CertificationType.Soc2Type2, Today)));

            // An older run was behind; the latest finished one caught up, with a legal hold keeping 7 items.
            AddRun(db, "retention-enforcement", Now.AddHours(-2), JobRunOutcome.Succeeded, (DataKind.PromptLog, Plan.Free, TimeSpan.FromDays(2), 0));
            AddRun(db, "retention-enforcement", Now.AddMinutes(-30), JobRunOutcome.Succeeded, (DataKind.PromptLog, Plan.Free, TimeSpan.Zero, 7));

            // The embedding purge's latest run failed and left embeddings a day past their deadline; its last success is long ago.
            AddRun(db, "embedding-purge", Now.AddDays(-3), JobRunOutcome.Succeeded);
            AddRun(db, "embedding-purge", Now.AddMinutes(-10), JobRunOutcome.Failed, (DataKind.Embedding, Plan.Business, TimeSpan.FromDays(1), 0));

            var held = Workspace.Create("Held Corp", Plan.Enterprise, DataRegion.EU, Now.AddDays(-90));
            db.Workspaces.Add(held);
            db.LegalHolds.Add(LegalHold.Place(held.Id, "Litigation", Now.AddDays(-10), null, "olivia@example.com", Now.AddDays(-10)));
            await db.SaveChangesAsync();
        }

        await using var read = database.CreateContext();
        var summary = await PostureQuery.SummaryAsync(read, Jobs, Now);

        Assert.Equal(
            [("review-overdue", 3), ("certification-expired", 1), ("retention-behind", 2), ("ai-provider-retains-data", 0), ("ai-provider-not-authorized", 0),
             ("model-not-evaluated", 0), ("model-review-overdue", 0), ("model-provider-not-authorized", 0), ("hipaa-model-retains-data", 0)],
            summary.Rules.Select(r => (r.Rule.Code, r.Count)));
        Assert.Equal(6, summary.Total);
        Assert.Equal(new PostureHolds(1, 7), summary.Holds);

        var behind = await PostureQuery.ViolationsAsync(read, Jobs, PostureRules.RetentionBehind, Now, 0, 10);
        Assert.Equal(2, behind.Total);
        Assert.All(behind.Items, v => Assert.Equal("embedding-purge", v.SubjectId));
        Assert.Contains(behind.Items, v => v.Detail.StartsWith("Embeddings on the Business plan", StringComparison.Ordinal));
        Assert.Contains(behind.Items, v => v.Detail.StartsWith("No successful run since", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Violations_ArePagedInNameOrder_AndTheTrendReadsTheDailySnapshots(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        await using (var db = database.CreateContext())
        {
            foreach (var name in new[] { "Delta", "Alpha", "Echo", "Charlie", "Bravo" })
                db.Subprocessors.Add(Authorized(name, Now.AddYears(-2)));
            db.PostureSnapshots.Add(PostureSnapshot.Take([new("review-overdue", 4), new("retention-behind", 1)], Now.AddDays(-40)));
            db.PostureSnapshots.Add(PostureSnapshot.Take([new("review-overdue", 5)], Now.AddDays(-1)));
            db.PostureSnapshots.Add(PostureSnapshot.Take([new("review-overdue", 5), new("certification-expired", 0)], Now));
            await db.SaveChangesAsync();
        }

        await using var read = database.CreateContext();
        var second = await PostureQuery.ViolationsAsync(read, [], PostureRules.ReviewOverdue, Now, skip: 2, take: 2);

        Assert.Equal(5, second.Total);
        Assert.Equal(["Charlie", "Delta"], second.Items.Select(v => v.SubjectName));
        Assert.All(second.Items, v => Assert.Equal(PostureSubjectKind.Subprocessor, v.SubjectKind));

        var trend = await PostureQuery.TrendAsync(read, Today.AddDays(-29));
        Assert.Equal(
            [(Today.AddDays(-1), "review-overdue", 5), (Today, "review-overdue", 5), (Today, "certification-expired", 0)],
            trend.OrderBy(p => p.Day).ThenByDescending(p => p.RuleCode, StringComparer.Ordinal).Select(p => (p.Day, p.RuleCode, p.Count)));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task AiRules_ListTheWorkspacesWhoseSavedProviderAPlanChangeNewTermsOrARetirementLaterMadeABreach(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var month = Llm("Month AI", zeroRetention: false, retentionDays: 30);
        var zero = Llm("Zero AI", zeroRetention: true, retentionDays: 0);
        var sunset = Llm("Sunset AI", zeroRetention: false, retentionDays: 30);
        await using (var db = database.CreateContext())
        {
            db.Subprocessors.AddRange(month, zero, sunset);
            await db.SaveChangesAsync();
        }

        var clock = new FakeClock(Now.AddDays(-30));
        var factory = database.CreateFactory();
        var workspaces = new WorkspaceCommands(factory, clock);
        var ai = new AiSettingsCommands(factory, clock);
        async Task<Guid> WithAiAsync(string name, Plan plan, Subprocessor? llm, bool enabled = true)
        {
            var id = await workspaces.CreateAsync(Admin, name, plan, DataRegion.EU);
            await ai.UpdateAsync(Admin, id, new AiSettingsChange(enabled, llm?.Id, AiDataMode.MetadataOnly, new HashSet<AiFeature>(), true, false, false, false));
            return id;
        }

        var upgraded = await WithAiAsync("Upgraded Inc", Plan.Business, month);
        var shorter = await WithAiAsync("Shorter Terms Ltd", Plan.Plus, month);
        var retired = await WithAiAsync("Sunset Ltd", Plan.Business, sunset);
        var deleted = await WithAiAsync("Deleted Corp", Plan.Business, sunset);
        await WithAiAsync("Off Corp", Plan.Business, sunset, enabled: false);
        await WithAiAsync("Unchosen Co", Plan.Business, null);
        await WithAiAsync("Fine Co", Plan.Enterprise, zero);
        await workspaces.CreateAsync(Admin, "Never Saved Co", Plan.Enterprise, DataRegion.EU);

        // Each was allowed when saved; then a plan, a plan's terms, the registry and a deletion changed what holds.
        clock.Advance(TimeSpan.FromDays(27));
        var retiredAt = clock.GetUtcNow();
        await new SubprocessorCommands(factory, clock, new SubprocessorOptions()).RetireAsync(Admin, sunset.Id);
        await workspaces.UpdateAsync(Admin, upgraded, "Upgraded Inc", Plan.Enterprise);
        await new RetentionPolicyCommands(factory, clock).ChangeAsync(Admin, Plan.Plus, RetentionTerms.DefaultFor(Plan.Plus) with { ProviderRetentionDays = 14 }, expectedVersion: 1);
        await new LifecycleCommands(factory, clock).DeleteWorkspaceAsync(Admin, deleted);

        // One query for the registry the other rules read, three for the AI rules however many workspaces use AI (a fourth
        // when they chose models), one for the models in production (two more when any serves).
        var sql = new SqlRecorder();
        await using (var counted = database.CreateContext(sql))
        {
            var facts = await PostureQuery.FactsAsync(counted, []);
            Assert.Equal(
                ["Fine Co", "Shorter Terms Ltd", "Sunset Ltd", "Unchosen Co", "Upgraded Inc"],
                facts.WorkspaceAi.Select(w => w.Name).Order(StringComparer.Ordinal));
            Assert.Equal(5, sql.Commands.Count);
        }

        await using var read = database.CreateContext();
        var summary = await PostureQuery.SummaryAsync(read, [], Now);
        Assert.Equal(
            [("review-overdue", 0), ("certification-expired", 0), ("retention-behind", 0), ("ai-provider-retains-data", 2), ("ai-provider-not-authorized", 1),
             ("model-not-evaluated", 0), ("model-review-overdue", 0), ("model-provider-not-authorized", 0), ("hipaa-model-retains-data", 0)],
            summary.Rules.Select(r => (r.Rule.Code, r.Count)));

        var retains = await PostureQuery.ViolationsAsync(read, [], PostureRules.AiProviderRetainsData, Now, 0, 10);
        Assert.Equal(2, retains.Total);
        Assert.Equal(
            [(shorter.ToString(), "Shorter Terms Ltd", "Month AI keeps requests for 30 days; the Plus plan promises at most 14 days at LLM providers."),
             (upgraded.ToString(), "Upgraded Inc", "Month AI is not zero-retention capable: Enterprise workspaces use only LLM providers that keep nothing of their requests.")],
            retains.Items.Select(v => (v.SubjectId, v.SubjectName, v.Detail)));
        Assert.All(retains.Items, v => Assert.Equal((PostureSubjectKind.Workspace, (DateTimeOffset?)null), (v.SubjectKind, v.Since)));

        var unauthorized = await PostureQuery.ViolationsAsync(read, [], PostureRules.AiProviderNotAuthorized, Now, 0, 10);
        var violation = Assert.Single(unauthorized.Items);
        Assert.Equal(
            (PostureSubjectKind.Workspace, retired.ToString(), "Sunset Ltd", "Sunset AI is retired and may no longer process customer data; choose an authorized LLM provider.", (DateTimeOffset?)retiredAt),
            (violation.SubjectKind, violation.SubjectId, violation.SubjectName, violation.Detail, violation.Since));
    }

    private static Subprocessor Llm(string name, bool zeroRetention, int retentionDays)
    {
        var proposedAt = Now.AddMonths(-3);
        var subprocessor = Subprocessor.Propose(
            new SubprocessorDetails(name, "LLM inference", ProcessingCategory.Llm, ["Prompts"], ["US"], [], "DPA", zeroRetention, retentionDays, RiskTier.High, null), proposedAt);
        subprocessor.PublishNotice(proposedAt, proposedAt + Subprocessor.DefaultNoticePeriod, Subprocessor.DefaultNoticePeriod);
        subprocessor.Authorize(proposedAt + Subprocessor.DefaultNoticePeriod);
        return subprocessor;
    }

    private static void AddRun(ConsoleDbContext db, string jobName, DateTimeOffset finishedAt, JobRunOutcome outcome, params (DataKind Kind, Plan Plan, TimeSpan Lag, long Held)[] evidence)
    {
        var run = JobRun.Start(jobName, finishedAt.AddMinutes(-1));
        run.Finish(finishedAt, 0, outcome == JobRunOutcome.Succeeded ? 0 : 1, outcome == JobRunOutcome.Succeeded ? null : "Timeout");
        db.JobRuns.Add(run);
        foreach (var (kind, plan, lag, held) in evidence)
        {
            var row = JobRunEvidence.Start(run.Id, kind, plan, 30);
            row.Close(held, finishedAt - TimeSpan.FromDays(30) - lag, finishedAt);
            db.JobRunEvidence.Add(row);
        }
    }

    private static Subprocessor Authorized(string name, DateTimeOffset authorizedAt, params Certification[] certifications)
    {
        var proposedAt = authorizedAt - Subprocessor.DefaultNoticePeriod;
        var subprocessor = Subprocessor.Propose(
            new SubprocessorDetails(name, "Processing", ProcessingCategory.Hosting, ["Pages"], ["US"], certifications, "DPA", false, 30, RiskTier.Low, null), proposedAt);
        subprocessor.PublishNotice(proposedAt, authorizedAt, Subprocessor.DefaultNoticePeriod);
        subprocessor.Authorize(authorizedAt);
        return subprocessor;
    }
}
