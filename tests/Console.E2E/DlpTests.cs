using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Access;
using AdminConsole.Domain.Model.Api;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Dlp;
using AdminConsole.Domain.Model.Dlp.Hooks;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.E2E.Pages;
using AdminConsole.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

/// <summary>
/// DLP end to end on one running console: a workspace admin adds a DLP hook in the browser, the AI product reports
/// prompts and outputs full of secrets, the alerts reach a real receiver signed so that the reference Standard
/// Webhooks library accepts them, and not one raw value is in any log line, alert, audit entry, webhook or answer.
/// </summary>
public class DlpTests(BrowserFixture browser) : ConsolePageTest(browser)
{
    private static readonly Guid WandaObjectId = new("00000000-0000-4000-8000-000000000004");
    private static readonly Guid DanaObjectId = new("7d0c3a55-0d55-4d4d-9a1e-5a1e5a1e5a1e");
    private static readonly AuditActor Seed = new("seed", "Seed", ConsoleRoles.Admin, null);

    /// <summary>Public test values only (card networks' test number, AWS's documented example key, the jwt.io sample…).</summary>
    private static readonly string[] Secrets =
    [
        "4111 1111 1111 1111",
        "AKIAIOSFODNN7EXAMPLE",
        "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789",
        "sk-proj-abc123DEF456ghi789JKL012mno",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        "MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu",
        "DE89370400440532013000",
        "123-45-6789",
    ];

    private WebhookReceiverPeer _receiver = null!;
    private Guid _labs;
    private Guid _acme;
    private Guid _globex;
    private string _labsKey = null!;

    protected override async Task<ConsoleServer> StartServerAsync(TestDatabase database)
    {
        _receiver = await WebhookReceiverPeer.StartAsync();
        var environment = ServerEnvironment();
        environment["DlpHooks__AllowedNetworks__0"] = "127.0.0.1";
        environment["DlpHooks__DispatchInterval"] = "00:00:01";

        // Everything the console logs, down to the framework's and EF Core's debug lines, is searched below.
        environment["Serilog__MinimumLevel__Default"] = "Verbose";
        environment["Serilog__MinimumLevel__Override__Microsoft.AspNetCore"] = "Debug";
        environment["Serilog__MinimumLevel__Override__Microsoft.EntityFrameworkCore"] = "Debug";
        return await ConsoleServer.StartAsync(database, environment);
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var now = DateTimeOffset.UtcNow;
        await using var db = Database.CreateContext();
        var labs = Workspace.Create("Acme Labs", Plan.Enterprise, DataRegion.EU, now);
        labs.AssignAdministrator(WandaObjectId, now);
        labs.AddMember(DanaObjectId, "Dana Data", "dana@acme.example", now);
        var acme = Workspace.Create("Acme Research", Plan.Business, DataRegion.EU, now);
        acme.AssignAdministrator(WandaObjectId, now);
        var globex = Workspace.Create("Globex Secret", Plan.Enterprise, DataRegion.US, now);
        var (key, secret) = ApiKey.Issue(labs.Id, "AI product", [ApiScopes.EventsWrite], "Seed", now);
        db.Workspaces.AddRange(labs, acme, globex);
        db.ApiKeys.Add(key);
        db.Audit(Seed, new AuditRecord("workspace.created", "Workspace", labs.Id.ToString(), labs.Id, null, new { labs.Name }), now);
        await db.SaveChangesAsync();
        (_labs, _acme, _globex, _labsKey) = (labs.Id, acme.Id, globex.Id, secret);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task AlertsOfSecrets_ReachTheHookSignedAndVerified_AndNoRawValueIsInAnyLogAlertAuditEntryWebhookOrAnswer()
    {
        // The workspace admin adds a hook in the browser and copies its secret, shown once.
        await SignInAsAsync("workspace-admin");
        await GoToInteractiveAsync($"/workspaces/{_labs}");
        await new WorkspaceDetailPage(Page).OpenAsync("DLP hooks");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("DLP hooks of Acme Labs");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        var hooks = new DlpHooksPage(Page);
        await Expect(hooks.Hooks).ToHaveCountAsync(0);
        await Expect(hooks.DeadLetters.First).ToContainTextAsync("No dead letters");
        var url = _receiver.Url("ok");
        await hooks.AddAsync("Partner DLP", "ftp://partner.example/hooks");
        await Expect(hooks.Secret).ToHaveCountAsync(0);
        await hooks.Ui.ExpectFieldErrorAsync("Endpoint URL (https)", "The URL must use https.");
        await hooks.AddAsync("Partner DLP", url);
        await Expect(hooks.Ui.Outcome("DLP hook Partner DLP added")).ToBeVisibleAsync();
        await Expect(hooks.SecretHeading).ToBeFocusedAsync();
        var secret = await hooks.Secret.InputValueAsync();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        await _receiver.TrustAsync("current", secret);
        await Expect(hooks.Hook("Partner DLP")).ToContainTextAsync("Enabled");
        await Expect(hooks.Ui.Field("Name")).ToHaveValueAsync(string.Empty);
        await Accessibility.AssertNoSeriousViolationsAsync(Page);

        // The AI product reports prompts and an output full of secrets, and a batch it gets wrong.
        using var api = Api(_labsKey);
        var answers = new List<string>();
        var prompts = Secrets.Select((s, i) => new { userObjectId = DanaObjectId, content = $"Prompt {i}: please use {AsWritten(s)} for this." }).ToArray();
        using (var response = await api.PostAsJsonAsync($"api/v1/workspaces/{_labs}/prompt-logs", new { items = prompts }))
        {
            answers.Add(await response.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        using (var response = await api.PostAsJsonAsync($"api/v1/workspaces/{_labs}/ai-outputs", new { items = new[] { new { content = $"Here is the key: {Secrets[1]}" } } }))
        {
            answers.Add(await response.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        using (var refused = await api.PostAsJsonAsync($"api/v1/workspaces/{_labs}/prompt-logs", new { items = new object[] { new { content = Secrets[0] }, new { userObjectId = "not-a-guid", content = Secrets[2] } } }))
        {
            answers.Add(await refused.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        using (var malformed = await api.PostAsync(new Uri($"api/v1/workspaces/{_labs}/prompt-logs", UriKind.Relative), new StringContent($"{{\"items\": [{{\"content\": \"{Secrets[1]}", Encoding.UTF8, "application/json")))
        {
            answers.Add(await malformed.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        }

        int alerts;
        await using (var db = Database.CreateContext())
            alerts = await db.DlpAlerts.CountAsync(a => a.WorkspaceId == _labs);
        Assert.Equal(Secrets.Length + 1, alerts);

        // Every alert reaches the receiver, signed so that the reference library verifies it.
        var received = await WaitForAsync(url, alerts);
        Assert.All(received, r =>
        {
            Assert.True(r.Verified["current"], $"not verified: {r.Headers["webhook-id"]}");
            using var cloudEvent = JsonDocument.Parse(r.Body);
            Assert.Equal("1.0", cloudEvent.RootElement.GetProperty("specversion").GetString());
            Assert.Equal("com.adminconsole.dlp.alert.created", cloudEvent.RootElement.GetProperty("type").GetString());
            Assert.Equal(r.Headers["webhook-id"], cloudEvent.RootElement.GetProperty("id").GetString());
        });
        Assert.Equal(alerts, received.Select(r => r.Headers["webhook-id"]).Distinct().Count());
        var detectors = received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("data").GetProperty("detector").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { DlpDetectors.PaymentCard, DlpDetectors.AwsAccessKey, DlpDetectors.GitHubToken, DlpDetectors.Jwt, DlpDetectors.Iban, DlpDetectors.UsSsn }, detectors);

        // The admin resolves one in the browser; the partner hears of that too.
        await GoToInteractiveAsync($"/workspaces/{_labs}/dlp-alerts");
        var ui = new ConsoleUi(Page);
        await Expect(ui.Heading).ToHaveTextAsync("DLP alerts of Acme Labs");
        await Expect(Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "alerts" })).ToContainTextAsync($"{alerts} alerts");
        await Expect(ui.Grid("DLP alerts")).ToContainTextAsync("4111 **** **** 1111");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await SaveScreenshotAsync("dlp-alerts");
        await Page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Details of the Payment card alert") }).ClickAsync();
        var detail = Page.GetByRole(AriaRole.Region, new() { Name = "Payment card alert", Exact = true });
        await Expect(detail.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToBeFocusedAsync();
        await ui.Button("Resolve").ClickAsync();
        await ui.ExpectFieldErrorAsync("Note", "Say how the alert was resolved.");
        await ui.Field("Note").FillAsync("Card cancelled; Dana reminded of the policy.");
        await ui.Button("Resolve").ClickAsync();
        await Expect(ui.Outcome("Alert resolved")).ToBeVisibleAsync();
        await Expect(detail).ToContainTextAsync("Card cancelled; Dana reminded of the policy.");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        var resolved = (await WaitForAsync(url, alerts + 1)).Select(r => r.Body).Where(b => b.Contains("com.adminconsole.dlp.alert.resolved", StringComparison.Ordinal)).ToList();
        Assert.Single(resolved);

        // The hook's deliveries, then a new secret: the partner gets a test event signed with both the old and the new one.
        await GoToInteractiveAsync($"/workspaces/{_labs}/dlp-hooks");
        await hooks.OpenDeliveriesAsync("Partner DLP");
        await Expect(hooks.DeliveriesHeading("Partner DLP")).ToBeFocusedAsync();
        await Expect(hooks.Deliveries("Partner DLP")).ToHaveCountAsync(alerts + 1);
        await Expect(hooks.Deliveries("Partner DLP").First).ToContainTextAsync("Delivered");
        await hooks.ActAsync("Rotate the secret of Partner DLP");
        await hooks.Ui.ConfirmAsync("Rotate secret");
        await Expect(hooks.Ui.Outcome("New secret made for Partner DLP")).ToBeVisibleAsync();
        var rotated = await hooks.Secret.InputValueAsync();
        Assert.StartsWith("whsec_", rotated, StringComparison.Ordinal);
        Assert.NotEqual(secret, rotated);
        await Expect(hooks.Hook("Partner DLP")).ToContainTextAsync("The old secret also signs until");
        await _receiver.TrustAsync("rotated", rotated);
        await hooks.ActAsync("Send a test event to Partner DLP");
        await Expect(hooks.Ui.Outcome("Test event queued for Partner DLP")).ToBeVisibleAsync();
        var test = (await WaitForAsync(url, alerts + 2)).Single(r => r.Body.Contains("com.adminconsole.dlp.test", StringComparison.Ordinal));
        Assert.True(test.Verified["current"] && test.Verified["rotated"], "the test event is not signed with both secrets");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await SaveScreenshotAsync("dlp-hooks");

        // No raw value anywhere: the server's log (console and file), alerts, audit entries, queued and received webhooks, answers.
        var haystacks = new List<(string Where, string Text)> { ("server output", Server.Output) };
        foreach (var file in Directory.GetFiles(Path.GetTempPath(), $"adminconsole-e2e-{Server.BaseAddress.Port}-*.log"))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            haystacks.Add((file, await reader.ReadToEndAsync()));
        }

        Assert.Contains(haystacks, h => h.Text.Contains("prompt-logs", StringComparison.Ordinal));
        await using (var db = Database.CreateContext())
        {
            haystacks.AddRange((await db.DlpAlerts.AsNoTracking().ToListAsync()).Select(a => ("alert", JsonSerializer.Serialize(a))));
            haystacks.AddRange((await db.AuditEntries.AsNoTracking().Select(e => e.Before + " " + e.After).ToListAsync()).Select(t => ("audit entry", t)));
            haystacks.AddRange((await db.DlpHookDeliveries.AsNoTracking().Select(d => d.Body + " " + d.LastError).ToListAsync()).Select(t => ("queued webhook", t)));
        }

        haystacks.AddRange((await _receiver.ReceivedAsync()).Select(r => ("received webhook", r.Body + string.Join(' ', r.Headers.Values))));
        haystacks.AddRange(answers.Select(a => ("API answer", a)));
        foreach (var raw in Secrets)
        {
            foreach (var (where, text) in haystacks)
                Assert.False(text.Contains(raw, StringComparison.Ordinal), $"{where} contains the raw value {raw[..6]}…");
        }

        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task DetectorsAreChangedByKeyboard_ACustomPatternIsTriedOnItsSample_AndOtherPlansAreToldWhyThereAreNoHooks()
    {
        await SignInAsAsync("workspace-admin");
        await GoToInteractiveAsync($"/workspaces/{_labs}/dlp-detectors");
        var ui = new ConsoleUi(Page);
        await Expect(ui.Heading).ToHaveTextAsync("DLP detectors of Acme Labs");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);

        var email = Page.GetByLabel("Email address", new() { Exact = false }).First;
        await Expect(email).ToBeCheckedAsync();
        await email.FocusAsync();
        await Page.Keyboard.PressAsync("Space");
        await Expect(ui.Outcome("turned off")).ToBeVisibleAsync();
        await Expect(email).Not.ToBeCheckedAsync();

        await Page.GetByLabel("Name", new() { Exact = true }).FillAsync("Project code names");
        await Page.GetByLabel("Pattern", new() { Exact = true }).FillAsync("BLUEBIRD-[0-9]+");
        await Page.GetByLabel("Sample text it must match").FillAsync("nothing here");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Test and add" }).ClickAsync();
        await ui.ExpectFieldErrorAsync("Sample text it must match", "The pattern does not match the sample text.");
        await Page.GetByLabel("Sample text it must match").FillAsync("about BLUEBIRD-7");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Test and add" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Region, new() { Name = "Custom detectors", Exact = true }).Locator("tbody").GetByRole(AriaRole.Row)).ToContainTextAsync("Project code names");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await SaveScreenshotAsync("dlp-detectors");

        await using (var db = Database.CreateContext())
        {
            var settings = await db.DlpSettings.Include(s => s.CustomDetectors).SingleAsync(s => s.WorkspaceId == _labs);
            Assert.False(settings.IsOn(DlpDetectors.Email));
            Assert.Equal("BLUEBIRD-[0-9]+", Assert.Single(settings.CustomDetectors).Pattern);
            Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == DlpCommands.DetectorsChanged && e.WorkspaceId == _labs));
        }

        // A Business workspace has no hooks, and the page says why.
        await GoToInteractiveAsync($"/workspaces/{_acme}/dlp-hooks");
        var hooks = new DlpHooksPage(Page);
        await Expect(hooks.Note).ToContainTextAsync("DLP hooks are available on the Enterprise plan");
        await Expect(hooks.AddButton).ToHaveCountAsync(0);
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        AssertNoConsoleErrors();

        // Another workspace's DLP pages read like pages that do not exist.
        foreach (var page in new[] { "dlp-alerts", "dlp-detectors", "dlp-hooks" })
        {
            await Page.GotoAsync($"/workspaces/{_globex}/{page}");
            await Expect(Page.Locator("h1")).ToHaveTextAsync("Page not found");
        }
    }

    /// <summary>The PEM key's body is what must not leak; it is reported inside its BEGIN and END lines.</summary>
    private static string AsWritten(string secret) =>
        secret.StartsWith("MIIB", StringComparison.Ordinal) ? $"-----BEGIN RSA PRIVATE KEY-----\n{secret}\n-----END RSA PRIVATE KEY-----" : secret;

    private async Task<IReadOnlyList<ReceivedRequest>> WaitForAsync(string url, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        IReadOnlyList<ReceivedRequest> received;
        do
        {
            received = await _receiver.ReceivedAtAsync(url);
            if (received.Count >= count)
                return received;
            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"The receiver got {received.Count} of {count} deliveries within 60 s.");
        return received;
    }

    private HttpClient Api(string secret)
    {
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = Server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }
}
