using System.Diagnostics;
using System.Text.Json;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

/// <summary>The public trust page, and its Atom feed read by a real feed parser (npm feedparser).</summary>
public class TrustFeedTests(BrowserFixture browser) : ConsolePageTest(browser)
{
    [Fact]
    public async Task TrustPage_ListsAnnouncedSubprocessors_AndTheFeedParses()
    {
        var now = DateTimeOffset.UtcNow;
        await using (var db = Database.CreateContext())
        {
            var upcoming = Subprocessor.Propose(Details("Anthropic, PBC", "LLM inference"), now);
            db.Notices.Add(upcoming.PublishNotice(now, now.AddDays(31), Subprocessor.DefaultNoticePeriod));
            var proposed = Subprocessor.Propose(Details("Still Secret Ltd", "Not announced"), now);
            db.Subprocessors.AddRange(upcoming, proposed);
            await db.SaveChangesAsync();
        }

        await Page.GotoAsync("/trust");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Subprocessors");
        await Expect(Page.Locator("table[aria-labelledby='upcoming-heading']")).ToContainTextAsync("Anthropic, PBC");
        Assert.DoesNotContain("Still Secret", await Page.ContentAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await SaveScreenshotAsync("trust");

        var feed = await FeedParser.ParseAsync(await Page.APIRequest.GetAsync("/trust/subprocessors.atom"));
        Assert.Equal("atom", feed.GetProperty("type").GetString());
        Assert.Equal("Subprocessor and AI model notices", feed.GetProperty("title").GetString());
        var item = Assert.Single(feed.GetProperty("items").EnumerateArray());
        Assert.Equal("New subprocessor: Anthropic, PBC", item.GetProperty("title").GetString());
        Assert.StartsWith("urn:uuid:", item.GetProperty("guid").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("/trust", item.GetProperty("link").GetString(), StringComparison.Ordinal);
        Assert.Contains("Added", item.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
    }

    private static SubprocessorDetails Details(string name, string purpose) =>
        new(name, purpose, ProcessingCategory.Llm, ["Prompts"], ["US"], [], "DPA-1", true, 0, RiskTier.High, null);
}
