using System.Text.RegularExpressions;
using AdminConsole.Domain.Model.Retention;
using AdminConsole.Domain.Model.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

public class RetentionPolicyTests(BrowserFixture browser) : ConsolePageTest(browser)
{
    [Fact]
    public async Task Officer_IsRefusedTermsThatBreakACommitment_NextToTheField_AndSavesANewVersion()
    {
        await SignInAsAsync("officer");
        await GoToInteractiveAsync("/");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Retention policies" }).ClickAsync();
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Retention policies");
        await Expect(Page.Locator(".retention-table tbody tr")).ToHaveCountAsync(4);
        await Expect(Page.GetByRole(AriaRole.Columnheader, new() { Name = "LLM-provider retention (days)" }).First).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(Page);

        // Enterprise promises zero data retention at LLM providers: one day is refused, next to that field.
        await Page.GetByRole(AriaRole.Button, new() { Name = "Edit the Enterprise retention policy" }).ClickAsync();
        await Expect(Page.Locator("#edit-heading")).ToHaveTextAsync("Edit the Enterprise retention policy");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        var provider = Page.GetByLabel("LLM-provider retention (days)");
        await provider.FillAsync("1");
        await provider.PressAsync("Tab");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save policy" }).ClickAsync();
        await Expect(Page.Locator("#provider-retention-days-error")).ToContainTextAsync("zero data retention");
        await Expect(Page.Locator("#prompt-history-days-error")).ToBeEmptyAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await SaveScreenshotAsync("retention-refused");

        await using (var db = Database.CreateContext())
        {
            var enterprise = await db.RetentionPolicies.Include(p => p.Versions).SingleAsync(p => p.Plan == Plan.Enterprise);
            Assert.Equal((0, 1), (enterprise.Terms.ProviderRetentionDays, enterprise.Version));
            Assert.Single(enterprise.Versions);
            Assert.False(await db.AuditEntries.AnyAsync(e => e.Action == "retention-policy.changed"));
        }

        await Page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(Page.Locator("#edit-heading")).ToHaveCountAsync(0);

        await Page.GetByRole(AriaRole.Button, new() { Name = "Edit the Business retention policy" }).ClickAsync();
        await Expect(Page.Locator("#edit-heading")).ToHaveTextAsync("Edit the Business retention policy");
        provider = Page.GetByLabel("LLM-provider retention (days)");
        await Expect(provider).ToHaveValueAsync("30");
        await provider.FillAsync("14");
        await provider.PressAsync("Tab");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save policy" }).ClickAsync();
        await Expect(Page.Locator(".rz-notification-item").Filter(new() { HasText = "Business retention policy saved" })).ToBeVisibleAsync();
        await Expect(Page.Locator("#edit-heading")).ToHaveCountAsync(0);

        var business = Page.Locator(".retention-table tbody tr[data-plan='Business']");
        await Expect(business.Locator("td").First).ToHaveTextAsync("14");
        await Expect(business).ToContainTextAsync("Olivia Officer");
        var history = Page.Locator("section[aria-labelledby='history-business-heading'] tbody tr");
        await Expect(history).ToHaveCountAsync(2);
        await Expect(history.First.Locator("th")).ToHaveTextAsync("2");
        await Expect(history.First.Locator("td").First).ToContainTextAsync("14");
        await Expect(history.First).ToContainTextAsync("Olivia Officer");
        await Expect(history.Nth(1)).ToContainTextAsync("console defaults");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await SaveScreenshotAsync("retention-policies");

        await using (var db = Database.CreateContext())
        {
            var saved = await db.RetentionPolicies.Include(p => p.Versions).SingleAsync(p => p.Plan == Plan.Business);
            Assert.Equal(RetentionTerms.DefaultFor(Plan.Business) with { ProviderRetentionDays = 14 }, saved.Terms);
            Assert.Equal((2, "Olivia Officer"), (saved.Version, saved.ChangedBy));
            Assert.Equal([30, 14], saved.Versions.OrderBy(v => v.Version).Select(v => v.Terms.ProviderRetentionDays));
            var entry = await db.AuditEntries.SingleAsync(e => e.Action == "retention-policy.changed");
            Assert.Equal(("Business", "Olivia Officer"), (entry.TargetId, entry.ActorName));
        }

        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Auditor_ReadsThePoliciesAndTheirHistory_WithoutAnyWayToChangeThem()
    {
        await SignInAsAsync("auditor");
        await GoToInteractiveAsync("/retention");

        await Expect(Page.Locator(".retention-table tbody tr")).ToHaveCountAsync(4);
        await Expect(Page.Locator(".retention-table tbody tr[data-plan='Enterprise'] td").First).ToHaveTextAsync("0");
        await Expect(Page.Locator(".retention-history")).ToHaveCountAsync(4);
        await Expect(Page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("Edit") })).ToHaveCountAsync(0);
        await Expect(Page.GetByRole(AriaRole.Columnheader, new() { Name = "Actions" })).ToHaveCountAsync(0);
        await Expect(Page.Locator(".retention-edit")).ToHaveCountAsync(0);
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        AssertNoConsoleErrors();
    }
}
