using AdminConsole.Domain.Model.AiSettings;
using AdminConsole.Domain.Model.Posture;
using AdminConsole.Domain.Model.Retention;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Jobs.Retention;
using AdminConsole.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

public class PostureTests(BrowserFixture browser) : ConsolePageTest(browser)
{
    [Fact]
    public async Task Officer_SeesTheCountsPerRule_DrillsDownToTheOffendingSubprocessorAndWorkspace_AndTheAuditorReadsTheSame()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var overdue = Authorized("Vector Store Inc", DateTimeOffset.UtcNow.AddYears(-3));
        overdue.RecordReview(today.AddMonths(-13), "Olivia Officer", ReviewArtifacts.AttestationReport, ReviewOutcome.Approved, null, null, today.AddMonths(-13));
        var lapsed = Authorized("Hosting Co", DateTimeOffset.UtcNow.AddMonths(-2), new Certification(CertificationType.Iso27001, today.AddDays(-1)));

        // A workspace chose an LLM provider while it was authorized; the provider has been retired since.
        var sunset = Subprocessor.Propose(
            new SubprocessorDetails("Sunset AI", "LLM inference", ProcessingCategory.Llm, ["Prompts"], ["US"], [], "DPA", false, 30, RiskTier.High, null), DateTimeOffset.UtcNow.AddMonths(-3));
        sunset.PublishNotice(sunset.CreatedAt, sunset.CreatedAt + Subprocessor.DefaultNoticePeriod, Subprocessor.DefaultNoticePeriod);
        sunset.Authorize(sunset.CreatedAt + Subprocessor.DefaultNoticePeriod);
        var initech = Workspace.Create("Initech", Plan.Business, DataRegion.EU, DateTimeOffset.UtcNow.AddMonths(-2));
        var settings = WorkspaceAiSettings.DefaultsFor(initech.Id);
        settings.Apply(
            new AiSettingsChange(true, sunset.Id, AiDataMode.MetadataOnly, new HashSet<AiFeature>(), true, false, false, false),
            Plan.Business, sunset, RetentionTerms.DefaultFor(Plan.Business), DateTimeOffset.UtcNow.AddDays(-20), "Wanda Admin");
        sunset.Retire(DateTimeOffset.UtcNow.AddDays(-2));
        await using (var db = Database.CreateContext())
        {
            db.Subprocessors.AddRange(overdue, lapsed, sunset);
            db.Workspaces.Add(initech);
            db.AiSettings.Add(settings);

            // A fortnight of earlier snapshots, so the trend has a line to draw.
            for (var day = 14; day >= 1; day--)
                db.PostureSnapshots.Add(PostureSnapshot.Take([new("review-overdue", day > 7 ? 2 : 1), new("certification-expired", day > 3 ? 0 : 1), new("retention-behind", 0)], DateTimeOffset.UtcNow.AddDays(-day)));
            await db.SaveChangesAsync();
        }

        // The retention jobs run as the console starts: once they have, none of them is behind.
        foreach (var job in new[] { RetentionEnforcer.JobName, EmbeddingPurger.JobName, TrashPurger.JobName })
            await JobRunWait.FirstRunFinishedAsync(Database, job);

        await SignInAsAsync("officer");

        // The dashboard's circuit first: a click before it is live can be overtaken by it, which renders the dashboard again.
        await Expect(Page.Locator(".console-layout[data-interactive='true']")).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Areas" }).GetByRole(AriaRole.Link, new() { Name = "Posture" }).ClickAsync();
        var posture = new PosturePage(Page);
        await Expect(posture.Ui.Heading).ToHaveTextAsync("Compliance posture");
        await ExpectCountsAsync(posture);
        await Expect(posture.Total).ToContainTextAsync("3 violations in all");
        await Expect(posture.Chart.Locator("polyline").First).ToBeVisibleAsync();
        await Expect(posture.Legend).ToHaveTextAsync(
            ["Subprocessor review overdue", "Certification expired", "Retention behind its promise", "AI provider keeps data longer than promised", "AI provider not authorized",
             "AI model in production without a passing evaluation", "AI model evaluation overdue", "AI model of a provider no longer authorized", "HIPAA workspace on a model without zero retention"]);

        // The day axis: every day of the period has a tick, no day is labelled twice, and the last label is today.
        await ExpectDayAxisAsync(posture, today, 30);
        await Expect(posture.Chart).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex($"from {today.AddDays(-29):yyyy-MM-dd} to {today:yyyy-MM-dd}"));
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await SaveScreenshotAsync("posture");
        await posture.PeriodAsync("90 days");
        await Expect(posture.Chart).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex($"from {today.AddDays(-89):yyyy-MM-dd} to"));
        await ExpectDayAxisAsync(posture, today, 90);

        await Page.GetByRole(AriaRole.Link, new() { Name = "Subprocessor review overdue", Exact = true }).ClickAsync();
        await Expect(posture.Ui.Heading).ToHaveTextAsync("Subprocessor review overdue");
        await Expect(posture.ResultCount).ToHaveTextAsync("1 violation");
        var row = posture.Violations;
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync($"Last reviewed on {today.AddMonths(-13):yyyy-MM-dd}");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await SaveScreenshotAsync("posture-review-overdue");
        await row.GetByRole(AriaRole.Link, new() { Name = "Vector Store Inc" }).ClickAsync();
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Vector Store Inc");

        await GoToInteractiveAsync("/posture/certification-expired");
        await Expect(posture.Violations).ToContainTextAsync($"ISO 27001 expired on {today.AddDays(-1):yyyy-MM-dd}");
        await GoToInteractiveAsync("/posture/retention-behind");
        await Expect(posture.Ui.Grid("Violations")).ToContainTextAsync("No violations — the commitment is kept");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);

        await GoToInteractiveAsync("/posture/ai-provider-not-authorized");
        var aiRow = posture.Violations;
        await Expect(aiRow).ToContainTextAsync("Sunset AI is retired and may no longer process customer data");
        await Expect(aiRow.GetByRole(AriaRole.Link, new() { Name = "Initech" })).ToHaveAttributeAsync("href", $"workspaces/{initech.Id}/ai-settings");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);

        await GoToInteractiveAsync("/");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Posture violations: 3" })).ToBeVisibleAsync();

        await SignInAsAsync("auditor");
        await GoToInteractiveAsync("/posture");
        await ExpectCountsAsync(posture);
        await Page.GetByRole(AriaRole.Link, new() { Name = "Certification expired: 1 violation" }).ClickAsync();
        await Expect(posture.Violations).ToContainTextAsync("Hosting Co");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);

        // The auditor may not open workspace pages: the offending workspace is named, not linked.
        await GoToInteractiveAsync("/posture/ai-provider-not-authorized");
        await Expect(posture.Violations).ToContainTextAsync("Initech");
        await Expect(posture.Violations.GetByRole(AriaRole.Link)).ToHaveCountAsync(0);
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task WorkspaceAdmin_IsDeniedThePosture_AndDoesNotSeeItInTheMenu()
    {
        await SignInAsAsync("workspace-admin");
        await Expect(Page.GetByRole(AriaRole.Navigation, new() { Name = "Areas" }).GetByRole(AriaRole.Link, new() { Name = "Posture" })).ToHaveCountAsync(0);

        await Page.GotoAsync("/posture/review-overdue");

        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/access-denied"));
    }

    private static async Task ExpectCountsAsync(PosturePage posture)
    {
        await Expect(posture.Count("Subprocessor review overdue")).ToHaveTextAsync("1");
        await Expect(posture.Count("Certification expired")).ToHaveTextAsync("1");
        await Expect(posture.Count("Retention behind its promise")).ToHaveTextAsync("0");
        await Expect(posture.Count("AI provider keeps data longer than promised")).ToHaveTextAsync("0");
        await Expect(posture.Count("AI provider not authorized")).ToHaveTextAsync("1");
        await Expect(posture.Rules.GetByRole(AriaRole.Row).Filter(new() { HasText = "Subprocessor review overdue" }))
            .ToContainTextAsync("Every authorized subprocessor is reviewed at least every 12 months.");
    }

    private static async Task ExpectDayAxisAsync(PosturePage posture, DateOnly today, int days)
    {
        await Expect(posture.Chart.Locator("line")).Not.ToHaveCountAsync(0);
        var labels = await posture.DayLabels.AllTextContentsAsync();
        Assert.InRange(labels.Count, 2, 10);
        Assert.Equal(labels.Count, labels.Distinct().Count());
        Assert.Equal(today.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture), labels[^1]);

        // Each label is a day of the period, in the order of the days (the period may span a new year, so not sorted as text).
        var period = Enumerable.Range(0, days).Select(i => today.AddDays(i + 1 - days).ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var positions = labels.Select(l => period.IndexOf(l)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order().ToList(), positions);
    }

    private static Subprocessor Authorized(string name, DateTimeOffset authorizedAt, params Certification[] certifications)
    {
        var proposedAt = authorizedAt - Subprocessor.DefaultNoticePeriod;
        var subprocessor = Subprocessor.Propose(
            new SubprocessorDetails(name, "Processing", ProcessingCategory.VectorStore, ["Embeddings"], ["US"], certifications, "DPA", true, 0, RiskTier.Medium, null), proposedAt);
        subprocessor.PublishNotice(proposedAt, authorizedAt, Subprocessor.DefaultNoticePeriod);
        subprocessor.Authorize(authorizedAt);
        return subprocessor;
    }
}
