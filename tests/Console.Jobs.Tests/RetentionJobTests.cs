using System.Data.Common;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Api;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Jobs;
using AdminConsole.Domain.Model.Lifecycle;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.Jobs.Retention;
using AdminConsole.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AdminConsole.Jobs.Tests;

/// <summary>The purge jobs against real databases, each rule at its boundary, with a clock the test sets.</summary>
public class RetentionJobTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Days30 = TimeSpan.FromDays(30);

    // Small batches, so that the key-range walk and the batch loops are crossed many times.
    private static readonly RetentionOptions Options = new() { BatchSize = 3, MaxBatchSize = 3, PageBatchSize = 2, PauseBetweenBatches = TimeSpan.Zero };

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task PromptLogs_PastThirtyDaysByOneSecond_ArePurged_ThoseAt29Days_AreKept_WithEvidence(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var free = await WorkspaceAsync(database, Plan.Free);
        var business = await WorkspaceAsync(database, Plan.Business);
        await AddAsync(database,
            PromptLog.Create(free, Guid.NewGuid(), "expired", Now - Days30 - Second),
            PromptLog.Create(free, Guid.NewGuid(), "kept, 29 days", Now - TimeSpan.FromDays(29)),
            PromptLog.Create(free, Guid.NewGuid(), "kept, a second short of 30 days", Now - Days30 + Second),
            PromptLog.Create(business, Guid.NewGuid(), "expired", Now - TimeSpan.FromDays(45)),
            PromptLog.Create(business, Guid.NewGuid(), "expired", Now - Days30 - Second),
            AiOutput.Create(business, null, "expired output", Now - Days30 - Second),
            AiOutput.Create(business, null, "kept output", Now - TimeSpan.FromDays(29)));

        var (result, runId) = await RunAsync(database, (db, clock) => new RetentionEnforcer(db, clock, Options).RunAsync, RetentionEnforcer.JobName);

        Assert.True(result.Errors == 0, result.FirstError);
        Assert.Equal((4, 0), (result.Items, result.Errors));
        await using var check = database.CreateContext();
        Assert.Equal(["kept, 29 days", "kept, a second short of 30 days"], (await check.PromptLogs.Select(p => p.Content).ToListAsync()).Order());
        Assert.Equal(["kept output"], await check.AiOutputs.Select(o => o.Content).ToListAsync());
        var evidence = await check.JobRunEvidence.Where(e => e.RunId == runId).ToListAsync();
        // Every plan promises 30 days for both: each kind's purges are counted together, on the first plan's row; what
        // is left is measured per plan.
        var freePrompts = evidence.Single(e => e.Kind == DataKind.PromptLog && e.Plan == Plan.Free);
        Assert.Equal((3L, 0L, 30, Now - Days30 + Second, TimeSpan.Zero), (freePrompts.Purged, freePrompts.Held, freePrompts.LimitDays, freePrompts.OldestPresentAt, freePrompts.Lag));
        Assert.Equal(0, evidence.Single(e => e.Kind == DataKind.PromptLog && e.Plan == Plan.Business).Purged);
        Assert.Equal(1, evidence.Single(e => e.Kind == DataKind.AiOutput && e.Plan == Plan.Free).Purged);
        var run = await check.JobRuns.SingleAsync(r => r.Id == runId);
        Assert.Equal((JobRunOutcome.Succeeded, 4), (run.Outcome, run.Items));
        Assert.Equal(1, await check.AuditEntries.CountAsync(e => e.Action == "retention.purged" && e.TargetId == runId.ToString()));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ARowReportedLate_InAWorkspaceThatHadNothingDue_IsLeftForTheNextRun_AndTheEvidenceShowsItsLag(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var free = await WorkspaceAsync(database, Plan.Free);
        var plus = await WorkspaceAsync(database, Plan.Plus);
        await AddAsync(database,
            PromptLog.Create(free, Guid.NewGuid(), "expired", Now - Days30 - Second),
            PromptLog.Create(free, Guid.NewGuid(), "kept", Now - TimeSpan.FromDays(2)),
            PromptLog.Create(plus, Guid.NewGuid(), "kept", Now - TimeSpan.FromDays(3)));

        // Reported with an old creation time after the run chose what to walk: this run does not see it as due.
        // As soon as the purge has read where its key-range walk ends.
        var late = new AddAfter(database, PromptLog.Create(plus, Guid.NewGuid(), "reported late", Now - TimeSpan.FromDays(40)),
            sql => sql.Contains("MAX(", StringComparison.OrdinalIgnoreCase) && sql.Contains("prompt_logs", StringComparison.Ordinal));
        var result = await RunEnforcerAsync(database, late);
        Assert.Equal((1, 0), (result.Items, result.Errors));
        await using var check = database.CreateContext();
        Assert.Equal(["kept", "kept", "reported late"], (await check.PromptLogs.Select(p => p.Content).ToListAsync()).Order());
        var evidence = await check.JobRunEvidence.Where(e => e.Kind == DataKind.PromptLog).ToListAsync();
        var freeEvidence = evidence.Single(e => e.Plan == Plan.Free);
        Assert.Equal((1L, Now - TimeSpan.FromDays(2), TimeSpan.Zero), (freeEvidence.Purged, freeEvidence.OldestPresentAt, freeEvidence.Lag));
        var plusEvidence = evidence.Single(e => e.Plan == Plan.Plus);
        Assert.Equal((0L, Now - TimeSpan.FromDays(40), TimeSpan.FromDays(10)), (plusEvidence.Purged, plusEvidence.OldestPresentAt, plusEvidence.Lag));

        // The next run deletes it.
        var clock = new FakeClock(Now);
        var next = await new JobRunRecorder(database.CreateFactory(), clock)
            .RunAsync(RetentionEnforcer.JobName, new RetentionEnforcer(database.CreateFactory(), clock, Options).RunAsync, CancellationToken.None);
        Assert.Equal(1, next.Items);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ARowReportedLate_InAWorkspaceTheWalkCovers_IsLeftForTheNextRun_AndTheEvidenceShowsItsLag(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var free = await WorkspaceAsync(database, Plan.Free);
        await AddAsync(database,
            PromptLog.Create(free, Guid.NewGuid(), "expired", Now - Days30 - Second),
            PromptLog.Create(free, Guid.NewGuid(), "kept", Now - TimeSpan.FromDays(2)));

        // Added once the walk is over (as the run reads which holds changed while it went): its key is past the last
        // one the walk saw, in a workspace the walk deleted from.
        var late = new AddAfter(database, PromptLog.Create(free, Guid.NewGuid(), "reported late", Now - TimeSpan.FromDays(45)),
            sql => sql.Contains("\"PlacedAt\"", StringComparison.Ordinal) && !sql.Contains("INSERT", StringComparison.OrdinalIgnoreCase));
        var result = await RunEnforcerAsync(database, late);
        Assert.Equal((1, 0), (result.Items, result.Errors));
        await using var check = database.CreateContext();
        Assert.Equal(["kept", "reported late"], (await check.PromptLogs.Select(p => p.Content).ToListAsync()).Order());
        var evidence = await check.JobRunEvidence.SingleAsync(e => e.Kind == DataKind.PromptLog && e.Plan == Plan.Free);
        Assert.Equal((1L, Now - TimeSpan.FromDays(45), TimeSpan.FromDays(15)), (evidence.Purged, evidence.OldestPresentAt, evidence.Lag));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task EnterpriseProviderRecords_AreNeverKeptPastTheRequest_OthersForThirtyDays(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var enterprise = await WorkspaceAsync(database, Plan.Enterprise);
        var plus = await WorkspaceAsync(database, Plan.Plus);
        await AddAsync(database,
            ProviderRequest.Create(enterprise, "OpenAI", 0, Now - Second),
            ProviderRequest.Create(plus, "OpenAI", 30, Now - Second),
            ProviderRequest.Create(plus, "OpenAI", 30, Now - Days30 - Second));

        var (result, _) = await RunAsync(database, (db, clock) => new RetentionEnforcer(db, clock, Options).RunAsync, RetentionEnforcer.JobName);

        Assert.Equal(2, result.Items);
        await using var check = database.CreateContext();
        var left = await check.ProviderRequests.SingleAsync();
        Assert.Equal((plus, Now - Second), (left.WorkspaceId, left.CreatedAt));
    }

    /// <summary>
    /// 600 workspaces over the four plans, each plan with a prompt-history promise of its own, their rows interleaved
    /// and of every age around the cutoffs, two of them under a hold: each row goes by its own plan's cutoff, the
    /// counts per plan are exact, and no range's statement grows with the workspaces (the same parameters as with
    /// one workspace of each plan: the range, the cutoff and its plan, the workspaces held).
    /// </summary>
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ManyWorkspacesOnPlansOfTheirOwnCutoffs_EachRowGoesByItsPlan_CountedPerPlan_InStatementsThatCarryNoWorkspaceList(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var days = new Dictionary<Plan, int> { [Plan.Free] = 7, [Plan.Plus] = 30, [Plan.Business] = 90, [Plan.Enterprise] = 365 };
        var workspaces = new List<(Guid Id, Plan Plan)>();
        await using (var db = database.CreateContext())
        {
            foreach (var policy in await db.RetentionPolicies.ToListAsync())
                policy.Change(policy.Terms with { PromptHistoryDays = days[policy.Plan] }, Now - TimeSpan.FromDays(500), "Olivia Officer");
            for (var i = 0; i < 600; i++)
            {
                var workspace = Workspace.Create($"Workspace {i}", (Plan)(i % 4), DataRegion.EU, Now - TimeSpan.FromDays(500));
                db.Workspaces.Add(workspace);
                workspaces.Add((workspace.Id, workspace.Plan));
            }

            await db.SaveChangesAsync();
        }

        var held = workspaces.Take(2).Select(w => w.Id).ToList();
        await AddAsync(database, [.. held.Select(id => LegalHold.Place(id, "Litigation 2026-21", Now - TimeSpan.FromDays(1), null, "Olivia Officer", Now - TimeSpan.FromDays(1)))]);
        int[] ages = [1, 6, 8, 29, 31, 89, 91, 364, 366, 400];
        var expected = Enum.GetValues<Plan>().ToDictionary(p => p, _ => 0L);
        var expectedHeld = Enum.GetValues<Plan>().ToDictionary(p => p, _ => 0L);
        var rows = new List<PromptLog>();
        for (var i = 0; i < 6_000; i++)
        {
            var (id, plan) = workspaces[(i * 7) % workspaces.Count];
            var age = TimeSpan.FromDays(ages[i % ages.Length]) + Second;
            rows.Add(PromptLog.Create(id, Guid.NewGuid(), $"Prompt {i}", Now - age));
            if (age > TimeSpan.FromDays(days[plan]))
                (held.Contains(id) ? expectedHeld : expected)[plan]++;
        }

        foreach (var chunk in rows.Chunk(1_000))
            await AddAsync(database, [.. chunk]);

        var deletes = new DeleteRanges();
        var clock = new FakeClock(Now);
        var options = new RetentionOptions { BatchSize = 500, MaxBatchSize = 500, PauseBetweenBatches = TimeSpan.Zero };
        var result = await new JobRunRecorder(database.CreateFactory(), clock)
            .RunAsync(RetentionEnforcer.JobName, new RetentionEnforcer(database.CreateFactory(deletes), clock, options).RunAsync, CancellationToken.None);

        Assert.True(result.Errors == 0, result.FirstError);
        Assert.Equal(expected.Values.Sum(), result.Items);
        await using var check = database.CreateContext();
        var evidence = await check.JobRunEvidence.Where(e => e.Kind == DataKind.PromptLog).ToDictionaryAsync(e => e.Plan);
        Assert.Equal(expected, evidence.ToDictionary(e => e.Key, e => e.Value.Purged));
        Assert.Equal(expectedHeld, evidence.ToDictionary(e => e.Key, e => e.Value.Held));
        var left = await check.PromptLogs.Select(p => new { p.WorkspaceId, p.CreatedAt }).ToListAsync();
        var planOf = workspaces.ToDictionary(w => w.Id, w => w.Plan);
        Assert.DoesNotContain(left, r => !held.Contains(r.WorkspaceId) && r.CreatedAt < Now - TimeSpan.FromDays(days[planOf[r.WorkspaceId]]));
        Assert.Equal(rows.Count - expected.Values.Sum(), left.Count);

        // Twelve ranges of 500 keys, each one statement per cutoff (four) with the same parameters: the range, the
        // cutoff, the workspaces held (one parameter), and the plan of the cutoff.
        Assert.Equal(12 * 4, deletes.Ranges.Count);
        Assert.All(deletes.Ranges, d => Assert.Equal(5, d.Parameters));
        Assert.All(deletes.Ranges, d => Assert.DoesNotContain(workspaces[10].Id.ToString(), d.Text, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// PostgreSQL only: there a hold could otherwise be placed while a range is under way (on SQLite the range holds
    /// the write lock, so a hold waits for it), here between the range's read of the holds and its delete.
    /// </summary>
    [Fact]
    public async Task AHoldPlacedWhileARangeIsUnderWay_WaitsForItsCommit_AndTheRangesAfterItKeepTheWorkspacesRows()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await database.MigrateAsync();
        var free = await WorkspaceAsync(database, Plan.Free);
        var other = await WorkspaceAsync(database, Plan.Free);
        var due = Now - TimeSpan.FromDays(40);

        // Keys 1–3 (the first range of three keys), then keys 4–6 of the workspace the hold will keep.
        await AddAsync(database, PromptLog.Create(free, Guid.NewGuid(), "due, first range", due));
        await AddAsync(database, PromptLog.Create(other, Guid.NewGuid(), "due, first range", due));
        await AddAsync(database, PromptLog.Create(free, Guid.NewGuid(), "due, first range", due));
        for (var i = 0; i < 3; i++)
            await AddAsync(database, PromptLog.Create(free, Guid.NewGuid(), "due, then held", due));

        var hold = new PlaceHoldDuringFirstRange(database, LegalHold.Place(free, "Litigation 2026-18", Now - TimeSpan.FromDays(1), null, "Olivia Officer", Now));
        var clock = new FakeClock(Now);
        var result = await new JobRunRecorder(database.CreateFactory(), clock)
            .RunAsync(RetentionEnforcer.JobName, new RetentionEnforcer(database.CreateFactory(hold), clock, Options).RunAsync, CancellationToken.None);

        // The hold waited for the first range (the interceptor saw its insert wait on the lock), then went in.
        Assert.NotNull(hold.Placing);
        await hold.Placing.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(hold.WaitedForTheRange, "The hold went in while the range was under way.");
        Assert.Equal((3, 0), (result.Items, result.Errors));
        await using var check = database.CreateContext();
        Assert.Equal(["due, then held", "due, then held", "due, then held"], await check.PromptLogs.Select(p => p.Content).ToListAsync());
        var evidence = await check.JobRunEvidence.SingleAsync(e => e.Kind == DataKind.PromptLog && e.Plan == Plan.Free);
        Assert.Equal((3L, 3L), (evidence.Purged, evidence.Held));
    }

    /// <summary>
    /// PostgreSQL only (on SQLite a range holds the write lock): another transaction deletes a row of each plan while
    /// a range that counts them is under way. The range fails to serialize, is rolled back and runs again; the counts
    /// per plan are those of the rows it deleted (counted in another snapshot than the delete's, each would be one
    /// too high).
    /// </summary>
    [Fact]
    public async Task RowsAnotherTransactionDeletesWhileARangeIsUnderWay_TheRangeRunsAgain_AndItsCountsPerPlanAreExact()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await database.MigrateAsync();
        var free = await WorkspaceAsync(database, Plan.Free);
        var business = await WorkspaceAsync(database, Plan.Business);
        var due = Now - TimeSpan.FromDays(40);
        for (var i = 0; i < 3; i++)
            await AddAsync(database, PromptLog.Create(free, Guid.NewGuid(), $"free {i}", due), PromptLog.Create(business, Guid.NewGuid(), $"business {i}", due));

        await using var other = database.CreateContext();
        await using var otherTransaction = await other.Database.BeginTransactionAsync();
        var gone = await other.PromptLogs.Where(p => p.Content == "free 0" || p.Content == "business 0").ExecuteDeleteAsync();
        Assert.Equal(2, gone);

        var clock = new FakeClock(Now);
        var whole = new RetentionOptions { BatchSize = 1_000, MaxBatchSize = 1_000, PauseBetweenBatches = TimeSpan.Zero };
        var run = new JobRunRecorder(database.CreateFactory(), clock)
            .RunAsync(RetentionEnforcer.JobName, new RetentionEnforcer(database.CreateFactory(), clock, whole).RunAsync, CancellationToken.None);
        await WaitForLockAsync(database, "DELETE FROM prompt_logs");
        await otherTransaction.CommitAsync();
        var result = await run;

        Assert.True(result.Errors == 0, result.FirstError);
        Assert.Equal((4, 0), (result.Items, result.Errors));
        await using var check = database.CreateContext();
        Assert.Equal(0, await check.PromptLogs.CountAsync());
        var evidence = await check.JobRunEvidence.Where(e => e.Kind == DataKind.PromptLog && e.Purged > 0).ToDictionaryAsync(e => e.Plan, e => e.Purged);
        // Both plans promise 30 days: their purges are counted together, on the first plan's row.
        Assert.Equal(new Dictionary<Plan, long> { [Plan.Free] = 4 }, evidence);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ALegalHold_KeepsEverythingOfItsWorkspace_AndOnceLifted_TheNextRunPurges(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var held = await WorkspaceAsync(database, Plan.Free);
        var other = await WorkspaceAsync(database, Plan.Free);
        var page = Page.Create(Guid.NewGuid(), held, "Contract draft", Now - TimeSpan.FromDays(90));
        page.Delete(Now - TimeSpan.FromDays(60));
        var hold = LegalHold.Place(held, "Litigation 2026-17", Now - TimeSpan.FromDays(100), null, "Olivia Officer", Now - TimeSpan.FromDays(100));
        await AddAsync(database, page, hold,
            PromptLog.Create(held, Guid.NewGuid(), "held", Now - TimeSpan.FromDays(80)),
            AiOutput.Create(held, page.Id, "held output", Now - TimeSpan.FromDays(80)),
            Embedding.Create(held, page.Id, "pgvector", Now - TimeSpan.FromDays(80)),
            ProviderRequest.Create(held, "OpenAI", 30, Now - TimeSpan.FromDays(80)),
            PromptLog.Create(other, Guid.NewGuid(), "not held", Now - TimeSpan.FromDays(80)));

        var (retention, retentionRun) = await RunAsync(database, (db, clock) => new RetentionEnforcer(db, clock, Options).RunAsync, RetentionEnforcer.JobName);
        var (trash, _) = await RunAsync(database, (db, clock) => new TrashPurger(db, clock, Options).RunAsync, TrashPurger.JobName);
        var (embeddings, _) = await RunAsync(database, (db, clock) => new EmbeddingPurger(db, clock, Options).RunAsync, EmbeddingPurger.JobName);

        Assert.Equal((1, 0, 0), (retention.Items, trash.Items, embeddings.Items));
        await using (var db = database.CreateContext())
        {
            Assert.Equal((1, 1, 1, 1, 1), (await db.PromptLogs.CountAsync(), await db.AiOutputs.CountAsync(), await db.Embeddings.CountAsync(), await db.ProviderRequests.CountAsync(), await db.Pages.CountAsync()));
            var evidence = await db.JobRunEvidence.SingleAsync(e => e.RunId == retentionRun && e.Kind == DataKind.PromptLog && e.Plan == Plan.Free);
            Assert.Equal((1L, 1L), (evidence.Purged, evidence.Held));
            var liftable = await db.LegalHolds.SingleAsync();
            liftable.Lift("Olivia Officer", Now);
            await db.SaveChangesAsync();
        }

        var (afterRetention, _) = await RunAsync(database, (db, clock) => new RetentionEnforcer(db, clock, Options).RunAsync, RetentionEnforcer.JobName);
        var (afterTrash, _) = await RunAsync(database, (db, clock) => new TrashPurger(db, clock, Options).RunAsync, TrashPurger.JobName);

        // The prompt log, the AI output and the provider record by their age; then the page with its embedding.
        Assert.Equal(3, afterRetention.Items);
        Assert.Equal(2, afterTrash.Items);
        await using var check = database.CreateContext();
        Assert.Equal((0, 0, 0, 0, 0), (await check.PromptLogs.CountAsync(), await check.AiOutputs.CountAsync(), await check.Embeddings.CountAsync(), await check.ProviderRequests.CountAsync(), await check.Pages.CountAsync()));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task TrashedPages_ArePurgedWithTheirOutputsAndEmbeddings_OneSecondPastTheWindow_NotBefore(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var workspace = await WorkspaceAsync(database, Plan.Business);
        var due = Page.Create(Guid.NewGuid(), workspace, "Old plan", Now - TimeSpan.FromDays(60));
        due.Delete(Now - Days30 - Second);
        var almost = Page.Create(Guid.NewGuid(), workspace, "Still restorable", Now - TimeSpan.FromDays(60));
        almost.Delete(Now - TimeSpan.FromDays(29) - TimeSpan.FromHours(23));
        var live = Page.Create(Guid.NewGuid(), workspace, "Live", Now - TimeSpan.FromDays(60));
        await AddAsync(database, due, almost, live,
            AiOutput.Create(workspace, due.Id, "summary of the old plan", Now - TimeSpan.FromDays(10)),
            Embedding.Create(workspace, due.Id, "pgvector", Now - TimeSpan.FromDays(50)),
            Embedding.Create(workspace, due.Id, "pgvector", Now - TimeSpan.FromDays(50)),
            Embedding.Create(workspace, almost.Id, "pgvector", Now - TimeSpan.FromDays(50)),
            AiOutput.Create(workspace, live.Id, "live summary", Now - TimeSpan.FromDays(10)));

        var (result, runId) = await RunAsync(database, (db, clock) => new TrashPurger(db, clock, Options).RunAsync, TrashPurger.JobName);

        Assert.Equal(4, result.Items);
        await using var check = database.CreateContext();
        Assert.Equal(new[] { almost.Id, live.Id }.Order(), (await check.Pages.Select(p => p.Id).ToListAsync()).Order());
        Assert.Equal(["live summary"], await check.AiOutputs.Select(o => o.Content).ToListAsync());
        Assert.Equal([almost.Id], await check.Embeddings.Select(e => e.PageId).ToListAsync());
        var pages = await check.JobRunEvidence.SingleAsync(e => e.RunId == runId && e.Kind == DataKind.Page && e.Plan == Plan.Business);
        Assert.Equal((1L, almost.DeletedAt, TimeSpan.Zero), (pages.Purged, pages.OldestPresentAt, pages.Lag));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ADeletedWorkspace_IsPurgedOfEverything_AfterItsWindow_AndKeptWithinIt(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var gone = await WorkspaceAsync(database, Plan.Plus, deletedAt: Now - Days30 - Second);
        var restorable = await WorkspaceAsync(database, Plan.Plus, deletedAt: Now - TimeSpan.FromDays(29));
        var pages = Enumerable.Range(0, 5).Select(i => Page.Create(Guid.NewGuid(), gone, $"Page {i}", Now - TimeSpan.FromDays(100))).ToList();
        await AddAsync(database, [.. pages,
            .. Enumerable.Range(0, 7).Select(i => PromptLog.Create(gone, Guid.NewGuid(), $"prompt {i}", Now - TimeSpan.FromDays(1))),
            AiOutput.Create(gone, pages[0].Id, "output", Now - TimeSpan.FromDays(1)),
            Embedding.Create(gone, pages[1].Id, "pgvector", Now - TimeSpan.FromDays(1)),
            ProviderRequest.Create(gone, "Anthropic", 0, Now - TimeSpan.FromDays(1)),
            PromptLog.Create(restorable, Guid.NewGuid(), "restorable prompt", Now - TimeSpan.FromDays(1))]);

        var (result, _) = await RunAsync(database, (db, clock) => new TrashPurger(db, clock, Options).RunAsync, TrashPurger.JobName);

        Assert.Equal(5 + 7 + 1 + 1 + 1, result.Items);
        await using var check = database.CreateContext();
        Assert.Equal(WorkspaceStatus.Purged, (await check.Workspaces.SingleAsync(w => w.Id == gone)).Status);
        Assert.Equal(WorkspaceStatus.DeletedRestorable, (await check.Workspaces.SingleAsync(w => w.Id == restorable)).Status);
        Assert.Equal(0, await check.Pages.CountAsync() + await check.AiOutputs.CountAsync() + await check.Embeddings.CountAsync() + await check.ProviderRequests.CountAsync());
        Assert.Equal(["restorable prompt"], await check.PromptLogs.Select(p => p.Content).ToListAsync());
        Assert.Equal(1, await check.AuditEntries.CountAsync(e => e.Action == "workspace.purged" && e.WorkspaceId == gone));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Embeddings_GoADayBeforeTheirDeadline_WhileThePageWaitsInTheTrash(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var workspace = await WorkspaceAsync(database, Plan.Free);
        await using (var db = database.CreateContext())
        {
            var policy = await db.RetentionPolicies.SingleAsync(p => p.Plan == Plan.Free);
            policy.Change(policy.Terms with { EmbeddingDeletionDays = 14 }, Now - TimeSpan.FromDays(100), "Olivia Officer");
            await db.SaveChangesAsync();
        }

        // With a 14-day deadline and a day's lead, an embedding is due 13 days after its page was deleted.
        var due = Page.Create(Guid.NewGuid(), workspace, "Due", Now - TimeSpan.FromDays(60));
        due.Delete(Now - TimeSpan.FromDays(13) - Second);
        var notYet = Page.Create(Guid.NewGuid(), workspace, "Not yet", Now - TimeSpan.FromDays(60));
        notYet.Delete(Now - TimeSpan.FromDays(13) + Second);
        var live = Page.Create(Guid.NewGuid(), workspace, "Live", Now - TimeSpan.FromDays(60));
        await AddAsync(database, due, notYet, live,
            Embedding.Create(workspace, due.Id, "pgvector", Now - TimeSpan.FromDays(50)),
            Embedding.Create(workspace, notYet.Id, "pgvector", Now - TimeSpan.FromDays(50)),
            Embedding.Create(workspace, live.Id, "pgvector", Now - TimeSpan.FromDays(50)));

        var (result, runId) = await RunAsync(database, (db, clock) => new EmbeddingPurger(db, clock, Options).RunAsync, EmbeddingPurger.JobName);

        Assert.Equal(1, result.Items);
        await using var check = database.CreateContext();
        Assert.Equal(new[] { live.Id, notYet.Id }.Order(), (await check.Embeddings.Select(e => e.PageId).ToListAsync()).Order());
        Assert.Equal(3, await check.Pages.CountAsync());
        var evidence = await check.JobRunEvidence.SingleAsync(e => e.RunId == runId && e.Plan == Plan.Free);
        Assert.Equal((1L, 14, notYet.DeletedAt, TimeSpan.Zero), (evidence.Purged, evidence.LimitDays, evidence.OldestPresentAt, evidence.Lag));
    }

    [Fact]
    public async Task ARunLeftRunning_ByADeadProcess_IsRecordedAsInterrupted_ByTheNextRun()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await database.MigrateAsync();
        var dead = JobRun.Start(RetentionEnforcer.JobName, Now - TimeSpan.FromHours(1));
        await AddAsync(database, dead);

        await RunAsync(database, (db, clock) => new RetentionEnforcer(db, clock, Options).RunAsync, RetentionEnforcer.JobName);

        await using var check = database.CreateContext();
        var interrupted = await check.JobRuns.SingleAsync(r => r.Id == dead.Id);
        Assert.Equal((JobRunOutcome.Interrupted, (DateTimeOffset?)Now), (interrupted.Outcome, interrupted.FinishedAt));
        Assert.Equal(2, await check.JobRuns.CountAsync(r => r.JobName == RetentionEnforcer.JobName));

        // Nothing was due: the run record tells it, the audit log (changes only) does not.
        Assert.Equal(0, await check.AuditEntries.CountAsync(e => e.Action == "retention.purged"));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Enforcement_DropsTheApisStoredIdempotentAnswers_OnceTheirLifetimeIsOver_AndKeepsTheOthers(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var workspace = await WorkspaceAsync(database, Plan.Business);
        var (key, _) = await new ApiKeyCommands(database.CreateFactory(), new FakeClock(Now)).IssueAsync(
            new AuditActor("admin-1", "Ada Admin", "Console.Admin", null), workspace, "AI product", ApiScopes.All);
        var expiring = Now - IdempotencyRecord.Lifetime;
        await AddAsync(database,
            IdempotencyRecord.Create(key, "expired", new string('a', IdempotencyRecord.HashLength), 201, "{}", "application/json", expiring),
            IdempotencyRecord.Create(key, "just-expired", new string('b', IdempotencyRecord.HashLength), 201, "{}", "application/json", expiring.AddSeconds(-1)),
            IdempotencyRecord.Create(key, "live", new string('c', IdempotencyRecord.HashLength), 201, "{}", "application/json", expiring.AddSeconds(1)));

        await RunAsync(database, (db, clock) => new RetentionEnforcer(db, clock, Options).RunAsync, RetentionEnforcer.JobName);

        await using var check = database.CreateContext();
        Assert.Equal(["live"], await check.IdempotencyRecords.Select(r => r.Key).ToListAsync());
    }

    private static async Task<(JobRunResult Result, Guid RunId)> RunAsync(
        TestDatabase database, Func<IDbContextFactory<ConsoleDbContext>, TimeProvider, Func<Guid, CancellationToken, Task<JobRunResult>>> job, string name)
    {
        var clock = new FakeClock(Now);
        var result = await new JobRunRecorder(database.CreateFactory(), clock).RunAsync(name, job(database.CreateFactory(), clock), CancellationToken.None);
        await using var db = database.CreateContext();
        var runId = await db.JobRuns.Where(r => r.JobName == name).OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Outcome).Select(r => r.Id).FirstAsync();
        return (result, runId);
    }

    private static async Task<Guid> WorkspaceAsync(TestDatabase database, Plan plan, DateTimeOffset? deletedAt = null)
    {
        var workspace = Workspace.Create($"{plan} workspace {Guid.NewGuid():N}"[..40], plan, DataRegion.EU, Now - TimeSpan.FromDays(400));
        if (deletedAt is { } at)
            workspace.Delete(at);
        await AddAsync(database, workspace);
        return workspace.Id;
    }

    private static async Task AddAsync(TestDatabase database, params object[] entities)
    {
        await using var db = database.CreateContext();
        db.AddRange(entities);
        await db.SaveChangesAsync();
    }

    /// <summary>Adds a record from another connection right after the first statement of the purge that <paramref name="when"/> picks has run.</summary>
    /// <summary>One run of retention enforcement with <paramref name="addAfter"/> on its connections, which must have added its record.</summary>
    private static async Task<JobRunResult> RunEnforcerAsync(TestDatabase database, AddAfter addAfter)
    {
        var clock = new FakeClock(Now);
        var result = await new JobRunRecorder(database.CreateFactory(), clock)
            .RunAsync(RetentionEnforcer.JobName, new RetentionEnforcer(database.CreateFactory(addAfter), clock, Options).RunAsync, CancellationToken.None);
        Assert.True(addAfter.Added);
        return result;
    }

    /// <summary>The key range of each delete of prompt logs the job sends.</summary>
    /// <summary>Each delete of prompt logs the job sent: its text and how many parameters it carried.</summary>
    private sealed class DeleteRanges : DbCommandInterceptor
    {
        public List<(string Text, int Parameters)> Ranges { get; } = [];

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("DELETE FROM", StringComparison.Ordinal) && command.CommandText.Contains("prompt_logs", StringComparison.Ordinal))
                Ranges.Add((command.CommandText, command.Parameters.Count));
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    /// <summary>Waits (up to 10 s) until a statement of this database that begins with <paramref name="statement"/> waits for a lock.</summary>
    private static async Task WaitForLockAsync(TestDatabase database, string statement)
    {
        await using var db = database.CreateContext();
        for (var waited = 0; waited < 200; waited++)
        {
            var waiting = await db.Database.SqlQueryRaw<int>(
                """SELECT count(*)::int AS "Value" FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND starts_with(query, {0})""",
                statement).ToListAsync();
            if (waiting.Single() > 0)
                return;
            await Task.Delay(50);
        }

        Assert.Fail($"No statement beginning with \"{statement}\" waited for a lock.");
    }

    /// <summary>
    /// Once the first range has read the holds in force, places a hold from another connection, and goes on once
    /// that insert waits for the range's lock on the holds.
    /// </summary>
    private sealed class PlaceHoldDuringFirstRange(TestDatabase database, LegalHold hold) : DbCommandInterceptor
    {
        public Task? Placing { get; private set; }

        public bool WaitedForTheRange { get; private set; }

        public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            if (Placing is null && command.CommandText.Contains("FROM legal_holds", StringComparison.Ordinal) && command.Transaction is not null)
            {
                Placing = Task.Run(() => AddAsync(database, hold), CancellationToken.None);
                await WaitForLockAsync(database, "INSERT INTO legal_holds");
                WaitedForTheRange = !Placing.IsCompleted;
            }

            return result;
        }
    }

    private sealed class AddAfter(TestDatabase database, object record, Func<string, bool> when) : DbCommandInterceptor
    {
        public bool Added { get; private set; }

        public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            if (!Added && when(command.CommandText))
            {
                Added = true;
                await AddAsync(database, record);
            }

            return result;
        }
    }
}
