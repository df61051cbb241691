using AdminConsole.Domain.Model.AiSettings;
using AdminConsole.Domain.Model.Posture;
using AdminConsole.Domain.Model.Retention;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Jobs.Retention;
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
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Compliance posture");
        await ExpectCountsAsync();
        await Expect(Page.Locator(".posture-total")).ToContainTextAsync("3 violations in all");
        await Expect(Page.Locator(".posture-chart .rz-line-series path").First).ToBeVisibleAsync();
        await Expect(Page.Locator(".posture-legend li")).ToHaveTextAsync(
            ["Subprocessor review overdue", "Certification expired", "Retention behind its promise", "AI provider keeps data longer than promised", "AI provider not authorized"]);
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await SaveScreenshotAsync("posture");

        await Page.GetByRole(AriaRole.Link, new() { Name = "Subprocessor review overdue", Exact = true }).ClickAsync();
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Subprocessor review overdue");
        await Expect(Page.Locator(".result-count")).ToHaveTextAsync("1 violation");
        var row = Page.Locator(".posture-grid tbody tr");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync($"Last reviewed on {today.AddMonths(-13):yyyy-MM-dd}");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await SaveScreenshotAsync("posture-review-overdue");
        await row.GetByRole(AriaRole.Link, new() { Name = "Vector Store Inc" }).ClickAsync();
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Vector Store Inc");

        await GoToInteractiveAsync("/posture/certification-expired");
        await Expect(Page.Locator(".posture-grid tbody tr")).ToContainTextAsync($"ISO 27001 expired on {today.AddDays(-1):yyyy-MM-dd}");
        await GoToInteractiveAsync("/posture/retention-behind");
        await Expect(Page.Locator(".posture-grid")).ToContainTextAsync("No violations — the commitment is kept");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);

        await GoToInteractiveAsync("/posture/ai-provider-not-authorized");
        var aiRow = Page.Locator(".posture-grid tbody tr");
        await Expect(aiRow).ToContainTextAsync("Sunset AI is retired and may no longer process customer data");
        await Expect(aiRow.GetByRole(AriaRole.Link, new() { Name = "Initech" })).ToHaveAttributeAsync("href", $"workspaces/{initech.Id}/ai-settings");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);

        await GoToInteractiveAsync("/");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Posture violations: 3" })).ToBeVisibleAsync();

        await SignInAsAsync("auditor");
        await GoToInteractiveAsync("/posture");
        await ExpectCountsAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "Certification expired: 1 violation" }).ClickAsync();
        await Expect(Page.Locator(".posture-grid tbody tr")).ToContainTextAsync("Hosting Co");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
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

    private async Task ExpectCountsAsync()
    {
        await Expect(Page.Locator("tr[data-rule='review-overdue'] .posture-count")).ToHaveTextAsync("1");
        await Expect(Page.Locator("tr[data-rule='certification-expired'] .posture-count")).ToHaveTextAsync("1");
        await Expect(Page.Locator("tr[data-rule='retention-behind'] .posture-count")).ToHaveTextAsync("0");
        await Expect(Page.Locator("tr[data-rule='ai-provider-retains-data'] .posture-count")).ToHaveTextAsync("0");
        await Expect(Page.Locator("tr[data-rule='ai-provider-not-authorized'] .posture-count")).ToHaveTextAsync("1");
        await Expect(Page.Locator("tr[data-rule='review-overdue']")).ToContainTextAsync("Every authorized subprocessor is reviewed at least every 12 months.");
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
