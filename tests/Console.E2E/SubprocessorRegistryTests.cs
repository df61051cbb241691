using AdminConsole.Domain.Model.Subprocessors;
using Microsoft.EntityFrameworkCore;
using AdminConsole.E2E.Pages;
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
        var registry = new SubprocessorPages(Page);
        await Expect(registry.ResultCount).ToHaveTextAsync("0 subprocessors");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await registry.ProposeAsync();
        await Expect(registry.Ui.Heading).ToHaveTextAsync("Propose a subprocessor");

        await registry.FillAsync("Anthropic, PBC", "LLM inference for writing help and meeting notes", "LLM", "Prompts, AI output", "USA", "DPA-ANT-2026", "High", "https://www.anthropic.com");
        await registry.Ui.Button("Propose").ClickAsync();
        await registry.Ui.ExpectFieldErrorAsync("Countries or regions (comma-separated codes)", "'USA' is not a two-letter country or region code");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);

        await registry.Ui.Field("Countries or regions (comma-separated codes)").FillAsync("US, EU");
        await registry.Ui.Button("Propose").ClickAsync();
        await Expect(registry.Ui.Heading).ToHaveTextAsync("Anthropic, PBC");
        await Expect(registry.Facts).ToContainTextAsync("Proposed");
        await Expect(registry.Facts).ToContainTextAsync("LLM");

        // A saved change of the details shows on the page at once.
        var details = registry.Section("Details");
        await details.GetByRole(AriaRole.Textbox, new() { Name = "Purpose" }).FillAsync("LLM inference for writing help, meeting notes and search");
        await details.GetByRole(AriaRole.Button, new() { Name = "Save details" }).ClickAsync();
        await Expect(Page.GetByText("LLM inference for writing help, meeting notes and search", new() { Exact = true })).ToBeVisibleAsync();

        // One day short of the notice period is refused, with the earliest date named.
        await registry.PublishNoticeAsync(DateTimeOffset.UtcNow.AddDays(29));
        await registry.Ui.ExpectFieldErrorAsync("Effective date (UTC)", "at least 30 days after the notice is published");

        // The earliest day the page offers is accepted, after the confirmation too.
        var earliest = Subprocessor.EarliestOfferedEffectiveAt(DateTimeOffset.UtcNow, Subprocessor.DefaultNoticePeriod);
        await registry.PublishNoticeAsync(earliest);
        await Expect(registry.Facts).ToContainTextAsync("In notice period");

        await registry.Ui.Field("Reviewer").FillAsync("Olivia Officer");
        await registry.Ui.Button("Record review").ClickAsync();
        await Expect(Page.GetByText("Name at least one artifact checked")).ToBeVisibleAsync();
        await Page.GetByLabel("Attestation report (SOC 2, ISO)").CheckAsync();
        await registry.Ui.Button("Record review").ClickAsync();
        await Expect(registry.Section("Reviews").GetByRole(AriaRole.Table)).ToContainTextAsync("Olivia Officer");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await SaveScreenshotAsync("subprocessor");

        await using var db = Database.CreateContext();
        var saved = await db.Subprocessors.Include(s => s.Reviews).SingleAsync();
        Assert.Equal(SubprocessorStatus.NoticePeriod, saved.Status);
        Assert.True(saved.EffectiveAt >= saved.NoticePublishedAt!.Value.AddDays(30));
        Assert.Single(saved.Reviews);
        Assert.Equal(["subprocessor.proposed", "subprocessor.updated", "subprocessor.notice-published", "subprocessor.reviewed"],
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

            // Authorized three years ago, last reviewed thirteen months ago: its review is overdue.
            var late = Subprocessor.Propose(new SubprocessorDetails(
                "Vector Store Inc", "Embeddings", ProcessingCategory.VectorStore, ["Embeddings"], ["US"], [], "DPA-VS", false, 30, RiskTier.Medium, null), DateTimeOffset.UtcNow.AddYears(-3));
            late.PublishNotice(late.CreatedAt, late.CreatedAt + Subprocessor.DefaultNoticePeriod, Subprocessor.DefaultNoticePeriod);
            late.Authorize(late.CreatedAt + Subprocessor.DefaultNoticePeriod);
            late.RecordReview(today.AddMonths(-13), "Olivia Officer", ReviewArtifacts.AttestationReport, ReviewOutcome.Approved, null, null, today.AddMonths(-13));
            db.Subprocessors.Add(late);
            await db.SaveChangesAsync();
        }

        await SignInAsAsync("auditor");
        await GoToInteractiveAsync("/subprocessors");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Propose a subprocessor" })).ToHaveCountAsync(0);
        await Page.GetByRole(AriaRole.Link, new() { Name = "Pinecone Systems, Inc." }).ClickAsync();
        var registry = new SubprocessorPages(Page);
        await Expect(registry.Ui.Heading).ToHaveTextAsync("Pinecone Systems, Inc.");
        await Expect(Page.GetByText("expires within 30 days")).ToBeVisibleAsync();
        await Expect(registry.Section("Reminders sent")).ToContainTextAsync("SOC 2 Type 2 certification expiring");
        await Expect(registry.Facts).ToContainTextAsync("Vector store");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Retire this subprocessor" })).ToHaveCountAsync(0);

        // On a phone the list scrolls inside its own frame, and "overdue" is shown whole, not cut off.
        await Page.SetViewportSizeAsync(390, 844);
        await GoToInteractiveAsync("/subprocessors");
        var overdue = registry.Rows.Filter(new() { HasText = "Vector Store Inc" }).GetByText("overdue", new() { Exact = true });
        await Expect(overdue).ToBeVisibleAsync();
        // Whole: the mark lies inside its cell, the cell clips nothing, and the mark's own box holds its text.
        Assert.True(await overdue.EvaluateAsync<bool>(
            "e => { const c = e.closest('td'); const r = e.getBoundingClientRect(); const cr = c.getBoundingClientRect(); "
            + "return c.scrollWidth <= c.clientWidth && r.left >= cr.left && r.right <= cr.right && r.width + 1 >= e.scrollWidth; }"), "The overdue mark is cut off.");
        Assert.False(await Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"), "The registry page is wider than a phone's screen.");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Publish notice" })).ToHaveCountAsync(0);
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Record review" })).ToHaveCountAsync(0);
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
    }
}
