using AdminConsole.Domain.Model.Jobs;
using AdminConsole.Domain.Model.Lifecycle;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using AdminConsole.TestSupport;

namespace AdminConsole.Persistence.Tests;

/// <summary>The queries behind the trash, legal-hold and jobs pages, on both databases.</summary>
public class LifecyclePageQueryTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 15, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Trash_IsPagedInPurgeOrder_WithThePlansRestoreWindow_AndHoldsOnlyTheWorkspacesDeletedPages(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var workspace = Workspace.Create("Acme", Plan.Business, DataRegion.EU, Now.AddDays(-100));
        var other = Workspace.Create("Globex", Plan.Business, DataRegion.EU, Now.AddDays(-100));
        int[] deletedDaysAgo = [3, 31, 10, 29, 1];
        await using (var db = database.CreateContext())
        {
            db.Workspaces.AddRange(workspace, other);
            foreach (var days in deletedDaysAgo)
                db.Pages.Add(Deleted(workspace.Id, $"Deleted {days} days ago", Now.AddDays(-days)));
            db.Pages.Add(Page.Create(Guid.NewGuid(), workspace.Id, "Live page", Now.AddDays(-50)));
            db.Pages.Add(Deleted(other.Id, "Globex memo", Now.AddDays(-40)));
            await db.SaveChangesAsync();
        }

        await using var read = database.CreateContext();
        var first = await TrashQuery.RunAsync(read, read.Workspaces, workspace.Id, Now, 0, 2);
        var last = await TrashQuery.RunAsync(read, read.Workspaces, workspace.Id, Now, 4, 2);

        Assert.NotNull(first);
        Assert.Equal((5, TimeSpan.FromDays(30), false), (first.Total, first.RestoreWindow, first.HoldInForce));
        Assert.Equal(["Deleted 31 days ago", "Deleted 29 days ago"], first.Items.Select(i => i.Title));
        Assert.Equal([Now.AddDays(-1), Now.AddDays(1)], first.Items.Select(i => i.PurgeAt));
        Assert.StartsWith("It was deleted on 2026-11-01 10:15 UTC and the restore window of 30 days ended on 2026-12-01 10:15 UTC", first.Items[0].WhyNotRestorable, StringComparison.Ordinal);
        Assert.Null(first.Items[1].WhyNotRestorable);
        Assert.Equal(["Deleted 1 days ago"], last!.Items.Select(i => i.Title));
        Assert.Null(first.Workspace.DeletedAt);
        Assert.Null(await TrashQuery.RunAsync(read, read.Workspaces.Where(w => w.Id != workspace.Id), workspace.Id, Now, 0, 25));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Trash_OfADeletedWorkspaceUnderAHold_ShowsTheWorkspacesPurgeDate_AndTheHold(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var workspace = Workspace.Create("Acme", Plan.Free, DataRegion.US, Now.AddDays(-100));
        workspace.Delete(Now.AddDays(-12));
        await using (var db = database.CreateContext())
        {
            db.Workspaces.Add(workspace);
            db.LegalHolds.Add(LegalHold.Place(workspace.Id, "Litigation", Now.AddDays(-1), null, "Olivia Officer", Now.AddDays(-1)));
            await db.SaveChangesAsync();
        }

        await using var read = database.CreateContext();
        var trash = await TrashQuery.RunAsync(read, read.Workspaces, workspace.Id, Now, 0, 25);

        Assert.Equal((Now.AddDays(-12), Now.AddDays(18)), (trash!.Workspace.DeletedAt, trash.Workspace.PurgeAt));
        Assert.True(trash.HoldInForce);
        Assert.Equal(0, trash.Total);
        Assert.Empty(trash.Items);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task LegalHolds_InForceOnly_LeaveOutLiftedEndedAndFutureHolds_NewestFirst(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var acme = Workspace.Create("Acme", Plan.Business, DataRegion.EU, Now.AddDays(-100));
        var globex = Workspace.Create("Globex", Plan.Enterprise, DataRegion.US, Now.AddDays(-100));
        var lifted = LegalHold.Place(acme.Id, "Lifted", Now.AddDays(-20), null, "Olivia Officer", Now.AddDays(-20));
        lifted.Lift("Ada Admin", Now.AddDays(-2));
        await using (var db = database.CreateContext())
        {
            db.Workspaces.AddRange(acme, globex);
            db.LegalHolds.AddRange(
                LegalHold.Place(acme.Id, "Open-ended", Now.AddDays(-10), null, "Olivia Officer", Now.AddDays(-10)),
                LegalHold.Place(globex.Id, "Until next year", Now.AddDays(-5), Now.AddDays(30), "Olivia Officer", Now.AddDays(-5)),
                LegalHold.Place(globex.Id, "Ended", Now.AddDays(-30), Now.AddDays(-4), "Olivia Officer", Now.AddDays(-30)),
                LegalHold.Place(acme.Id, "Starts later", Now.AddDays(3), null, "Olivia Officer", Now.AddDays(-1)),
                lifted);
            await db.SaveChangesAsync();
        }

        await using var read = database.CreateContext();
        var inForce = await LegalHoldQuery.RunAsync(read, null, inForceOnly: true, Now, 0, 25);
        var acmeAll = await LegalHoldQuery.RunAsync(read, acme.Id, inForceOnly: false, Now, 0, 2);

        Assert.Equal(2, inForce.Total);
        Assert.Equal([("Until next year", "Globex", true), ("Open-ended", "Acme", true)], inForce.Items.Select(h => (h.Reason, h.WorkspaceName, h.InForce)));
        Assert.Equal(3, acmeAll.Total);
        Assert.Equal([("Starts later", false), ("Open-ended", true)], acmeAll.Items.Select(h => (h.Reason, h.InForce)));
        var liftedRow = (await LegalHoldQuery.RunAsync(read, acme.Id, false, Now, 2, 2)).Items.Single();
        Assert.Equal(("Lifted", "Ada Admin", (DateTimeOffset?)Now.AddDays(-2), false), (liftedRow.Reason, liftedRow.LiftedBy, liftedRow.LiftedAt, liftedRow.InForce));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task JobRuns_ArePagedNewestFirst_PerJob_AndTheLastRunsEvidenceIsRead(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var runs = Enumerable.Range(0, 5).Select(i => JobRun.Start("trash-purge", Now.AddHours(-i))).ToList();
        for (var i = 0; i < runs.Count; i++)
            runs[i].Finish(Now.AddHours(-i).AddMinutes(1), i, i == 2 ? 1 : 0, i == 2 ? "TimeoutException: the database did not answer" : null);
        var interrupted = JobRun.Start("reminders", Now.AddDays(-1));
        interrupted.MarkInterrupted(Now);
        var evidence = JobRunEvidence.Start(runs[0].Id, DataKind.Page, Plan.Business, 30);
        evidence.Close(2, Now.AddDays(-33), Now);
        await using (var db = database.CreateContext())
        {
            db.JobRuns.AddRange(runs);
            db.JobRuns.Add(interrupted);
            db.JobRunEvidence.AddRange(evidence, JobRunEvidence.Start(runs[0].Id, DataKind.Embedding, Plan.Free, 30));
            await db.SaveChangesAsync();
        }

        await using var read = database.CreateContext();
        var page = await JobRunQuery.RunsAsync(read, "trash-purge", 1, 2);
        var last = await JobRunQuery.LastRunsAsync(read, ["trash-purge", "reminders", "never-ran"]);
        var rows = await JobRunQuery.EvidenceAsync(read, runs[0].Id);

        Assert.Equal(5, page.Total);
        Assert.Equal([runs[1].Id, runs[2].Id], page.Items.Select(r => r.Id));
        Assert.Equal((false, true), (page.Items[0].NeedsAttention, page.Items[1].NeedsAttention));
        Assert.Equal(runs[0].Id, last["trash-purge"].Id);
        Assert.True(last["reminders"].NeedsAttention);
        Assert.Equal(JobRunOutcome.Interrupted, last["reminders"].Outcome);
        Assert.False(last.ContainsKey("never-ran"));
        Assert.Equal([DataKind.Page, DataKind.Embedding], rows.Select(r => r.Kind));
        Assert.Equal((2L, Now.AddDays(-33), TimeSpan.FromDays(3)), (rows[0].Held, rows[0].OldestPresentAt, rows[0].Lag));
    }

    private static Page Deleted(Guid workspaceId, string title, DateTimeOffset deletedAt)
    {
        var page = Page.Create(Guid.NewGuid(), workspaceId, title, deletedAt.AddDays(-60));
        page.Delete(deletedAt);
        return page;
    }
}
