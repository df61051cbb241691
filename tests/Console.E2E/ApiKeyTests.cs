using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AdminConsole.Domain.Model.Access;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.E2E.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

public class ApiKeyTests(BrowserFixture browser) : ConsolePageTest(browser)
{
    /// <summary>About pages and sign-in, not jobs.</summary>
    protected override bool RunsJobs => false;

    private static readonly Guid WandaObjectId = new("00000000-0000-4000-8000-000000000004");
    private Guid _acme;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = Database.CreateContext();
        var now = DateTimeOffset.UtcNow;
        var acme = Workspace.Create("Acme Research", Plan.Business, DataRegion.EU, now);
        acme.AssignAdministrator(WandaObjectId, now);
        db.Workspaces.Add(acme);
        db.Audit(new AuditActor("seed", "Seed", ConsoleRoles.Admin, null), new AuditRecord("workspace.created", "Workspace", acme.Id.ToString(), acme.Id, null, new { acme.Name }), now);
        await db.SaveChangesAsync();
        _acme = acme.Id;
    }

    [Fact]
    public async Task AWorkspaceAdmin_CreatesAKey_SeesItOnce_UsesIt_AndARevokedKeyFailsOnTheNextCall()
    {
        await SignInAsAsync("workspace-admin");
        await GoToInteractiveAsync($"/workspaces/{_acme}");
        await Page.GetByRole(AriaRole.Link, new() { Name = "API keys for the AI product" }).ClickAsync();
        var keys = new ApiKeysPage(Page);
        await Expect(keys.Ui.Heading).ToHaveTextAsync("API keys of Acme Research");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);

        // Nothing chosen: the messages stand next to their fields and nothing is created.
        await keys.CreateAsync();
        await keys.Ui.ExpectFieldErrorAsync("Key name", "Key name is required.");
        await Expect(Page.GetByRole(AriaRole.Group, new() { Name = "Scopes" })).ToContainTextAsync("Choose at least one scope.");

        // The name, then the scope checkboxes by their labels.
        await keys.Ui.Field("Key name").FillAsync("Production AI");
        await keys.ChooseScopeAsync("policy:read — Read the effective retention policy");
        await keys.ChooseScopeAsync("events:write — Report prompt logs, AI outputs, provider requests, pages and embeddings");
        await keys.CreateAsync();

        await Expect(keys.Secret).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^ack_[a-z2-9]{12}_[A-Za-z0-9_-]{43}$"));
        await Expect(keys.NewKey).ToContainTextAsync("you won't see it again");
        var secret = await keys.Secret.InputValueAsync();
        await Expect(keys.Rows).ToHaveCountAsync(1);
        await Expect(keys.Rows.First).ToContainTextAsync("events:write, policy:read");
        await Expect(ApiKeysPage.Status(keys.Rows.First)).ToHaveTextAsync("Active");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Copy key" }).FocusAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await SaveScreenshotAsync("api-key-created");

        // The AI product uses the key.
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        using var api = new HttpClient(handler) { BaseAddress = Server.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using (var policy = await api.GetAsync(new Uri($"api/v1/workspaces/{_acme}/retention-policy", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, policy.StatusCode);
            Assert.Equal("Business", (await policy.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("plan").GetString());
        }

        using (var prompts = await api.PostAsJsonAsync($"api/v1/workspaces/{_acme}/prompt-logs", new { items = new[] { new { userObjectId = WandaObjectId, content = "Summarise the travel policy" } } }))
            Assert.Equal(HttpStatusCode.Created, prompts.StatusCode);

        // Shown once: after a reload the page has the key's id, never its secret.
        await GoToInteractiveAsync($"/workspaces/{_acme}/api-keys");
        await Expect(keys.Secret).ToHaveCountAsync(0);
        Assert.DoesNotContain(secret, await Page.ContentAsync(), StringComparison.Ordinal);
        await Expect(keys.Rows.First).Not.ToContainTextAsync("never");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Revoke key Production AI" }).ClickAsync();
        await Expect(keys.Ui.Dialog).ToContainTextAsync("Revoke the key Production AI?");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await keys.Ui.ConfirmAsync("Revoke key");
        await Expect(ApiKeysPage.Status(keys.Rows.First)).ToContainTextAsync("Revoked");
        await Expect(ApiKeysPage.Status(keys.Rows.First)).ToContainTextAsync("Wanda Workspace");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Revoke key Production AI" })).ToHaveCountAsync(0);

        using (var refused = await api.GetAsync(new Uri($"api/v1/workspaces/{_acme}/retention-policy", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await using var db = Database.CreateContext();
        Assert.Equal(["api-key.created", "api-key.revoked"], await db.AuditEntries.Where(e => e.Action.StartsWith("api-key.")).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync());
        Assert.Equal(1, await db.PromptLogs.CountAsync(p => p.WorkspaceId == _acme));
        AssertNoConsoleErrors();
    }
}
