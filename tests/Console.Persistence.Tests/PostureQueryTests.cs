using AdminConsole.Domain.Model.Jobs;
using AdminConsole.Domain.Model.Lifecycle;
using AdminConsole.Domain.Model.Posture;
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
            [("review-overdue", 3), ("certification-expired", 1), ("retention-behind", 2)],
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
