using System.Net;
using System.Text;
using AdminConsole.Web.Auth;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Tokens;

namespace AdminConsole.Web.Tests;

/// <summary>
/// Sign-in through Microsoft.Identity.Web as the console configures it, against the tokens an attacker would try: the
/// console's real callback gets each forged id_token from the token endpoint (see <see cref="EntraIdStub"/>) and must
/// refuse it with the sign-in failure page and no session. A genuine token signs in (so each refusal is the forgery's).
/// </summary>
public sealed class EntraIdTokenAttackTests
{
    private static readonly Dictionary<string, Func<EntraIdStub, string, string>> Forgeries = new()
    {
        ["tampered payload"] = (stub, nonce) =>
        {
            var parts = stub.Token(nonce).Split('.');
            var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("Compliance.Officer", "Console.Admin", StringComparison.Ordinal);
            return $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
        },
        ["alg none"] = (stub, nonce) => $"{Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""")}.{stub.Token(nonce).Split('.')[1]}.",
        ["signed with the client secret (HS256)"] = (stub, nonce) => stub.Token(nonce, change: d =>
            d.SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes("not-a-real-secret-but-long-enough-for-hs256")), SecurityAlgorithms.HmacSha256)),
        ["signed by another key"] = (stub, nonce) =>
        {
            using var other = System.Security.Cryptography.RSA.Create(2048);
            return stub.Token(nonce, change: d => d.SigningCredentials = new SigningCredentials(new RsaSecurityKey(other) { KeyId = "stub-key-1" }, SecurityAlgorithms.RsaSha256));
        },
        ["wrong audience"] = (stub, nonce) => stub.Token(nonce, change: d => d.Audience = "another-app"),
        ["wrong issuer"] = (stub, nonce) => stub.Token(nonce, change: d => d.Issuer = "https://evil.example/v2.0"),
        ["expired"] = (stub, nonce) => stub.Token(nonce, change: d =>
        {
            d.IssuedAt = DateTime.UtcNow.AddHours(-2);
            d.NotBefore = DateTime.UtcNow.AddHours(-2);
            d.Expires = DateTime.UtcNow.AddMinutes(-10);
        }),
        ["nonce of another sign-in"] = (stub, nonce) => stub.Token("n-" + Guid.NewGuid().ToString("N")),
        ["another tenant's token"] = (stub, nonce) => stub.Token(nonce, EntraIdStub.OtherTenant),
    };

    public static TheoryData<string> Attacks() => [.. Forgeries.Keys];

    [Fact]
    public async Task AGenuineToken_SignsIn_WithPkceNonceAndTheTokensRoles()
    {
        await using var factory = await StartAsync();
        using var client = factory.CreateHttpsClient();

        var (response, authorize) = await SignInAsync(factory, client, (stub, nonce) => stub.Token(nonce));

        var query = QueryHelpers.ParseQuery(authorize.Query);
        Assert.Equal(("code", "S256"), (query["response_type"].ToString(), query["code_challenge_method"].ToString()));
        Assert.False(string.IsNullOrEmpty(query["nonce"]));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, string.Join("\n", factory.Logs.Entries.Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning).Select(e => e.Message + " " + e.Exception)));
        Assert.Equal("/workspaces", response.Headers.Location?.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(AuthenticationSetup.CookieName + "=", StringComparison.Ordinal));
        Assert.Equal(1, factory.EntraId!.TokenRequests);
        var page = await client.GetStringAsync(new Uri("/workspaces", UriKind.Relative));
        Assert.Contains("Ada Lovelace", page, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task AForgedToken_IsRefused_AndNoSessionStarts(string attack)
    {
        await using var factory = await StartAsync();
        using var client = factory.CreateHttpsClient();

        var (response, _) = await SignInAsync(factory, client, Forgeries[attack]);

        await AssertRefusedAsync(response);
    }

    [Fact]
    public async Task ACallbackReplayed_IsRefused()
    {
        await using var factory = await StartAsync();
        using var client = factory.CreateHttpsClient();
        string? nonce = null;
        var (first, authorize) = await SignInAsync(factory, client, (stub, n) => stub.Token(nonce = n));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        // The same answer again, from the same browser (its nonce and correlation cookies are spent) and from another.
        var state = QueryHelpers.ParseQuery(authorize.Query)["state"].ToString();
        using var again = await client.PostAsync(new Uri("/signin-oidc", UriKind.Relative), Callback(nonce!, state));
        using var elsewhere = factory.CreateHttpsClient();
        using var stolen = await elsewhere.PostAsync(new Uri("/signin-oidc", UriKind.Relative), Callback(nonce!, state));

        await AssertRefusedAsync(again);
        await AssertRefusedAsync(stolen);
        Assert.Equal(1, factory.EntraId!.TokenRequests);
    }

    [Theory]
    [InlineData(EntraIdStub.Tenant, EntraIdStub.Tenant, true)]
    [InlineData(EntraIdStub.OtherTenant, EntraIdStub.OtherTenant, false)]
    [InlineData(EntraIdStub.OtherTenant, EntraIdStub.Tenant, false)]
    public async Task MultiTenant_OnlyAllowedTenantsSignIn_WithTheirOwnIssuer(string tenant, string issuerTenant, bool allowed)
    {
        await using var factory = await StartAsync(new Dictionary<string, string?>
        {
            ["AzureAd:TenantId"] = "organizations",
            ["AzureAd:AllowedTenants:0"] = EntraIdStub.Tenant,
        });
        using var client = factory.CreateHttpsClient();

        var (response, _) = await SignInAsync(factory, client, (stub, nonce) => stub.Token(nonce, tenant, d => d.Issuer = EntraIdStub.Issuer(issuerTenant)));

        if (allowed)
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        else
            await AssertRefusedAsync(response);
    }

    private static async Task<ConsoleFactory> StartAsync(Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>(ConsoleFactory.ProductionSettings);
        foreach (var (key, value) in extra ?? [])
            settings[key] = value;
        return await ConsoleFactory.StartAsync(environment: "Production", settings: settings);
    }

    /// <summary>
    /// Starts a sign-in, then answers the console's callback as Entra ID would (the authorization code is the sign-in's
    /// nonce, which the stub's token endpoint hands to <paramref name="token"/>).
    /// </summary>
    private static async Task<(HttpResponseMessage Response, Uri Authorize)> SignInAsync(ConsoleFactory factory, HttpClient client, Func<EntraIdStub, string, string> token)
    {
        using var challenge = await client.GetAsync(new Uri($"{AccountEndpoints.SignInPath}?returnUrl=%2Fworkspaces", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.StartsWith($"{EntraIdStub.Instance}", authorize.ToString(), StringComparison.Ordinal);
        var stub = factory.EntraId!;
        stub.SawAuthorizationRequest(authorize);
        stub.IdToken = nonce => token(stub, nonce);
        var query = QueryHelpers.ParseQuery(authorize.Query);
        Assert.Equal("form_post", query["response_mode"].ToString());
        var response = await client.PostAsync(new Uri("/signin-oidc", UriKind.Relative), Callback(query["nonce"].ToString(), query["state"].ToString()));
        return (response, authorize);
    }

    private static FormUrlEncodedContent Callback(string code, string state) =>
        new(new Dictionary<string, string> { ["code"] = code, ["state"] = state });

    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        var page = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {page}");
        Assert.Contains("<h1>Sign-in did not complete</h1>", page, StringComparison.Ordinal);
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith(AuthenticationSetup.CookieName + "=", StringComparison.Ordinal));
    }
}
