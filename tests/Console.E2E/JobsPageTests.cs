using System.Text.RegularExpressions;
using DeletedPage = AdminConsole.Domain.Model.Lifecycle.Page;
using AdminConsole.Domain.Model.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

public class JobsPageTests(BrowserFixture browser) : ConsolePageTest(browser)
{
    [Fact]
    public async Task Officer_SeesTheRetentionJobsNextRuns_RunsTheTrashPurgeNow_AndSeesTheNewRunWithItsEvidence()
    {
        var runsBefore = await JobRunWait.FirstRunFinishedAsync(Database, "trash-purge");
        var acme = Workspace.Create("Acme Research", Plan.Business, DataRegion.EU, DateTimeOffset.UtcNow.AddDays(-200));
        var expired = DeletedPage.Create(Guid.NewGuid(), acme.Id, "Old board minutes", DateTimeOffset.UtcNow.AddDays(-90));
        expired.Delete(DateTimeOffset.UtcNow.AddDays(-31));
        await using (var db = Database.CreateContext())
        {
            db.Workspaces.Add(acme);
            db.Pages.Add(expired);
            await db.SaveChangesAsync();
        }

        await SignInAsAsync("officer");
        await GoToInteractiveAsync("/");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Jobs", Exact = true }).ClickAsync();
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Jobs");
        var nextFire = new Regex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$");
        foreach (var job in new[] { "retention-enforcement", "trash-purge", "embedding-purge" })
        {
            var row = Page.Locator($".job-table tr[data-job='{job}']");
            await Expect(row.Locator(".next-fire")).ToHaveTextAsync(nextFire);
            await Expect(row).ToContainTextAsync("every 1 h");
        }

        var history = Page.Locator("#job-trash-purge");
        await Expect(history.Locator(".run-grid tbody tr")).ToHaveCountAsync(runsBefore);
        await Accessibility.AssertNoSeriousViolationsAsync(Page);

        await Page.GetByRole(AriaRole.Button, new() { Name = "Run Trash purge now" }).ClickAsync();
        await Expect(Page.Locator(".rz-notification-item").Filter(new() { HasText = "Trash purge started" })).ToBeVisibleAsync();
        await Expect(Page.Locator(".rz-notification-item").Filter(new() { HasText = "Trash purge finished" })).ToBeVisibleAsync(new() { Timeout = 60_000 });

        await Expect(history.Locator(".run-grid tbody tr")).ToHaveCountAsync(runsBefore + 1);
        var newest = history.Locator(".run-grid tbody tr").First;
        await Expect(newest).ToContainTextAsync("Succeeded");
        await Expect(newest.Locator("td").Nth(3)).ToHaveTextAsync("1");
        // The plans of one promise (30 days in the trash) are one row.
        var evidence = history.Locator(".evidence-table tr[data-kind='Page'][data-plans~='Business']");
        await Expect(evidence.Locator(".purged")).ToHaveTextAsync("1");
        await Expect(evidence.Locator("td").First).ToContainTextAsync("Business");
        await Expect(Page.Locator(".job-table tr[data-job='trash-purge']")).ToContainTextAsync("Succeeded");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await SaveScreenshotAsync("jobs");

        await using (var db = Database.CreateContext())
        {
            Assert.False(await db.Pages.AnyAsync(p => p.Id == expired.Id));
            var run = await db.JobRuns.Where(r => r.JobName == "trash-purge").OrderByDescending(r => r.StartedAt).FirstAsync();
            Assert.Equal(1, run.Items);
            Assert.Equal(runsBefore + 1, await db.JobRuns.CountAsync(r => r.JobName == "trash-purge"));
        }

        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Auditor_ReadsTheJobs_WithoutRunNow()
    {
        await SignInAsAsync("auditor");
        await GoToInteractiveAsync("/jobs");

        foreach (var job in new[] { "retention-enforcement", "trash-purge", "embedding-purge", "notice-dispatch", "reminders", "subprocessor-authorization" })
            await Expect(Page.Locator($".job-table tr[data-job='{job}'] .next-fire")).ToHaveTextAsync(new Regex(@"UTC$"));
        await Expect(Page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Run .* now$") })).ToHaveCountAsync(0);
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        AssertNoConsoleErrors();
    }
}
