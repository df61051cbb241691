using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Access;
using AdminConsole.Domain.Model.AiSettings;
using AdminConsole.Domain.Model.Api;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.E2E.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

/// <summary>
/// A workspace admin's AI settings in the browser, and the effective-policy API the AI product asks, on one running
/// console: a change made in the UI is what the API answers next, and the audit log has it.
/// </summary>
[Collection(TimedPromises.Name)]
public class AiSettingsTests(BrowserFixture browser) : ConsolePageTest(browser)
{
    private static readonly Guid WandaObjectId = new("00000000-0000-4000-8000-000000000004");
    private static readonly Guid DanaObjectId = new("7d0c3a55-0d55-4d4d-9a1e-5a1e5a1e5a1e");
    private static readonly AuditActor Seed = new("seed", "Seed", ConsoleRoles.Admin, null);

    private Guid _acme;
    private Guid _labs;
    private Guid _globex;
    private string _acmeKey = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var now = DateTimeOffset.UtcNow;
        Subprocessor anthropic, cohere, legacy;
        await using (var db = Database.CreateContext())
        {
            var acme = Workspace.Create("Acme Research", Plan.Business, DataRegion.EU, now);
            acme.AssignAdministrator(WandaObjectId, now);
            var dana = acme.AddMember(DanaObjectId, "Dana Data", "dana@acme.example", now);
            acme.ChangeMemberRole(dana.Id, MemberRole.Admin, now);
            var labs = Workspace.Create("Acme Labs", Plan.Enterprise, DataRegion.EU, now);
            labs.AssignAdministrator(WandaObjectId, now);
            var globex = Workspace.Create("Globex Secret", Plan.Enterprise, DataRegion.US, now);
            anthropic = Authorized("Anthropic PBC", zeroRetention: true, now);
            cohere = Authorized("Cohere Inc.", zeroRetention: false, now);
            legacy = Authorized("Legacy LLM Ltd", zeroRetention: true, now);
            db.Workspaces.AddRange(acme, labs, globex);
            db.Subprocessors.AddRange(anthropic, cohere, legacy);
            var (acmeKey, acmeSecret) = ApiKey.Issue(acme.Id, "AI product", [ApiScopes.PolicyRead], "Seed", now);
            db.ApiKeys.Add(acmeKey);
            db.Audit(Seed, new AuditRecord("workspace.created", "Workspace", acme.Id.ToString(), acme.Id, null, new { acme.Name }), now);
            await db.SaveChangesAsync();
            (_acme, _labs, _globex, _acmeKey) = (acme.Id, labs.Id, globex.Id, acmeSecret);
        }

        var commands = new AiSettingsCommands(Database.CreateFactory(), TimeProvider.System);
        var features = new HashSet<AiFeature> { AiFeature.WorkspaceSearch, AiFeature.RunSql };
        await commands.UpdateAsync(Seed, _acme, new AiSettingsChange(true, anthropic.Id, AiDataMode.Content, features, true, true, false, false));
        await commands.AddIntegrationAsync(Seed, _acme, "Analytics warehouse", IntegrationKind.Warehouse, [MemberRole.Admin], []);
        await commands.UpdateAsync(Seed, _labs, new AiSettingsChange(true, legacy.Id, AiDataMode.MetadataOnly, features, true, false, false, false));
        await commands.UpdateAsync(Seed, _globex, new AiSettingsChange(true, anthropic.Id, AiDataMode.Content, features, true, true, false, true));

        // Chosen while it was authorized, retired since: the settings keep it, and a save must replace it.
        await using (var db = Database.CreateContext())
        {
            var retired = await db.Subprocessors.SingleAsync(s => s.Id == legacy.Id);
            retired.Retire(now);
            await db.SaveChangesAsync();
        }

        _ = cohere;
    }

    [Fact]
    public async Task AWorkspaceAdmin_TurnsRunSqlOff_AndWithinASecondThePolicyApiDeniesIt_WithTheReason_AndTheAuditLogHasIt()
    {
        using var api = Api(_acmeKey);
        var runSql = $"api/v1/workspaces/{_acme}/ai-policy?feature=RunSql&user={DanaObjectId}&integration={Uri.EscapeDataString("Analytics warehouse")}";

        // Asked twice before the change: the answer is in the node's cache when the setting changes.
        for (var i = 0; i < 2; i++)
        {
            var before = await GetJsonAsync(api, runSql);
            Assert.True(before.GetProperty("allowed").GetBoolean(), before.ToString());
        }

        await SignInAsAsync("workspace-admin");
        await GoToInteractiveAsync($"/workspaces/{_acme}");
        await new WorkspaceDetailPage(Page).OpenAsync("AI settings");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("AI settings of Acme Research");
        await Expect(Page.GetByLabel("Run SQL")).ToBeCheckedAsync();
        await Expect(Page.GetByRole(AriaRole.Combobox, new() { Name = "LLM provider" })).ToHaveValueAsync("Anthropic PBC (zero retention)");
        await Expect(Page.GetByLabel("Moderation of prompts and output")).ToBeDisabledAsync();
        await Expect(Page.GetByRole(AriaRole.Region, new() { Name = "Integrations", Exact = true }).Locator("tbody").GetByRole(AriaRole.Row)).ToContainTextAsync("Analytics warehouse");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);

        // By keyboard: focus the checkbox, Space turns it off, then the save button.
        await Page.GetByLabel("Run SQL").FocusAsync();
        await Page.Keyboard.PressAsync("Space");
        await Expect(Page.GetByLabel("Run SQL")).Not.ToBeCheckedAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save AI settings" }).ClickAsync();
        await Expect(new AdminConsole.E2E.Pages.ConsoleUi(Page).Outcome("AI settings saved (version 3)")).ToBeVisibleAsync();
        var saved = Stopwatch.StartNew();

        JsonElement after;
        do
        {
            after = await GetJsonAsync(api, runSql);
        }
        while (after.GetProperty("allowed").GetBoolean() && saved.Elapsed < TimeSpan.FromSeconds(1));
        var seenAfter = saved.Elapsed;

        Assert.False(after.GetProperty("allowed").GetBoolean(), $"Run SQL was still allowed {seenAfter.TotalMilliseconds:0} ms after the save");
        Assert.True(seenAfter <= TimeSpan.FromSeconds(1), $"denied only after {seenAfter.TotalMilliseconds:0} ms");
        var reason = Assert.Single(after.GetProperty("reasons").EnumerateArray());
        Assert.Equal(AiPolicyCodes.FeatureOff, reason.GetProperty("code").GetString());
        Assert.Equal("Run SQL is turned off in this workspace's AI settings.", reason.GetProperty("message").GetString());
        Assert.Equal(3, after.GetProperty("settingsVersion").GetInt32());

        // Other features are untouched.
        var search = await GetJsonAsync(api, $"api/v1/workspaces/{_acme}/ai-policy?feature=WorkspaceSearch");
        Assert.True(search.GetProperty("allowed").GetBoolean(), search.ToString());

        // The history shows the change, newest first, and the audit log has it with before and after.
        await Expect(Page.GetByRole(AriaRole.Region, new() { Name = "Settings history", Exact = true }).Locator("tbody").GetByRole(AriaRole.Row).First).ToContainTextAsync("Settings changed");
        await Expect(Page.GetByRole(AriaRole.Region, new() { Name = "Settings history", Exact = true }).Locator("tbody").GetByRole(AriaRole.Row).First).ToContainTextAsync("Wanda Workspace");
        await Expect(Page.GetByRole(AriaRole.Region, new() { Name = "Settings history", Exact = true }).Locator("tbody").GetByRole(AriaRole.Row).First).ToContainTextAsync("features Workspace search;");
        await SaveScreenshotAsync("ai-settings-run-sql-off");

        await GoToInteractiveAsync($"/audit?workspace={_acme}");
        await Expect(new AdminConsole.E2E.Pages.AuditLogPage(Page).Entries.First).ToContainTextAsync(AiSettingsCommands.Updated);
        await Expect(new AdminConsole.E2E.Pages.AuditLogPage(Page).Entries.First).ToContainTextAsync("Wanda Workspace");
        await using var db = Database.CreateContext();
        var entry = await db.AuditEntries.Where(e => e.Action == AiSettingsCommands.Updated && e.WorkspaceId == _acme).OrderByDescending(e => e.Sequence).FirstAsync();
        Assert.Contains("\"RunSql\"", entry.Before, StringComparison.Ordinal);
        Assert.DoesNotContain("\"RunSql\"", entry.After, StringComparison.Ordinal);
        Assert.Equal("Wanda Workspace", entry.ActorName);
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task RefusedSaves_StandNextToTheirField_AndSaveNothing()
    {
        await SignInAsAsync("workspace-admin");

        // HIPAA mode on the Business plan.
        await GoToInteractiveAsync($"/workspaces/{_acme}/ai-settings");
        var ui = new AdminConsole.E2E.Pages.ConsoleUi(Page);
        await Page.GetByLabel("HIPAA mode").CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save AI settings" }).ClickAsync();
        await ui.ExpectFieldErrorAsync("HIPAA mode", "HIPAA mode needs the Enterprise plan; this workspace is on Business.");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);

        // The provider chosen before it was retired: offered as such, and refused on the next save.
        await GoToInteractiveAsync($"/workspaces/{_labs}/ai-settings");
        var provider = Page.GetByRole(AriaRole.Combobox, new() { Name = "LLM provider" });
        await Expect(provider).ToHaveValueAsync("Legacy LLM Ltd (retired: no longer allowed)");
        await Page.GetByLabel("Keep prompt history").CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save AI settings" }).ClickAsync();
        await Expect(provider).ToHaveAccessibleDescriptionAsync("Legacy LLM Ltd is retired and may no longer process customer data; choose an authorized LLM provider.");

        // An Enterprise workspace and a provider that keeps requests.
        await ui.SelectAsync("LLM provider", "Cohere Inc. (keeps requests 30 days)");
        await Expect(provider).ToHaveAttributeAsync("aria-invalid", "false");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save AI settings" }).ClickAsync();
        await Expect(provider).ToHaveAccessibleDescriptionAsync("Cohere Inc. is not zero-retention capable: Enterprise workspaces use only LLM providers that keep nothing of their requests.");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await SaveScreenshotAsync("ai-settings-refused");

        // A zero-retention provider is accepted.
        await ui.SelectAsync("LLM provider", "Anthropic PBC (zero retention)");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save AI settings" }).ClickAsync();
        await Expect(new AdminConsole.E2E.Pages.ConsoleUi(Page).Outcome("AI settings saved (version 2)")).ToBeVisibleAsync();

        await using var db = Database.CreateContext();
        Assert.Equal(2, await db.AiSettings.Where(s => s.WorkspaceId == _acme).Select(s => s.Version).SingleAsync());
        Assert.False(await db.AiSettings.Where(s => s.WorkspaceId == _acme).Select(s => s.HipaaMode).SingleAsync());
        Assert.Equal(2, await db.AiSettingsVersions.CountAsync(v => v.WorkspaceId == _acme));
        Assert.Equal(2, await db.AiSettingsVersions.CountAsync(v => v.WorkspaceId == _labs));
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.WorkspaceId == _labs && e.Action == AiSettingsCommands.Updated));
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task AnOfficerReadsTheSettingsOnly_AndAnAdminOfOneWorkspaceCannotReadAnothersSettings()
    {
        await SignInAsAsync("officer");
        await GoToInteractiveAsync($"/workspaces/{_globex}/ai-settings");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("AI settings of Globex Secret");
        await Expect(Page.Locator(".read-only-note")).ToHaveTextAsync("You can read these settings; the workspace's admins change them.");
        await Expect(Page.GetByLabel("HIPAA mode")).ToBeDisabledAsync();
        await Expect(Page.GetByLabel("HIPAA mode")).ToBeCheckedAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Save AI settings" })).ToHaveCountAsync(0);
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Add integration" })).ToHaveCountAsync(0);
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        AssertNoConsoleErrors();

        // Another workspace's settings read exactly like a workspace that does not exist (the browser logs the 404).
        await SignInAsAsync("workspace-admin");
        await Page.GotoAsync($"/workspaces/{_globex}/ai-settings");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Page not found");
        Assert.DoesNotContain("Globex", await Page.ContentAsync(), StringComparison.Ordinal);

        // The AI product's key of Acme asking for Globex: the same 404 as for a workspace that does not exist.
        using var api = Api(_acmeKey);
        using (var other = await api.GetAsync(new Uri($"api/v1/workspaces/{_globex}/ai-policy", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        using (var unknown = await api.GetAsync(new Uri($"api/v1/workspaces/{Guid.NewGuid()}/ai-policy", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task AWorkspaceAdmin_ChangesAMembersRole_AndRunSqlFollowsTheIntegrationPermissionOfTheRole()
    {
        using var api = Api(_acmeKey);
        var runSql = $"api/v1/workspaces/{_acme}/ai-policy?feature=RunSql&user={DanaObjectId}&integration={Uri.EscapeDataString("Analytics warehouse")}";
        Assert.True((await GetJsonAsync(api, runSql)).GetProperty("allowed").GetBoolean());

        await SignInAsAsync("workspace-admin");
        await GoToInteractiveAsync($"/workspaces/{_acme}");
        var ui = new ConsoleUi(Page);
        await Expect(Page.GetByRole(AriaRole.Combobox, new() { Name = "Role of Dana Data" })).ToHaveValueAsync("Admin");
        await ui.SelectAsync("Role of Dana Data", "Member");
        await Expect(ui.Outcome("Dana Data is now Member")).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(Page);

        // The warehouse is open to the Admin role only: Run SQL is now denied for Dana, with the reason.
        JsonElement after;
        var deadline = DateTime.UtcNow.AddSeconds(2);
        do
        {
            after = await GetJsonAsync(api, runSql);
        }
        while (after.GetProperty("allowed").GetBoolean() && DateTime.UtcNow < deadline);
        Assert.False(after.GetProperty("allowed").GetBoolean(), after.ToString());
        Assert.Contains(after.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == AiPolicyCodes.RunSqlNoIntegrationPermission);
        await using var db = Database.CreateContext();
        Assert.Equal(MemberRole.Member, (await db.Members.SingleAsync(m => m.UserObjectId == DanaObjectId)).Role);
    }

    private HttpClient Api(string secret)
    {
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        var api = new HttpClient(handler, disposeHandler: true) { BaseAddress = Server.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return api;
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient api, string path)
    {
        using var response = await api.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static Subprocessor Authorized(string name, bool zeroRetention, DateTimeOffset now)
    {
        var authorizedAt = now.AddDays(-10);
        var proposedAt = authorizedAt - Subprocessor.DefaultNoticePeriod;
        var subprocessor = Subprocessor.Propose(
            new SubprocessorDetails(name, "LLM inference", ProcessingCategory.Llm, ["Prompts"], ["US"], [], "DPA-1", zeroRetention, zeroRetention ? 0 : 30, RiskTier.High, null),
            proposedAt);
        subprocessor.PublishNotice(proposedAt, authorizedAt, Subprocessor.DefaultNoticePeriod);
        subprocessor.Authorize(authorizedAt);
        return subprocessor;
    }
}
