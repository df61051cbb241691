using System.Net;
using System.Text.RegularExpressions;
using AdminConsole.Domain.Model.Access;
using AdminConsole.Domain.Persistence;
using AdminConsole.Web.Auth;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminConsole.Web.Tests;

public partial class SignInTests
{
    [Fact]
    public void Production_WithoutAzureAd_RefusesToStartWithAClearMessage()
    {
        var settings = new Dictionary<string, string?>(ConsoleFactory.ProductionSettings)
        {
            ["AzureAd:Instance"] = null, ["AzureAd:TenantId"] = null, ["AzureAd:ClientId"] = null, ["AzureAd:ClientSecret"] = null,
        };

        var error = StartupSettingsTests.RefusedStart("Production", settings);

        var problem = Assert.Single(error.Problems);
        Assert.Contains("Entra ID sign-in is not configured for the Production environment", problem, StringComparison.Ordinal);
        Assert.Contains("AzureAd:ClientId", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Production_WithoutMail_RefusesToStart_SubscribersCouldNotBeNotified()
    {
        var settings = new Dictionary<string, string?>(ConsoleFactory.ProductionSettings) { ["Mail:Host"] = null, ["Mail:PublicUrl"] = null };

        var error = StartupSettingsTests.RefusedStart("Production", settings);

        Assert.Contains(error.Problems, p => p.StartsWith("Mail is not configured: set Mail:Host", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Production_HasNoDevelopmentSignIn()
    {
        await using var factory = await ConsoleFactory.StartAsync(environment: "Production", settings: ConsoleFactory.ProductionSettings);
        using var client = factory.CreateHttpsClient();

        using var page = await client.GetAsync(new Uri(AccountEndpoints.DevSignInPath, UriKind.Relative));
        using var post = await client.PostAsync(new Uri(AccountEndpoints.DevSignInPath, UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["persona"] = "admin" }));
        using var signIn = await client.GetAsync(new Uri(AccountEndpoints.SignInPath, UriKind.Relative));

        // No such route: like any unknown address, it sends an anonymous caller to sign in (with Entra ID).
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("https://localhost/account/sign-in", page.Headers.Location?.ToString(), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
        Assert.False(post.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(AuthenticationSetup.CookieName, StringComparison.Ordinal)));
        Assert.DoesNotContain(factory.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints,
            e => e.DisplayName?.Contains("dev-sign-in", StringComparison.Ordinal) == true);

        // Sign-in goes to Entra ID: authorization code with PKCE and a nonce.
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var location = signIn.Headers.Location!.ToString();
        Assert.StartsWith("https://login.microsoftonline.com/11111111-1111-1111-1111-111111111111/oauth2/v2.0/authorize?", location, StringComparison.Ordinal);
        Assert.Contains("response_type=code", location, StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", location, StringComparison.Ordinal);
        Assert.Contains("nonce=", location, StringComparison.Ordinal);
        Assert.Contains("scope=openid%20profile%20email", Uri.UnescapeDataString(location).Replace(" ", "%20", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionCookie_IsHostPrefixedSecureHttpOnlyLax()
    {
        await using var factory = await ConsoleFactory.StartAsync();
        using var client = factory.CreateHttpsClient();
        var page = await client.GetStringAsync(new Uri(AccountEndpoints.DevSignInPath, UriKind.Relative));
        var token = Token().Match(page);

        using var response = await client.PostAsync(new Uri(AccountEndpoints.DevSignInPath, UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [token.Groups["name"].Value] = WebUtility.HtmlDecode(token.Groups["value"].Value),
            ["persona"] = "officer",
        }));

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(AuthenticationSetup.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SignIn_RecordsTheUserTheSessionAndAnAuditEntry()
    {
        await using var factory = await ConsoleFactory.StartAsync();
        using var client = await factory.CreateClientAsAsync("auditor");

        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync();
        var user = await db.Users.SingleAsync();
        Assert.Equal(("Arthur Auditor", ConsoleRoles.Auditor), (user.DisplayName, user.Roles));
        Assert.Equal(1, await db.UserSessions.CountAsync(s => s.UserObjectId == user.ObjectId && s.EndedAt == null));
        var entry = await db.AuditEntries.SingleAsync();
        Assert.Equal(("user.signed-in", "Arthur Auditor", ConsoleRoles.Auditor), (entry.Action, entry.ActorName, entry.ActorRole));
    }

    [Fact]
    public async Task SignOut_EndsTheSession_SoTheOldCookieNoLongerWorks()
    {
        await using var factory = await ConsoleFactory.StartAsync();
        using var client = await factory.CreateClientAsAsync("admin");
        var dashboard = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        var token = Token().Match(dashboard);
        Assert.True(token.Success, "The dashboard's sign-out form has no antiforgery token.");
        var cookieHeader = await ConsoleFactory.CookieHeaderAsync(client);

        using var signOut = await client.PostAsync(new Uri(AccountEndpoints.SignOutPath, UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [token.Groups["name"].Value] = WebUtility.HtmlDecode(token.Groups["value"].Value),
        }));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(AccountEndpoints.SignedOutPath, signOut.Headers.Location?.ToString());

        // Replaying the cookie captured before sign-out: the session behind it has ended.
        using var replay = factory.CreateHttpsClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", cookieHeader);
        using var response = await replay.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(AccountEndpoints.SignInPath, response.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignOut_WithoutAntiforgeryToken_IsRefusedAndKeepsTheSession()
    {
        await using var factory = await ConsoleFactory.StartAsync();
        using var client = await factory.CreateClientAsAsync("admin");

        using var signOut = await client.PostAsync(new Uri(AccountEndpoints.SignOutPath, UriKind.Relative), new FormUrlEncodedContent([]));
        using var after = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task ReturnUrl_ToAnotherSite_IsIgnored()
    {
        Assert.Equal("/", AccountEndpoints.SafeReturnUrl("https://evil.example/"));
        Assert.Equal("/", AccountEndpoints.SafeReturnUrl("//evil.example/"));
        Assert.Equal("/", AccountEndpoints.SafeReturnUrl("/\\evil.example/"));
        Assert.Equal("/workspaces?plan=Free", AccountEndpoints.SafeReturnUrl("/workspaces?plan=Free"));
        await Task.CompletedTask;
    }

    [Theory]
    [InlineData("/\t/evil.example/")]
    [InlineData("/\n/evil.example/")]
    [InlineData("/workspaces\r\nSet-Cookie: planted=1")]
    [InlineData("/w\u00f6rkspaces")]
    [InlineData("/workspaces\\..\\evil")]
    [InlineData("/ /evil.example/")]
    public async Task SignIn_WithAReturnUrlThatIsNotATrueLocalPath_LandsOnTheDashboard(string returnUrl)
    {
        // The browser strips tabs and line breaks from a Location: "/\t/evil.example/" would become "//evil.example/".
        await using var factory = await ConsoleFactory.StartAsync();
        using var client = factory.CreateHttpsClient();
        var (name, value) = await ConsoleFactory.AntiforgeryFieldAsync(client, AccountEndpoints.DevSignInPath);

        using var response = await client.PostAsync(new Uri(AccountEndpoints.DevSignInPath, UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [name] = value,
            ["persona"] = "admin",
            ["returnUrl"] = returnUrl,
        }));
        using var start = await client.GetAsync(new Uri($"{AccountEndpoints.SignInPath}?returnUrl={Uri.EscapeDataString(returnUrl)}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        Assert.Equal($"{AccountEndpoints.DevSignInPath}?returnUrl=%2F", start.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SignIn_WithAReturnUrlWithControlCharacters_GoesHomeAfterEntraSignInToo()
    {
        await using var factory = await ConsoleFactory.StartAsync(environment: "Production", settings: ConsoleFactory.ProductionSettings);
        using var client = factory.CreateHttpsClient();

        using var challenge = await client.GetAsync(new Uri($"{AccountEndpoints.SignInPath}?returnUrl=%2F%09%2Fevil.example%2F", UriKind.Relative));

        // The target travels in the protected state; what comes back after sign-in is what was kept there.
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var state = Uri.UnescapeDataString(Regex.Match(challenge.Headers.Location!.Query, "[?&]state=([^&]+)").Groups[1].Value);
        var options = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions>>().Get(AuthenticationSetup.EntraIdScheme);
        Assert.Equal("/", options.StateDataFormat.Unprotect(state)?.RedirectUri);
    }

    [Theory]
    [InlineData("access_denied", "AADSTS65004: User declined to consent to access the app.", HttpStatusCode.Forbidden, "Sign-in was cancelled")]
    [InlineData("invalid_request", "AADSTS900144: The request body must contain the following parameter.", HttpStatusCode.BadRequest, "Sign-in did not complete")]
    public async Task SignIn_ThatTheProviderAnswersWithAnError_ShowsAClearPage_AndLogsAWarningWithoutStackTrace(string error, string description, HttpStatusCode expected, string heading)
    {
        await using var factory = await ConsoleFactory.StartAsync(environment: "Production", settings: ConsoleFactory.ProductionSettings);
        using var client = factory.CreateHttpsClient();
        using var challenge = await client.GetAsync(new Uri($"{AccountEndpoints.SignInPath}?returnUrl=%2Fworkspaces", UriKind.Relative));
        var state = Regex.Match(challenge.Headers.Location!.Query, "[?&]state=([^&]+)").Groups[1].Value;

        // What Entra ID sends back when the user cancels at its sign-in page (with this browser's correlation cookie).
        using var callback = await client.GetAsync(new Uri($"/signin-oidc?error={error}&error_description={Uri.EscapeDataString(description)}&state={state}", UriKind.Relative));

        Assert.Equal(expected, callback.StatusCode);
        Assert.Equal("text/html", callback.Content.Headers.ContentType?.MediaType);
        var page = await callback.Content.ReadAsStringAsync();
        Assert.Contains($"<h1>{heading}</h1>", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"{AccountEndpoints.SignInPath}\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain(factory.Logs.Entries, e => e.Exception is not null || e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
        Assert.Contains(factory.Logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.Contains("Sign-in failed", StringComparison.Ordinal));
        Assert.DoesNotContain(callback.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith(AuthenticationSetup.CookieName + "=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/workspaces?plan=Free&sort=name")]
    [InlineData("/workspaces/3fa85f64-5717-4562-b3fc-2c963f66afa6/trash#top")]
    public void ReturnUrl_ThatIsALocalPath_IsKept(string returnUrl) =>
        Assert.Equal(returnUrl, AccountEndpoints.SafeReturnUrl(returnUrl));

    [GeneratedRegex("name=\"(?<name>__RequestVerificationToken[^\"]*)\" value=\"(?<value>[^\"]+)\"")]
    private static partial Regex Token();
}
