using AdminConsole.Domain.Model.Jobs;
using AdminConsole.Domain.Model.Lifecycle;
using AdminConsole.Domain.Model.Reports;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using AdminConsole.Domain.Reports;
using AdminConsole.Jobs.Reports;
using AdminConsole.Jobs.Retention;
using AdminConsole.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AdminConsole.Jobs.Tests;

/// <summary>
/// What the purge jobs leave as evidence, and what the audit report makes of it: the same figures whichever job ran
/// last, everything a hold keeps counted, and a run stopped half-way counted and audited exactly.
/// </summary>
public class RetentionEvidenceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    private static readonly RetentionOptions Options = new() { BatchSize = 3, MaxBatchSize = 3, PageBatchSize = 2, PauseBetweenBatches = TimeSpan.Zero };

    private const string EvidenceTable = "Enforcement evidence per kind of data and promise";

    /// <summary>
    /// Two copies of one database, the three purge jobs run in two orders: the report's evidence table is the same,
    /// and says what the database holds: what the hold keeps of prompts, Enterprise provider requests promised for 0
    /// days, and the oldest prompt left.
    /// </summary>
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task TheReportsEvidence_IsTheSame_WhicheverPurgeJobRanLast(DatabaseProvider provider)
    {
        Func<IDbContextFactory<ConsoleDbContext>, TimeProvider, (string, Func<Guid, CancellationToken, Task<JobRunResult>>)>[] jobs =
        [
            (db, clock) => (RetentionEnforcer.JobName, new RetentionEnforcer(db, clock, Options).RunAsync),
            (db, clock) => (EmbeddingPurger.JobName, new EmbeddingPurger(db, clock, Options).RunAsync),
            (db, clock) => (TrashPurger.JobName, new TrashPurger(db, clock, Options).RunAsync),
        ];
        var tables = new List<List<string>>();
        foreach (var order in new[] { new[] { 2, 1, 0 }, new[] { 0, 1, 2 } })
        {
            await using var database = await TestDatabase.CreateAsync(provider);
            await database.MigrateAsync();
            await SeedAsync(database);
            var clock = new FakeClock(Now);
            foreach (var job in order)
            {
                var (name, run) = jobs[job](database.CreateFactory(), clock);
                var result = await new JobRunRecorder(database.CreateFactory(), clock).RunAsync(name, run, CancellationToken.None);
                Assert.True(result.Errors == 0, result.FirstError);
                clock.Advance(TimeSpan.FromMinutes(1));
            }

            tables.Add(await EvidenceRowsAsync(database, clock.GetUtcNow()));
        }

        Assert.Equal(tables[0], tables[1]);
        var rows = tables[0];

        // Prompt history (30 days on every plan, one row): 2 purged, the held workspace's 3 old prompts kept, the oldest
        // left the 10-day-old one; Enterprise provider requests are promised for 0 days; the trash's pages are there too.
        const string All = "Free, Plus, Business, Enterprise";
        Assert.Contains($"Prompt history|{All}|30|2|3|{Time(Now - TimeSpan.FromDays(10))}|none", rows);
        Assert.Contains(rows, r => r.StartsWith("Provider requests|Enterprise|0|1|0|", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith($"Deleted pages|{All}|30|1|0|", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.StartsWith("Prompt history", StringComparison.Ordinal) && r.Contains("|—|", StringComparison.Ordinal));
    }

    /// <summary>A deleted workspace under a hold, past its restore window: the trash purge counts all of it as kept.</summary>
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task AHoldOnADeletedWorkspace_CountsEverythingItKeeps(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var workspace = Workspace.Create("Held and deleted", Plan.Business, DataRegion.EU, Now - TimeSpan.FromDays(400));
        workspace.Delete(Now - TimeSpan.FromDays(45));
        var pages = Enumerable.Range(0, 4).Select(i => Page.Create(Guid.NewGuid(), workspace.Id, $"Page {i}", Now - TimeSpan.FromDays(100))).ToList();
        pages[0].Delete(Now - TimeSpan.FromDays(60));
        await AddAsync(database, workspace);
        await AddAsync(database, [.. pages,
            LegalHold.Place(workspace.Id, "Litigation 2026-30", Now - TimeSpan.FromDays(50), null, "Olivia Officer", Now - TimeSpan.FromDays(50)),
            .. Enumerable.Range(0, 5).Select(i => PromptLog.Create(workspace.Id, Guid.NewGuid(), $"prompt {i}", Now - TimeSpan.FromDays(i))),
            AiOutput.Create(workspace.Id, pages[0].Id, "output of a trashed page", Now - TimeSpan.FromDays(70)),
            AiOutput.Create(workspace.Id, pages[1].Id, "output", Now - TimeSpan.FromDays(3)),
            AiOutput.Create(workspace.Id, null, "output of no page", Now - TimeSpan.FromDays(3)),
            ProviderRequest.Create(workspace.Id, "Anthropic", 30, Now - TimeSpan.FromDays(2)),
            ProviderRequest.Create(workspace.Id, "OpenAI", 30, Now - TimeSpan.FromDays(2)),
            .. pages.Select(p => Embedding.Create(workspace.Id, p.Id, "pgvector", Now - TimeSpan.FromDays(90)))]);

        var clock = new FakeClock(Now);
        var result = await new JobRunRecorder(database.CreateFactory(), clock)
            .RunAsync(TrashPurger.JobName, new TrashPurger(database.CreateFactory(), clock, Options).RunAsync, CancellationToken.None);

        Assert.Equal((0, 0), (result.Items, result.Errors));
        await using var check = database.CreateContext();
        var held = await check.JobRunEvidence.Where(e => e.Plan == Plan.Business).ToDictionaryAsync(e => e.Kind, e => e.Held);
        Assert.Equal(new Dictionary<DataKind, long>
        {
            [DataKind.Page] = 4, [DataKind.PromptLog] = 5, [DataKind.AiOutput] = 3, [DataKind.ProviderRequest] = 2, [DataKind.Embedding] = 4,
        }, held);
        Assert.Equal(WorkspaceStatus.DeletedRestorable, (await check.Workspaces.SingleAsync()).Status);
    }

    /// <summary>
    /// A run stopped between two ranges of its walk (as a killed process: its run record left running) has counted
    /// exactly what it deleted, as its item count (what the jobs page shows) and its evidence; the next run records it
    /// as interrupted and audits what it deleted, with the same count.
    /// </summary>
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ARunStoppedBetweenRanges_ShowsWhatItDeleted_AndIsAuditedWithTheExactCount(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var free = Workspace.Create("Free", Plan.Free, DataRegion.EU, Now - TimeSpan.FromDays(400));
        var plus = Workspace.Create("Plus", Plan.Plus, DataRegion.EU, Now - TimeSpan.FromDays(400));
        await AddAsync(database, free, plus);
        await AddAsync(database, [.. Enumerable.Range(0, 40).Select(i => PromptLog.Create(i % 2 == 0 ? free.Id : plus.Id, Guid.NewGuid(), $"prompt {i}", Now - TimeSpan.FromDays(i % 4 == 3 ? 1 : 40)))]);
        const int Due = 30;

        var clock = new FakeClock(Now);
        using var stop = new CancellationTokenSource();
        var stopper = new StopAfterCommits(3, stop);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new JobRunRecorder(database.CreateFactory(), clock)
            .RunAsync(RetentionEnforcer.JobName, new RetentionEnforcer(database.CreateFactory(stopper), clock, new RetentionOptions { BatchSize = 4, MaxBatchSize = 4, PauseBetweenBatches = TimeSpan.Zero }).RunAsync, stop.Token));

        JobRunRow stopped;
        long deleted;
        await using (var db = database.CreateContext())
        {
            deleted = Due - await db.PromptLogs.CountAsync(p => p.CreatedAt < Now - TimeSpan.FromDays(30));
            Assert.InRange(deleted, 1, Due - 1);
            stopped = (await JobRunQuery.RunsAsync(db, RetentionEnforcer.JobName, 0, 10)).Items.Single();
            Assert.Equal((JobRunOutcome.Running, (int)deleted), (stopped.Outcome, stopped.Items));
            Assert.Equal(deleted, await db.JobRunEvidence.Where(e => e.RunId == stopped.Id).SumAsync(e => e.Purged));
            Assert.False(await db.AuditEntries.AnyAsync(e => e.Action == "retention.purged"));
        }

        clock.Advance(TimeSpan.FromHours(1));
        var next = await new JobRunRecorder(database.CreateFactory(), clock)
            .RunAsync(RetentionEnforcer.JobName, new RetentionEnforcer(database.CreateFactory(), clock, Options).RunAsync, CancellationToken.None);

        Assert.Equal((Due - (int)deleted, 0), (next.Items, next.Errors));
        await using var check = database.CreateContext();
        var runs = (await JobRunQuery.RunsAsync(check, RetentionEnforcer.JobName, 0, 10)).Items;
        var interrupted = runs.Single(r => r.Id == stopped.Id);
        Assert.Equal((JobRunOutcome.Interrupted, (int)deleted), (interrupted.Outcome, interrupted.Items));
        var audited = await check.AuditEntries.Where(e => e.Action == "retention.purged" && e.TargetId == stopped.Id.ToString()).Select(e => e.After).SingleAsync();
        Assert.Contains("\"Interrupted\":true", audited, StringComparison.Ordinal);
        Assert.Contains($"\"PromptLog\":{deleted}", audited, StringComparison.Ordinal);
        Assert.Equal(0, await check.PromptLogs.CountAsync(p => p.CreatedAt < Now - TimeSpan.FromDays(30)));
    }

    /// <summary>Two workspaces of the Free plan (one under a hold) and one Enterprise; prompts, provider requests, a page in the trash, a live page with its embedding.</summary>
    private static async Task SeedAsync(TestDatabase database)
    {
        var free = Workspace.Create("Free workspace", Plan.Free, DataRegion.EU, Now - TimeSpan.FromDays(400));
        var held = Workspace.Create("Held workspace", Plan.Free, DataRegion.EU, Now - TimeSpan.FromDays(400));
        var enterprise = Workspace.Create("Enterprise workspace", Plan.Enterprise, DataRegion.EU, Now - TimeSpan.FromDays(400));
        await AddAsync(database, free, held, enterprise);
        var trashed = Page.Create(Guid.NewGuid(), free.Id, "Trashed", Now - TimeSpan.FromDays(100));
        trashed.Delete(Now - TimeSpan.FromDays(31));
        var live = Page.Create(Guid.NewGuid(), free.Id, "Live", Now - TimeSpan.FromDays(100));
        await AddAsync(database, trashed, live,
            LegalHold.Place(held.Id, "Litigation 2026-29", Now - TimeSpan.FromDays(60), null, "Olivia Officer", Now - TimeSpan.FromDays(60)),
            PromptLog.Create(free.Id, Guid.NewGuid(), "old", Now - TimeSpan.FromDays(40)),
            PromptLog.Create(free.Id, Guid.NewGuid(), "old", Now - TimeSpan.FromDays(35)),
            PromptLog.Create(free.Id, Guid.NewGuid(), "recent", Now - TimeSpan.FromDays(10)),
            PromptLog.Create(held.Id, Guid.NewGuid(), "held", Now - TimeSpan.FromDays(40)),
            PromptLog.Create(held.Id, Guid.NewGuid(), "held", Now - TimeSpan.FromDays(45)),
            PromptLog.Create(held.Id, Guid.NewGuid(), "held", Now - TimeSpan.FromDays(50)),
            ProviderRequest.Create(enterprise.Id, "OpenAI", 0, Now - TimeSpan.FromHours(2)),
            ProviderRequest.Create(free.Id, "OpenAI", 30, Now - TimeSpan.FromDays(2)),
            Embedding.Create(free.Id, live.Id, "pgvector", Now - TimeSpan.FromDays(90)));
    }

    /// <summary>The report's evidence table over every workspace, each row as its cells joined by '|'.</summary>
    private static async Task<List<string>> EvidenceRowsAsync(TestDatabase database, DateTimeOffset now)
    {
        var report = AuditReport.Request(AuditReportKind.OnDemand, null, AuditReport.AllWorkspaces, DateOnly.FromDateTime(Now.UtcDateTime.AddDays(-5)), DateOnly.FromDateTime(Now.UtcDateTime.AddDays(1)),
            "officer-1", "Olivia Officer", now);
        var document = await new AuditReportBuilder(database.CreateFactory(), Options).BuildAsync(report, now, "Olivia Officer", CancellationToken.None);
        var table = document.Sections.SelectMany(s => s.Blocks).OfType<ReportTable>().Single(t => t.Caption == EvidenceTable);
        var rows = new List<string>();
        await foreach (var row in table.Rows)
            rows.Add(string.Join('|', row));
        return rows;
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " UTC";

    private static async Task AddAsync(TestDatabase database, params object[] entities)
    {
        await using var db = database.CreateContext();
        db.AddRange(entities);
        await db.SaveChangesAsync();
    }

    /// <summary>Cancels the run once this many of its transactions have committed: the walk stops before its next range.</summary>
    private sealed class StopAfterCommits(int commits, CancellationTokenSource stop) : DbTransactionInterceptor
    {
        private int _committed;

        public override Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _committed) == commits)
                stop.Cancel();
            return Task.CompletedTask;
        }
    }
}
