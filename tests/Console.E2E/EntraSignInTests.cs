using AdminConsole.Domain.Model.Access;
using AdminConsole.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

/// <summary>Signing in and out through a real OpenID Connect provider shaped like Entra ID, in Chromium.</summary>
public class EntraSignInTests(BrowserFixture browser) : ConsolePageTest(browser)
{
    /// <summary>About pages and sign-in, not jobs.</summary>
    protected override bool RunsJobs => false;

    private static readonly OidcProviderPeer.Account Olivia = new(
        "olivia", "correct horse battery staple", new Guid("5b0f5c43-7a4e-4c1b-9a55-8d0f6e7c2b19"), "Olivia Officer", "olivia@contoso.example", [ConsoleRoles.ComplianceOfficer]);

    private OidcProviderPeer? _provider;

    protected override async Task<ConsoleServer> StartServerAsync(TestDatabase database)
    {
        var port = ConsoleServer.FreePort();
        _provider = await OidcProviderPeer.StartAsync(new Uri($"https://127.0.0.1:{port}/"), [Olivia]);
        var settings = ServerEnvironment();
        foreach (var (key, value) in _provider.ConsoleSettings())
            settings[key] = value;
        return await ConsoleServer.StartAsync(database, settings, port);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_provider is not null)
            await _provider.DisposeAsync();
    }

    [Fact]
    public async Task SignIn_ThroughTheProvider_ShowsNameAndRole_ThenSignOutEndsBothSessions()
    {
        await Page.GotoAsync("/workspaces");

        // The provider's own login page, on its own origin.
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"^http://127.0.0.1:{_provider!.Port}/interaction/"));
        await Page.GetByLabel("Username").FillAsync("olivia");
        await Page.GetByLabel("Password").FillAsync("wrong password");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Invalid username or password.");
        await Page.GetByLabel("Password").FillAsync(Olivia.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // Back in the console, on the page first asked for, signed in with the name and role from the id_token.
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"^{Server.BaseAddress}workspaces$"));
        await Expect(Page.Locator(".console-layout[data-interactive='true']")).ToBeVisibleAsync();
        await Expect(Page.Locator(".user-name")).ToHaveTextAsync("Olivia Officer");
        await Expect(Page.Locator(".user-role")).ToHaveTextAsync("Compliance officer");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await SaveScreenshotAsync("signed-in-through-entra");

        // The cookie carries who signed in and the session id, not the id_token (about 2 KB more per request).
        var cookie = (await Page.Context.CookiesAsync()).Single(c => c.Name == "__Host-AdminConsole");
        var ticket = await SessionCookieReader.ReadAsync(Database, cookie.Value);
        Assert.DoesNotContain(ticket.Properties.Items, item => item.Key.Contains("token", StringComparison.OrdinalIgnoreCase) || item.Value?.StartsWith("eyJ", StringComparison.Ordinal) == true);
        Assert.Equal(
            new[] { "oid", "tid", "name", "email", System.Security.Claims.ClaimTypes.Role, "sid" }.Order(StringComparer.Ordinal).ToArray(),
            ticket.Principal.Claims.Select(c => c.Type).Order(StringComparer.Ordinal).ToArray());
        Assert.True(cookie.Value.Length < 1200, $"The session cookie is {cookie.Value.Length} characters.");

        await using (var db = Database.CreateContext())
        {
            var user = await db.Users.SingleAsync();
            Assert.Equal((Olivia.Oid, Guid.Parse(OidcProviderPeer.TenantId), ConsoleRoles.ComplianceOfficer), (user.ObjectId, user.TenantId!.Value, user.Roles));
        }

        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/signed-out$"));
        await Expect(Page.Locator("h1")).ToHaveTextAsync("You are signed out");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);

        // The provider's session ended too: coming back asks for credentials again.
        await Page.GotoAsync("/");
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"^http://127.0.0.1:{_provider.Port}/interaction/"));
        await Expect(Page.GetByLabel("Password")).ToBeVisibleAsync();

        await using var check = Database.CreateContext();
        Assert.Equal(["user.signed-in", "user.signed-out"], await check.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync());
        Assert.NotNull((await check.UserSessions.SingleAsync()).EndedAt);
    }

    [Fact]
    public async Task SignIn_WhoseCodeTheProviderRefuses_ShowsAClearPage_AndLogsNoStackTrace()
    {
        // The code comes back altered (as if replayed or expired): the provider's token endpoint answers invalid_grant.
        // Playwright does not route the requests of a redirect chain, so the login form's post is fetched up to the
        // provider's answer for the console — a page that posts the code and state to the console (response_mode
        // form_post) — and the browser gets that page with another code in it.
        await Page.RouteAsync(new System.Text.RegularExpressions.Regex("/interaction/"), async route =>
        {
            if (route.Request.Method != "POST")
            {
                await route.ContinueAsync();
                return;
            }

            var response = await route.FetchAsync(new() { MaxRedirects = 0 });
            if (!response.Headers.TryGetValue("location", out var resume))
            {
                await route.FulfillAsync(new() { Response = response });
                return;
            }

            // Through the provider's own steps (consent, resume) to its page that posts back to the console.
            var location = new Uri(new Uri(route.Request.Url), resume);
            var next = await Page.Context.APIRequest.GetAsync(location.ToString(), new() { MaxRedirects = 0 });
            for (var hop = 0; hop < 5 && next.Headers.TryGetValue("location", out var further); hop++)
            {
                location = new Uri(location, further);
                next = await Page.Context.APIRequest.GetAsync(location.ToString(), new() { MaxRedirects = 0 });
            }

            var page = await next.TextAsync();
            Assert.Contains("/signin-oidc", page, StringComparison.Ordinal);
            var altered = System.Text.RegularExpressions.Regex.Replace(page, "(name=\"code\" value=\")[^\"]+", "$1not-a-code-the-provider-issued");
            Assert.NotEqual(page, altered);
            await route.FulfillAsync(new() { Status = 200, ContentType = "text/html; charset=utf-8", Body = altered });
        });
        var callbackStatus = 0;
        Page.Response += (_, response) =>
        {
            if (response.Url.EndsWith("/signin-oidc", StringComparison.Ordinal))
                callbackStatus = response.Status;
        };

        await Page.GotoAsync("/workspaces");
        await Page.GetByLabel("Username").FillAsync("olivia");
        await Page.GetByLabel("Password").FillAsync(Olivia.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(Page.Locator("h1")).ToHaveTextAsync("Sign-in did not complete");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Sign in again" })).ToBeVisibleAsync();
        Assert.Equal(400, callbackStatus);
        Assert.Contains("Sign-in failed at the identity provider: invalid_grant", Server.Output, StringComparison.Ordinal);
        Assert.True(!Server.Output.Contains("Exception", StringComparison.Ordinal), string.Join("\n", Server.Output.Split('\n').Where(l => l.Contains("Exception", StringComparison.Ordinal))));
        Assert.DoesNotContain("[ERR]", Server.Output, StringComparison.Ordinal);
        await using var db = Database.CreateContext();
        Assert.False(await db.UserSessions.AnyAsync());
    }
}
