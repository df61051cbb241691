using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Access;
using AdminConsole.Domain.Model.AiModels;
using AdminConsole.Domain.Model.AiSettings;
using AdminConsole.Domain.Model.Api;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.E2E.Pages;
using AdminConsole.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

/// <summary>
/// The model register from proposal to use, in the browser on one running console with a real SMTP server: an officer
/// proposes a model and records a failing evaluation (approval refused, with the reason) and a passing one; a second
/// officer approves it and puts it into production; a subscriber gets the notice; the trust page, its JSON and its
/// Atom feed list the model; a workspace admin chooses it and the policy API answers it.
/// </summary>
public class ModelRegisterTests(BrowserFixture browser) : ConsolePageTest(browser)
{
    private static readonly Guid WandaObjectId = new("00000000-0000-4000-8000-000000000004");
    private static readonly AuditActor Seed = new("seed", "Seed", ConsoleRoles.Admin, null);

    private Guid _acme;
    private string _key = null!;

    protected override Task<ConsoleServer> StartServerAsync(TestDatabase database) => StartWithMailAsync(database);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var now = DateTimeOffset.UtcNow;
        Subprocessor anthropic;
        await using (var db = Database.CreateContext())
        {
            var acme = Workspace.Create("Acme Research", Plan.Business, DataRegion.US, now);
            acme.AssignAdministrator(WandaObjectId, now);
            var authorizedAt = now.AddDays(-10);
            anthropic = Subprocessor.Propose(
                new SubprocessorDetails("Anthropic, PBC", "LLM inference", ProcessingCategory.Llm, ["Prompts"], ["US"], [], "DPA-1", true, 0, RiskTier.High, null),
                authorizedAt - Subprocessor.DefaultNoticePeriod);
            anthropic.PublishNotice(authorizedAt - Subprocessor.DefaultNoticePeriod, authorizedAt, Subprocessor.DefaultNoticePeriod);
            anthropic.Authorize(authorizedAt);
            db.Workspaces.Add(acme);
            db.Subprocessors.Add(anthropic);
            var (key, secret) = ApiKey.Issue(acme.Id, "AI product", [ApiScopes.PolicyRead], "Seed", now);
            db.ApiKeys.Add(key);
            var (subscription, token) = Subscription.Request("grace@example.com", "Navy", now);
            subscription.Confirm(token, now);
            db.Subscriptions.Add(subscription);
            db.Audit(Seed, new AuditRecord("workspace.created", "Workspace", acme.Id.ToString(), acme.Id, null, new { acme.Name }), now);
            await db.SaveChangesAsync();
            (_acme, _key) = (acme.Id, secret);
        }

        await new AiSettingsCommands(Database.CreateFactory(), TimeProvider.System).UpdateAsync(Seed, _acme,
            new AiSettingsChange(true, anthropic.Id, AiDataMode.Content, new HashSet<AiFeature> { AiFeature.WorkspaceSearch }, true, true, false, false));
    }

    [Fact]
    public async Task AModel_IsProposed_RefusedOnAFailingEvaluation_ApprovedByASecondOfficer_Announced_Listed_Chosen_AndAnsweredByThePolicyApi()
    {
        var ui = new ConsoleUi(Page);

        // Olivia proposes the model.
        await SignInAsAsync("officer");
        await GoToInteractiveAsync("/models");
        await Expect(Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "model" })).ToHaveTextAsync("0 models");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await Page.GetByRole(AriaRole.Link, new() { Name = "Propose a model" }).ClickAsync();
        await Expect(ui.Heading).ToHaveTextAsync("Propose a model");
        await ui.SelectAsync("Provider", "Anthropic, PBC (LLM)");
        await ui.Field("Model name").FillAsync("Claude Sonnet");
        await ui.Field("Version").FillAsync("4.5");
        await ui.SelectAsync("Purpose", "Chat");
        await Page.GetByLabel("Workspace search", new() { Exact = true }).CheckAsync();
        await ui.Field("Hosting region").FillAsync("US");
        await Page.GetByLabel("The provider may train on the inputs", new() { Exact = true }).CheckAsync();
        await ui.Button("Propose").ClickAsync();
        await Expect(Page.GetByText("The provider must not train on customers' inputs")).ToBeVisibleAsync();
        await Expect(Page.GetByLabel("The provider may train on the inputs", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await Page.GetByLabel("The provider may train on the inputs", new() { Exact = true }).UncheckAsync();
        await ui.Button("Propose").ClickAsync();
        await Expect(ui.Heading).ToHaveTextAsync("Claude Sonnet 4.5");
        await Expect(Page.Locator(".model-stage")).ToHaveTextAsync("Proposed");

        // Until it is approved, what was proposed may change: it is hosted in the EU after all.
        var details = Page.GetByRole(AriaRole.Region, new() { Name = "Details" });
        await Expect(details.GetByRole(AriaRole.Textbox, new() { Name = "Version" })).ToBeDisabledAsync();
        await details.GetByRole(AriaRole.Textbox, new() { Name = "Hosting region" }).FillAsync("EU");
        await details.GetByRole(AriaRole.Button, new() { Name = "Save details" }).ClickAsync();
        await Expect(ui.Outcome("Details saved")).ToBeVisibleAsync();
        await Expect(Page.Locator(".facts")).ToContainTextAsync("EU");

        // A failing evaluation: recorded as failed, and the approval is refused with the threshold it missed.
        await RecordEvaluationAsync(ui, accuracy: "0.82", "suite-run-1.json");
        await Expect(Page.GetByRole(AriaRole.Region, new() { Name = "Evaluations" })).ToContainTextAsync("failed");
        await Expect(Page.Locator(".model-stage")).ToHaveTextAsync("Evaluating");
        var modelPath = new Uri(Page.Url).AbsolutePath;

        await SignInAsAsync("second-officer", modelPath);
        await GoToInteractiveAsync(modelPath);
        await ui.Button("Approve").ClickAsync();
        await ui.ConfirmAsync("Approve");
        var refusal = Page.GetByRole(AriaRole.Region, new() { Name = "Life cycle" }).GetByRole(AriaRole.Alert);
        await Expect(refusal).ToContainTextAsync("did not pass: answer accuracy 0.82 (at least 0.9): failed");
        await Expect(Page.Locator(".model-stage")).ToHaveTextAsync("Evaluating");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);

        // Olivia records a passing one; she may not approve her own model.
        await SignInAsAsync("officer", modelPath);
        await GoToInteractiveAsync(modelPath);
        await RecordEvaluationAsync(ui, accuracy: "0.94", "suite-run-2.json");
        await ui.Button("Approve").ClickAsync();
        await ui.ConfirmAsync("Approve");
        await Expect(refusal).ToContainTextAsync("You proposed this model: a second person approves it.");

        // Otto approves it and puts it into production; Grace is told.
        await SignInAsAsync("second-officer", modelPath);
        await GoToInteractiveAsync(modelPath);
        await ui.Button("Approve").ClickAsync();
        await ui.ConfirmAsync("Approve");
        await Expect(Page.Locator(".model-stage")).ToHaveTextAsync("Approved");
        await ui.Button("Put into production").ClickAsync();
        await ui.ConfirmAsync("Put into production");
        await Expect(Page.Locator(".model-stage")).ToHaveTextAsync("In production");
        await Expect(Page.GetByRole(AriaRole.Region, new() { Name = "Notices to customers" })).ToContainTextAsync("AI model in use: Claude Sonnet 4.5 (Anthropic, PBC)");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await SaveScreenshotAsync("model");

        var mail = await Mail!.WaitForMessageToAsync("grace@example.com");
        Assert.Equal("AI model in use: Claude Sonnet 4.5 (Anthropic, PBC)", mail.GetProperty("subject").GetString());
        Assert.Contains("Not trained on your data", mail.GetProperty("text").GetString(), StringComparison.Ordinal);

        // The model card is the record as it stands.
        var card = await Page.APIRequest.GetAsync($"api/console/models/{modelPath.Split('/')[^1]}/card.md");
        Assert.Equal(200, card.Status);
        var markdown = await card.TextAsync();
        Assert.Contains("# Model card: Claude Sonnet 4.5", markdown, StringComparison.Ordinal);
        Assert.Contains("| answer accuracy | 0.82 | at least 0.9 | failed |", markdown, StringComparison.Ordinal);
        Assert.Contains("by Otto Officer", markdown, StringComparison.Ordinal);

        // The trust page, its JSON and its feed list it.
        await Page.GotoAsync("/trust");
        await Expect(Page.Locator("table[aria-labelledby='models-heading']")).ToContainTextAsync("Claude Sonnet 4.5");
        await Expect(Page.Locator("table[aria-labelledby='models-heading']")).ToContainTextAsync("Not trained on your data");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        var json = JsonDocument.Parse(await (await Page.APIRequest.GetAsync("/trust/subprocessors.json")).TextAsync()).RootElement;
        var listed = Assert.Single(json.GetProperty("models").EnumerateArray());
        Assert.Equal(("Claude Sonnet", "4.5", "Anthropic, PBC", "EU"),
            (listed.GetProperty("name").GetString(), listed.GetProperty("version").GetString(), listed.GetProperty("provider").GetString(), listed.GetProperty("hostingRegion").GetString()));
        var feed = await FeedParser.ParseAsync(await Page.APIRequest.GetAsync("/trust/subprocessors.atom"));
        Assert.Contains(feed.GetProperty("items").EnumerateArray(), i => i.GetProperty("title").GetString() == "AI model in use: Claude Sonnet 4.5 (Anthropic, PBC)");

        // Wanda chooses it for workspace search; the policy API answers it.
        await SignInAsAsync("workspace-admin", $"/workspaces/{_acme}/ai-settings");
        await GoToInteractiveAsync($"/workspaces/{_acme}/ai-settings");
        var models = Page.GetByRole(AriaRole.Region, new() { Name = "Models" });
        await ui.SelectAsync("Workspace search model", "Claude Sonnet 4.5 (chat, zero retention)", models);
        await models.GetByRole(AriaRole.Button, new() { Name = "Save models" }).ClickAsync();
        await Expect(ui.Outcome("Models saved")).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await SaveScreenshotAsync("ai-settings-models");

        using var api = Api();
        var policy = JsonDocument.Parse(await api.GetStringAsync(new Uri($"api/v1/workspaces/{_acme}/ai-policy?feature=WorkspaceSearch", UriKind.Relative))).RootElement;
        Assert.True(policy.GetProperty("allowed").GetBoolean(), policy.ToString());
        Assert.Equal(("Claude Sonnet", "4.5"), (policy.GetProperty("model").GetProperty("name").GetString(), policy.GetProperty("model").GetProperty("version").GetString()));

        await using var db = Database.CreateContext();
        Assert.Equal(
            ["model.proposed", "model.updated", "model.evaluated", "model.evaluated", "model.approved", "model.in-production"],
            await db.AuditEntries.Where(e => e.Action.StartsWith("model.")).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync());
        Assert.Equal(2, await db.ModelEvidence.CountAsync());
        AssertNoConsoleErrors();
    }

    private async Task RecordEvaluationAsync(ConsoleUi ui, string accuracy, string fileName)
    {
        await ui.Field("Suite").FillAsync("Release suite 12");
        var ranOn = ui.Field("Ran on (UTC)");
        var today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await ranOn.FillAsync(today);
        await ranOn.PressAsync("Tab");
        await Expect(ranOn).ToHaveValueAsync(today);
        await ui.Field("Metric 1").FillAsync("answer accuracy");
        await ui.Field("Metric 1 value").FillAsync(accuracy);
        await ui.Field("Metric 1 threshold").FillAsync("0.9");
        await Page.GetByLabel("Evidence file (.csv or .json)").SetInputFilesAsync(new FilePayload
        {
            Name = fileName,
            MimeType = "application/json",
            Buffer = Encoding.UTF8.GetBytes($"{{\"suite\":\"Release suite 12\",\"answer_accuracy\":{accuracy}}}"),
        });
        await ui.Button("Record evaluation").ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Region, new() { Name = "Evaluations" }).GetByRole(AriaRole.Link, new() { Name = fileName })).ToBeVisibleAsync();
    }

    private HttpClient Api()
    {
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        var api = new HttpClient(handler, disposeHandler: true) { BaseAddress = Server.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _key);
        return api;
    }
}
