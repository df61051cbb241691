using System.Text.RegularExpressions;
using DeletedPage = AdminConsole.Domain.Model.Lifecycle.Page;
using AdminConsole.Domain.Model.Workspaces;
using Microsoft.EntityFrameworkCore;
using AdminConsole.E2E.Pages;
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
        var jobs = new JobsPage(Page);
        await Expect(jobs.Ui.Heading).ToHaveTextAsync("Jobs");
        var nextFire = new Regex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$");
        foreach (var job in new[] { "Retention enforcement", "Trash purge", "Embedding purge" })
        {
            await Expect(jobs.NextRun(job)).ToHaveTextAsync(nextFire);
            await Expect(jobs.Job(job)).ToContainTextAsync("every 1 h");
        }

        // The job picked is in the address, so the view survives a reload and can be linked to.
        await jobs.OpenAsync("Trash purge");
        await Expect(Page).ToHaveURLAsync(new Regex("/jobs\\?job=trash-purge$"));
        await ReloadInteractiveAsync();
        await Expect(jobs.Runs("Trash purge")).ToHaveCountAsync(runsBefore);
        await Accessibility.AssertNoSeriousViolationsAsync(Page);

        await jobs.RunButton("Trash purge").ClickAsync();
        await Expect(jobs.Ui.Outcome("Trash purge started")).ToBeVisibleAsync();
        await Expect(jobs.Ui.Outcome("Trash purge finished")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        await Expect(jobs.Runs("Trash purge")).ToHaveCountAsync(runsBefore + 1);
        var newest = jobs.Runs("Trash purge").First;
        await Expect(newest).ToContainTextAsync("Succeeded");
        await Expect(newest.GetByRole(AriaRole.Cell).Nth(3)).ToHaveTextAsync("1");
        // The plans of one promise (30 days in the trash) are one row.
        var evidence = jobs.Evidence("Trash purge", "Deleted pages", "Business");
        await Expect(evidence.GetByRole(AriaRole.Cell).Nth(2)).ToHaveTextAsync("1");
        await Expect(evidence.GetByRole(AriaRole.Cell).First).ToContainTextAsync("Business");
        await Expect(jobs.Job("Trash purge")).ToContainTextAsync("Succeeded");
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

        var jobs = new JobsPage(Page);
        foreach (var job in new[] { "Retention enforcement", "Trash purge", "Embedding purge", "Notice dispatch", "Reminders", "Subprocessor authorization" })
            await Expect(jobs.NextRun(job)).ToHaveTextAsync(new Regex(@"UTC$"));
        // The runs of a job are beside the list: one job at a time, not every job's history one under another.
        await Expect(Page.GetByRole(AriaRole.Table, new() { Name = "Runs", Exact = true })).ToHaveCountAsync(1);
        await Expect(Page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Run .* now$") })).ToHaveCountAsync(0);
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        AssertNoConsoleErrors();
    }
}
