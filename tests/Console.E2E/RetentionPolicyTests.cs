using System.Text.RegularExpressions;
using AdminConsole.Domain.Model.Retention;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.E2E.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

public class RetentionPolicyTests(BrowserFixture browser) : ConsolePageTest(browser)
{
    /// <summary>About pages and sign-in, not jobs.</summary>
    protected override bool RunsJobs => false;

    [Fact]
    public async Task Officer_IsRefusedTermsThatBreakACommitment_NextToTheField_AndSavesANewVersion()
    {
        await SignInAsAsync("officer");
        await GoToInteractiveAsync("/");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Retention policies" }).ClickAsync();
        var retention = new RetentionPage(Page);
        await Expect(retention.Ui.Heading).ToHaveTextAsync("Retention policies");
        await Expect(retention.Terms).ToHaveCountAsync(4);
        await Expect(Page.GetByRole(AriaRole.Columnheader, new() { Name = "LLM-provider retention (days)" }).First).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(Page);

        // Enterprise promises zero data retention at LLM providers: one day is refused, next to that field.
        await retention.EditAsync("Enterprise");
        await Expect(retention.EditForm).ToHaveAccessibleNameAsync("Edit the Enterprise retention policy");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        var provider = retention.Field("LLM-provider retention (days)");
        await provider.FillAsync("1");
        await provider.PressAsync("Tab");
        await retention.SaveAsync();
        await retention.Ui.ExpectFieldErrorAsync("LLM-provider retention (days)", "zero data retention");
        await retention.Ui.ExpectNoFieldErrorAsync("Prompt history retention (days)");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await SaveScreenshotAsync("retention-refused");

        await using (var db = Database.CreateContext())
        {
            var enterprise = await db.RetentionPolicies.Include(p => p.Versions).SingleAsync(p => p.Plan == Plan.Enterprise);
            Assert.Equal((0, 1), (enterprise.Terms.ProviderRetentionDays, enterprise.Version));
            Assert.Single(enterprise.Versions);
            Assert.False(await db.AuditEntries.AnyAsync(e => e.Action == "retention-policy.changed"));
        }

        await retention.Ui.Button("Cancel").ClickAsync();
        await Expect(retention.EditForm).ToHaveCountAsync(0);

        await retention.EditAsync("Business");
        await Expect(retention.EditForm).ToHaveAccessibleNameAsync("Edit the Business retention policy");
        provider = retention.Field("LLM-provider retention (days)");
        await Expect(provider).ToHaveValueAsync("30");
        await provider.FillAsync("14");
        await provider.PressAsync("Tab");
        await retention.SaveAsync();
        await Expect(retention.Ui.Outcome("Business retention policy saved")).ToBeVisibleAsync();
        await Expect(retention.EditForm).ToHaveCountAsync(0);

        await Expect(retention.ProviderDays("Business")).ToHaveTextAsync("14");
        await Expect(retention.TermsOf("Business")).ToContainTextAsync("Olivia Officer");
        var history = retention.History("Business");
        await Expect(history).ToHaveCountAsync(2);
        await Expect(history.First.GetByRole(AriaRole.Rowheader)).ToHaveTextAsync("2");
        await Expect(history.First.GetByRole(AriaRole.Cell).First).ToContainTextAsync("14");
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

        var retention = new RetentionPage(Page);
        await Expect(retention.Terms).ToHaveCountAsync(4);
        await Expect(retention.ProviderDays("Enterprise")).ToHaveTextAsync("0");
        foreach (var plan in new[] { "Free", "Plus", "Business", "Enterprise" })
            await Expect(retention.History(plan)).ToHaveCountAsync(1);
        await Expect(Page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("Edit") })).ToHaveCountAsync(0);
        await Expect(Page.GetByRole(AriaRole.Columnheader, new() { Name = "Actions" })).ToHaveCountAsync(0);
        await Expect(retention.EditForm).ToHaveCountAsync(0);
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        AssertNoConsoleErrors();
    }
}
