using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

/// <summary>The job host's dashboard at /jobs/hangfire: admins only, reached from /jobs, its buttons behind antiforgery.</summary>
public class JobDashboardTests(BrowserFixture browser) : ConsolePageTest(browser)
{
    [Fact]
    public async Task Admin_OpensTheDashboardFromJobs_SeesThisNodeAndTheJobsByName_AndAPostWithoutTheTokenIsRefused()
    {
        await SignInAsAsync("admin");
        await GoToInteractiveAsync("/jobs");
        await Page.GetByRole(AriaRole.Link, new() { Name = "job host dashboard" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/jobs/hangfire/?$"));
        await Expect(Page).ToHaveTitleAsync(new Regex("AdminConsole · job host"));
        await Accessibility.AssertNoSeriousViolationsAsync(Page);

        // The node that runs the jobs, named as the run logs name it (host/process).
        await Page.GotoAsync("/jobs/hangfire/servers");
        await Expect(Page.Locator("table")).ToContainTextAsync(new Regex(@"/\d+"));
        await Accessibility.AssertNoSeriousViolationsAsync(Page);

        // The calendar job, and the chains' next runs, by the jobs' names (not the job host's one class).
        await Page.GotoAsync("/jobs/hangfire/recurring");
        await Expect(Page.Locator("table")).ToContainTextAsync("monthly-audit-report");
        await Expect(Page.Locator("table")).ToContainTextAsync("0 2 1 * *");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await Page.GotoAsync("/jobs/hangfire/jobs/scheduled");
        await Expect(Page.Locator("table")).ToContainTextAsync("subprocessor-authorization");
        await SaveScreenshotAsync("job-dashboard");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);

        // A button's post from another site carries no antiforgery token: refused, and the scheduled runs stay.
        var response = await Page.APIRequest.PostAsync("/jobs/hangfire/jobs/scheduled/delete", new() { Form = Page.APIRequest.CreateFormData().Set("jobs[]", "1") });
        Assert.True(response.Status is 400 or 403, $"A post without the antiforgery token got {response.Status}.");
        await Page.ReloadAsync();
        await Expect(Page.Locator("table")).ToContainTextAsync("subprocessor-authorization");
    }

    [Fact]
    public async Task Officer_HasNoLinkToIt_AndIsRefused()
    {
        await SignInAsAsync("officer");
        await GoToInteractiveAsync("/jobs");
        await Expect(Page.GetByRole(AriaRole.Region, new() { Name = "Scheduled jobs" })).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "job host dashboard" })).ToHaveCountAsync(0);

        await Page.GotoAsync("/jobs/hangfire");
        await Expect(Page).ToHaveURLAsync(new Regex("/access-denied"));
        var api = await Page.APIRequest.GetAsync("/jobs/hangfire/stats", new() { MaxRedirects = 0 });
        Assert.Equal(302, api.Status);
        Assert.Contains("/access-denied", api.Headers["location"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAnonymousVisitor_IsSentToSignIn_AndGetsNothingOfIt()
    {
        var response = await Page.APIRequest.GetAsync("/jobs/hangfire/recurring", new() { MaxRedirects = 0 });
        Assert.Equal(302, response.Status);
        Assert.Contains("/account/sign-in", response.Headers["location"], StringComparison.Ordinal);
        Assert.DoesNotContain("monthly-audit-report", await response.TextAsync(), StringComparison.Ordinal);
    }
}
