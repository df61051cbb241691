using AdminConsole.Domain.Model.Subprocessors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

public class SubprocessorRegistryTests(BrowserFixture browser) : ConsolePageTest(browser)
{
    [Fact]
    public async Task Officer_ProposesWithValidation_PublishesNoticeNotTooEarly_AndRecordsAReview()
    {
        await SignInAsAsync("officer");
        await GoToInteractiveAsync("/subprocessors");
        await Expect(Page.Locator(".result-count")).ToHaveTextAsync("0 subprocessors");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Propose a subprocessor" }).ClickAsync();
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Propose a subprocessor");

        await Page.GetByLabel("Legal name").FillAsync("Anthropic, PBC");
        await Page.GetByLabel("Purpose").FillAsync("LLM inference for writing help and meeting notes");
        await ChooseAsync("category", "Llm");
        await Page.GetByLabel("Data categories (comma-separated)").FillAsync("Prompts, AI output");
        await Page.GetByLabel("Countries or regions (comma-separated codes)").FillAsync("USA");
        await Page.GetByLabel("DPA reference").FillAsync("DPA-ANT-2026");
        await ChooseAsync("risk-tier", "High");
        await Page.GetByLabel("Website (https)").FillAsync("https://www.anthropic.com");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Propose" }).ClickAsync();
        await Expect(Page.Locator("#countries-error")).ToContainTextAsync("'USA' is not a two-letter country or region code");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);

        await Page.GetByLabel("Countries or regions (comma-separated codes)").FillAsync("US, EU");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Propose" }).ClickAsync();
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Anthropic, PBC");
        await Expect(Page.Locator(".facts")).ToContainTextAsync("Proposed");

        // One day short of the notice period is refused, with the earliest date named.
        await Page.GetByRole(AriaRole.Textbox, new() { Name = "Effective date (UTC)" }).FillAsync(DateTime.UtcNow.AddDays(29).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await Page.GetByRole(AriaRole.Textbox, new() { Name = "Effective date (UTC)" }).PressAsync("Tab");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Publish notice" }).ClickAsync();
        await Page.GetByRole(AriaRole.Alertdialog).GetByRole(AriaRole.Button, new() { Name = "Publish notice" }).ClickAsync();
        await Expect(Page.Locator("#effective-error")).ToContainTextAsync("at least 30 days after the notice is published");

        // The earliest day the page offers is accepted, after the confirmation too.
        var earliest = Subprocessor.EarliestOfferedEffectiveAt(DateTimeOffset.UtcNow, Subprocessor.DefaultNoticePeriod);
        await Page.GetByRole(AriaRole.Textbox, new() { Name = "Effective date (UTC)" }).FillAsync(earliest.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await Page.GetByRole(AriaRole.Textbox, new() { Name = "Effective date (UTC)" }).PressAsync("Tab");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Publish notice" }).ClickAsync();
        await Page.GetByRole(AriaRole.Alertdialog).GetByRole(AriaRole.Button, new() { Name = "Publish notice" }).ClickAsync();
        await Expect(Page.Locator(".facts")).ToContainTextAsync("NoticePeriod");

        await Page.GetByLabel("Reviewer").FillAsync("Olivia Officer");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Record review" }).ClickAsync();
        await Expect(Page.GetByText("Name at least one artifact checked")).ToBeVisibleAsync();
        await Page.GetByLabel("Attestation report (SOC 2, ISO)").CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Record review" }).ClickAsync();
        await Expect(Page.Locator("table[aria-labelledby='reviews-heading']")).ToContainTextAsync("Olivia Officer");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await SaveScreenshotAsync("subprocessor");

        await using var db = Database.CreateContext();
        var saved = await db.Subprocessors.Include(s => s.Reviews).SingleAsync();
        Assert.Equal(SubprocessorStatus.NoticePeriod, saved.Status);
        Assert.True(saved.EffectiveAt >= saved.NoticePublishedAt!.Value.AddDays(30));
        Assert.Single(saved.Reviews);
        Assert.Equal(["subprocessor.proposed", "subprocessor.notice-published", "subprocessor.reviewed"],
            await db.AuditEntries.Where(e => e.Action.StartsWith("subprocessor.")).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync());
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Auditor_ReadsTheRegistry_WithoutAnyWayToChangeIt()
    {
        await using (var db = Database.CreateContext())
        {
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var subprocessor = Subprocessor.Propose(new SubprocessorDetails(
                "Pinecone Systems, Inc.", "Vector store", ProcessingCategory.VectorStore, ["Embeddings"], ["US"],
                [new Certification(CertificationType.Soc2Type2, today.AddDays(10))], "DPA-PC", false, 60, RiskTier.Medium, null), DateTimeOffset.UtcNow);
            db.Subprocessors.Add(subprocessor);
            var reminder = Assert.Single(Reminder.DueFor(subprocessor, today, 30, DateTimeOffset.UtcNow));
            reminder.MarkSent(DateTimeOffset.UtcNow, 2);
            db.Reminders.Add(reminder);
            await db.SaveChangesAsync();
        }

        await SignInAsAsync("auditor");
        await GoToInteractiveAsync("/subprocessors");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Propose a subprocessor" })).ToHaveCountAsync(0);
        await Page.GetByRole(AriaRole.Link, new() { Name = "Pinecone Systems, Inc." }).ClickAsync();
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Pinecone Systems, Inc.");
        await Expect(Page.GetByText("expires within 30 days")).ToBeVisibleAsync();
        await Expect(Page.Locator("table[aria-labelledby='reminders-heading']")).ToContainTextAsync("Soc2Type2 certification expiring");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Publish notice" })).ToHaveCountAsync(0);
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Record review" })).ToHaveCountAsync(0);
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
    }
}
