using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AdminConsole.Web.Auth;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AdminConsole.Web.Tests;

public class TransportSecurityTests
{
    private static readonly Uri PlainHttp = new("http://localhost/");

    [Fact]
    public async Task AntiforgeryCookie_IsSecure()
    {
        await using var factory = await ConsoleFactory.StartAsync();
        using var client = factory.CreateHttpsClient();

        using var page = await client.GetAsync(new Uri(AccountEndpoints.DevSignInPath, UriKind.Relative));

        var cookie = Assert.Single(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", cookie, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The README's run command serves http://localhost: its sign-in form must work there (it answered 500).</summary>
    [Fact]
    public async Task Development_OverPlainHttpOnLocalhost_TheSignInFormWorks()
    {
        await using var factory = await ConsoleFactory.StartAsync();
        using var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost:5080"), AllowAutoRedirect = false });

        var (name, value) = await ConsoleFactory.AntiforgeryFieldAsync(client, AccountEndpoints.DevSignInPath);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { [name] = value, ["persona"] = "officer", ["returnUrl"] = "/" });
        using var signIn = await client.PostAsync(new Uri(AccountEndpoints.DevSignInPath, UriKind.Relative), form);

        Assert.Equal(System.Net.HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Contains(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-AdminConsole", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RedirectFromHttpToHttps_CarriesTheSecurityHeaders()
    {
        await using var factory = await ConsoleFactory.StartAsync(environment: "Production", settings: ConsoleFactory.ProductionSettings);
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = PlainHttp, AllowAutoRedirect = false });

        using var response = await client.GetAsync(new Uri("/trust", UriKind.Relative));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal("https://localhost/trust", response.Headers.Location?.ToString());
        Assert.Contains("frame-ancestors 'none'", string.Join(' ', response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.True(response.Headers.Contains("Referrer-Policy"));
        Assert.True(response.Headers.Contains("Permissions-Policy"));
    }

    [Theory]
    [InlineData("GET", "/api/v1/key")]
    [InlineData("POST", "/api/v1/workspaces/3fa85f64-5717-4562-b3fc-2c963f66afa6/prompt-logs")]
    [InlineData("GET", "/api/v1/openapi.json")]
    public async Task ProductApi_OverPlainHttp_IsRefused_NeverRedirected(string method, string path)
    {
        await using var factory = await ConsoleFactory.StartAsync(environment: "Production", settings: ConsoleFactory.ProductionSettings);
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = PlainHttp, AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "ack_abc.secret-that-just-crossed-the-network-in-clear");
        if (method == "POST")
            request.Content = new StringContent("""{"items":[]}""", System.Text.Encoding.UTF8, "application/json");

        using var response = await client.SendAsync(request);

        // A redirect would teach the client to send its key again; the key is already exposed and must be revoked.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("HTTPS is required.", problem.RootElement.GetProperty("title").GetString());
        Assert.True(response.Headers.Contains("X-Content-Type-Options"));
    }
}
