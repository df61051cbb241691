using System.Globalization;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.E2E.Pages;
using DeletedPage = AdminConsole.Domain.Model.Lifecycle.Page;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

public class TrashTests(BrowserFixture browser) : ConsolePageTest(browser)
{
    /// <summary>The development sign-in's workspace admin persona.</summary>
    private static readonly Guid WandaObjectId = new("00000000-0000-4000-8000-000000000004");

    [Fact]
    public async Task WorkspaceAdmin_SeesPurgeDates_RestoresAPageWithinTheWindow_AndIsToldWhyAnExpiredOneCannotBe()
    {
        // The trash purge runs once at start-up; after it, nothing purges the expired page during the test.
        await JobRunWait.FirstRunFinishedAsync(Database, "trash-purge");
        var now = DateTimeOffset.UtcNow;
        var acme = Workspace.Create("Acme Research", Plan.Business, DataRegion.EU, now.AddDays(-200));
        var globex = Workspace.Create("Globex Secret Project", Plan.Enterprise, DataRegion.US, now.AddDays(-200));
        acme.AssignAdministrator(WandaObjectId, now);
        var restorable = Deleted(acme.Id, "Q3 roadmap", now.AddDays(-29));
        var expired = Deleted(acme.Id, "Old board minutes", now.AddDays(-31));
        await using (var db = Database.CreateContext())
        {
            db.Workspaces.AddRange(acme, globex);
            db.Pages.AddRange(restorable, expired, DeletedPage.Create(Guid.NewGuid(), acme.Id, "Live handbook", now), Deleted(globex.Id, "Globex merger memo", now.AddDays(-2)));
            await db.SaveChangesAsync();
        }

        await SignInAsAsync("workspace-admin");
        await GoToInteractiveAsync($"/workspaces/{acme.Id}");
        await new WorkspaceDetailPage(Page).OpenAsync("Trash");
        var trash = new LifecyclePage(Page);
        await Expect(trash.Ui.Heading).ToHaveTextAsync("Trash of Acme Research");
        var rows = trash.DeletedPages;
        await Expect(rows).ToHaveCountAsync(2);

        // Sorted by purge date: the expired page (purged at the next run) first, each with deleted-at + 30 days.
        await Expect(rows.Nth(0)).ToContainTextAsync("Old board minutes");
        await Expect(LifecyclePage.PurgeAt(rows.Nth(0))).ToHaveTextAsync(Utc(expired.DeletedAt!.Value.AddDays(30)));
        await Expect(rows.Nth(0)).ToContainTextAsync("Window ended");
        await Expect(rows.Nth(1)).ToContainTextAsync("Q3 roadmap");
        await Expect(LifecyclePage.PurgeAt(rows.Nth(1))).ToHaveTextAsync(Utc(restorable.DeletedAt!.Value.AddDays(30)));
        await Expect(rows.Nth(1)).ToContainTextAsync("Restorable");
        await Expect(trash.DeletedPagesGrid).Not.ToContainTextAsync("Globex");
        await Expect(trash.DeletedPagesGrid).Not.ToContainTextAsync("Live handbook");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await SaveScreenshotAsync("trash");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Restore page Q3 roadmap" }).ClickAsync();
        await Expect(trash.Ui.Dialog).ToContainTextAsync("Restore “Q3 roadmap” from the trash?");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await trash.Ui.ConfirmAsync("Restore page");
        await Expect(trash.Ui.Outcome("“Q3 roadmap” was restored")).ToBeVisibleAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(trash.ResultCount).ToHaveTextAsync("1 deleted page, the next to be purged first");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Restore page Old board minutes" }).ClickAsync();
        await trash.Ui.ConfirmAsync("Restore page");
        var refusal = trash.RestoreRefusal;
        await Expect(refusal).ToContainTextAsync("“Old board minutes” was not restored.");
        await Expect(refusal).ToContainTextAsync(
            $"the restore window of 30 days ended on {Utc(expired.DeletedAt!.Value.AddDays(30))}: it can no longer be restored, and is deleted for good by the next trash purge (unless a legal hold keeps it).");
        await Expect(rows).ToHaveCountAsync(1);
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await SaveScreenshotAsync("trash-refused");

        await using (var db = Database.CreateContext())
        {
            Assert.Null((await db.Pages.SingleAsync(p => p.Id == restorable.Id)).DeletedAt);
            Assert.NotNull((await db.Pages.SingleAsync(p => p.Id == expired.Id)).DeletedAt);
            var entry = await db.AuditEntries.SingleAsync(e => e.Action == "page.restored");
            Assert.Equal((restorable.Id.ToString(), "Wanda Workspace", acme.Id), (entry.TargetId, entry.ActorName, entry.WorkspaceId));
        }

        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task ComplianceOfficer_ReadsTheTrash_WithoutARestoreButton()
    {
        var now = DateTimeOffset.UtcNow;
        var acme = Workspace.Create("Acme Research", Plan.Business, DataRegion.EU, now.AddDays(-200));
        await using (var db = Database.CreateContext())
        {
            db.Workspaces.Add(acme);
            db.Pages.Add(Deleted(acme.Id, "Q3 roadmap", now.AddDays(-3)));
            await db.SaveChangesAsync();
        }

        await SignInAsAsync("officer");
        await GoToInteractiveAsync($"/workspaces/{acme.Id}/trash");

        var trash = new LifecyclePage(Page);
        await Expect(trash.DeletedPages).ToHaveCountAsync(1);
        await Expect(trash.DeletedPages.First).ToContainTextAsync("Q3 roadmap");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Restore page Q3 roadmap" })).ToHaveCountAsync(0);
        await Expect(Page.Locator("main")).ToContainTextAsync("restoring is for the workspace's administrators");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        AssertNoConsoleErrors();
    }

    private static DeletedPage Deleted(Guid workspaceId, string title, DateTimeOffset deletedAt)
    {
        var page = DeletedPage.Create(Guid.NewGuid(), workspaceId, title, deletedAt.AddDays(-60));
        page.Delete(deletedAt);
        return page;
    }

    private static string Utc(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
