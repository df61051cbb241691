using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

public class SubscriberListTests(BrowserFixture browser) : ConsolePageTest(browser)
{
    [Fact]
    public async Task Officer_SeesCountsPerStatus_FiltersByStatusAndText_AndExportsWhatTheGridShows()
    {
        await using (var db = Database.CreateContext())
        {
            var now = DateTimeOffset.UtcNow.AddDays(-3);
            foreach (var (email, company, confirmed) in new[]
            {
                ("ada@acme.test", "Acme Research", true), ("grace@navy.test", "US Navy", true),
                ("linus@acme.test", "Acme Research", false), ("margaret@nasa.test", null, false),
            })
            {
                var (subscription, token) = Subscription.Request(email, company, now);
                if (confirmed)
                    subscription.Confirm(token, now.AddHours(1));
                db.Subscriptions.Add(subscription);
            }

            await db.SaveChangesAsync();
        }

        await SignInAsAsync("officer");
        await GoToInteractiveAsync("/subprocessors");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Subscribers to notices" }).ClickAsync();
        var subscribers = new SubprocessorPages(Page);
        await Expect(subscribers.Ui.Heading).ToHaveTextAsync("Subscribers");
        await Expect(subscribers.Count("Confirmed")).ToContainTextAsync("2");
        await Expect(subscribers.Count("Pending")).ToContainTextAsync("2");
        await Expect(subscribers.ResultCount).ToContainTextAsync("4 subscribers");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);

        await subscribers.Ui.SelectAsync("Status", "Confirmed");
        await Expect(subscribers.ResultCount).ToContainTextAsync("2 subscribers");
        await subscribers.Ui.Field("Search email or company").FillAsync("ACME");
        await Expect(subscribers.ResultCount).ToContainTextAsync("1 subscriber");

        // The filters are in the address: a reload keeps them.
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("status=Confirmed"));
        await ReloadInteractiveAsync();
        await Expect(subscribers.ResultCount).ToContainTextAsync("1 subscriber");
        var grid = subscribers.Ui.Grid("Subscribers");
        await Expect(grid).ToContainTextAsync("ada@acme.test");
        await Expect(grid).Not.ToContainTextAsync("grace@navy.test");
        await Expect(grid).Not.ToContainTextAsync("linus@acme.test");
        // The export posts the grid's filters with the page's token, and the browser saves what it answers.
        var download = await Page.RunAndWaitForDownloadAsync(() => Page.GetByRole(AriaRole.Button, new() { Name = "Export these subscribers as CSV" }).ClickAsync());
        Assert.Matches(@"^subscribers-\d{4}-\d{2}-\d{2}\.csv$", download.SuggestedFilename);
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains("ada@acme.test", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("grace@navy.test", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("linus@acme.test", csv, StringComparison.Ordinal);
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await SaveScreenshotAsync("subscribers");
        AssertNoConsoleErrors();
    }
}
