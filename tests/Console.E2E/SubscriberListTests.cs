using AdminConsole.Domain.Model.Subprocessors;
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
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Subscribers");
        await Expect(Page.Locator(".stat-card", new() { HasText = "Confirmed" })).ToContainTextAsync("2");
        await Expect(Page.Locator(".stat-card", new() { HasText = "Pending" })).ToContainTextAsync("2");
        await Expect(Page.Locator(".result-count")).ToContainTextAsync("4 subscribers");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);

        await ChooseAsync("subscriber-status", "Confirmed");
        await Expect(Page.Locator(".result-count")).ToContainTextAsync("2 subscribers");
        await Page.GetByLabel("Search email or company").FillAsync("ACME");
        await Page.GetByLabel("Search email or company").PressAsync("Enter");
        await Expect(Page.Locator(".result-count")).ToContainTextAsync("1 subscriber");
        var grid = Page.Locator(".subscriber-grid");
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
