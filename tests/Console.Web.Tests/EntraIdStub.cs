using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AdminConsole.Web.Tests;

/// <summary>
/// Entra ID's endpoints as the console's back channel reaches them (metadata, signing keys, token endpoint), in the
/// test process: the console's own sign-in (Microsoft.Identity.Web on ASP.NET's OpenID Connect handler) runs unchanged
/// against it, while a test decides what id_token the token endpoint hands out — a real provider never issues the
/// forged ones the attack tests need. The token endpoint checks PKCE: the code verifier must match the challenge of the
/// authorization request. The browser-facing flow against a real provider is in the E2E tests.
/// </summary>
public sealed class EntraIdStub : HttpMessageHandler
{
    public const string Instance = "https://login.microsoftonline.com/";
    public const string Tenant = "11111111-1111-1111-1111-111111111111";
    public const string OtherTenant = "33333333-3333-3333-3333-333333333333";
    public const string ClientId = "22222222-2222-2222-2222-222222222222";

    private static readonly string[] ResponseTypes = ["code", "id_token", "code id_token"];
    private static readonly string[] Algorithms = ["RS256"];

    private readonly RSA _key = RSA.Create(2048);
    private string? _codeChallenge;

    public EntraIdStub(string tenantPath = Tenant) => TenantPath = tenantPath;

    /// <summary>The tenant segment of the authority (a tenant id, or <c>organizations</c>).</summary>
    public string TenantPath { get; }

    public RsaSecurityKey SigningKey => new(_key) { KeyId = "stub-key-1" };

    /// <summary>What the token endpoint answers with, given the nonce of the sign-in in progress.</summary>
    public Func<string, string> IdToken { get; set; } = nonce => throw new InvalidOperationException("No id_token set.");

    public int TokenRequests { get; private set; }

    /// <summary>Sends the console's back channel (and Identity.Web's issuer validation) here instead of to Entra ID.</summary>
    public void Use(IServiceCollection services) =>
        services.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, o => o.BackchannelHttpHandler = this);

    /// <summary>Remembers the PKCE challenge of the authorization request the console sent the browser to.</summary>
    public void SawAuthorizationRequest(Uri authorize) =>
        _codeChallenge = QueryHelpers.ParseQuery(authorize.Query).TryGetValue("code_challenge", out var c) ? c.ToString() : null;

    public static string Issuer(string tenant) => $"{Instance}{tenant}/v2.0";

    /// <summary>A token as Entra ID would issue it for Ada in <paramref name="tenant"/>, signed with the stub's key; <paramref name="change"/> forges it.</summary>
    public string Token(string nonce, string tenant = Tenant, Action<SecurityTokenDescriptor>? change = null)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer(tenant),
            Audience = ClientId,
            IssuedAt = DateTime.UtcNow,
            NotBefore = DateTime.UtcNow,
            Expires = DateTime.UtcNow.AddMinutes(30),
            Subject = new ClaimsIdentity(
            [
                new Claim("sub", "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ"),
                new Claim("oid", "7c9e6679-7425-40de-944b-e07fc1f90ae7"),
                new Claim("tid", tenant),
                new Claim("name", "Ada Lovelace"),
                new Claim("email", "ada@contoso.example"),
                new Claim("roles", "Compliance.Officer"),
                new Claim("nonce", nonce),
                new Claim("ver", "2.0"),
            ]),
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.RsaSha256),
        };
        change?.Invoke(descriptor);
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var authority = $"{Instance}{TenantPath}";
        if (path.EndsWith("/.well-known/openid-configuration", StringComparison.Ordinal))
        {
            return Json(new Dictionary<string, object>
            {
                ["issuer"] = TenantPath is "organizations" or "common" ? Issuer("{tenantid}") : Issuer(TenantPath),
                ["authorization_endpoint"] = $"{authority}/oauth2/v2.0/authorize",
                ["token_endpoint"] = $"{authority}/oauth2/v2.0/token",
                ["end_session_endpoint"] = $"{authority}/oauth2/v2.0/logout",
                ["jwks_uri"] = $"{authority}/discovery/v2.0/keys",
                ["response_types_supported"] = ResponseTypes,
                ["id_token_signing_alg_values_supported"] = Algorithms,
            });
        }

        if (path.EndsWith("/discovery/v2.0/keys", StringComparison.Ordinal))
        {
            var parameters = _key.ExportParameters(false);
            return Json(new Dictionary<string, object>
            {
                ["keys"] = new[] { new Dictionary<string, string> { ["kty"] = "RSA", ["use"] = "sig", ["kid"] = "stub-key-1", ["n"] = Base64UrlEncoder.Encode(parameters.Modulus), ["e"] = Base64UrlEncoder.Encode(parameters.Exponent) } },
            });
        }

        if (path.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal) && request.Method == HttpMethod.Post)
        {
            TokenRequests++;
            var form = QueryHelpers.ParseQuery(await request.Content!.ReadAsStringAsync(cancellationToken));
            var verifier = form.TryGetValue("code_verifier", out var v) ? v.ToString() : string.Empty;
            var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
            if (_codeChallenge is null || challenge != _codeChallenge || form["client_id"] != ClientId || form["client_secret"] != "not-a-real-secret")
                return Json(new Dictionary<string, object> { ["error"] = "invalid_grant" }, HttpStatusCode.BadRequest);
            var nonce = form.TryGetValue("code", out var code) ? code.ToString() : string.Empty;
            return Json(new Dictionary<string, object> { ["id_token"] = IdToken(nonce), ["access_token"] = "unused", ["token_type"] = "Bearer", ["expires_in"] = 3600 });
        }

        return new HttpResponseMessage(HttpStatusCode.NotFound);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _key.Dispose();
        base.Dispose(disposing);
    }

    private static HttpResponseMessage Json(object body, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json") };
}
