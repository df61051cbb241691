using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using AdminConsole.Web.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using IdTokenValidator = AdminConsole.Web.Auth.IdTokenValidator;

namespace AdminConsole.Web.Tests;

public sealed class IdTokenValidatorTests : IDisposable
{
    private const string Instance = "https://login.example/";
    private const string Tenant = "11111111-1111-1111-1111-111111111111";
    private const string OtherTenant = "33333333-3333-3333-3333-333333333333";
    private const string Issuer = Instance + Tenant + "/v2.0";
    private const string ClientId = "22222222-2222-2222-2222-222222222222";
    private const string Nonce = "n-0S6_WzA2Mj";

    private readonly RSA _providerKey = RSA.Create(2048);
    private readonly RsaSecurityKey _signingKey;
    private readonly IdTokenValidator _validator;

    public IdTokenValidatorTests()
    {
        _signingKey = new RsaSecurityKey(_providerKey) { KeyId = "key-1" };
        var configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
        configuration.SigningKeys.Add(_signingKey);
        _validator = new IdTokenValidator(new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration), ClientId, multiTenant: false, [], Instance);
    }

    public void Dispose() => _providerKey.Dispose();

    [Fact]
    public async Task ValidToken_GivesTheUsersClaims()
    {
        var identity = await _validator.ValidateAsync(Token(), Nonce, CancellationToken.None);

        Assert.Equal("7c9e6679-7425-40de-944b-e07fc1f90ae7", identity.FindFirst("oid")?.Value);
        Assert.Equal("Ada Lovelace", identity.Name);
        Assert.Contains(identity.FindAll("roles"), c => c.Value == "Compliance.Officer");
    }

    [Fact]
    public async Task TamperedPayload_IsRefused()
    {
        var parts = Token().Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("Compliance.Officer", "Console.Admin", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";

        await AssertRefusedAsync(tampered);
    }

    [Fact]
    public async Task ExpiredToken_IsRefused() =>
        await AssertRefusedAsync(Token(d =>
        {
            d.IssuedAt = DateTime.UtcNow.AddHours(-2);
            d.NotBefore = DateTime.UtcNow.AddHours(-2);
            d.Expires = DateTime.UtcNow.AddMinutes(-10);
        }));

    [Fact]
    public async Task WrongAudience_IsRefused() => await AssertRefusedAsync(Token(d => d.Audience = "another-app"));

    [Fact]
    public async Task WrongIssuer_IsRefused() => await AssertRefusedAsync(Token(d => d.Issuer = "https://evil.example/v2.0"));

    [Fact]
    public async Task UnsignedAlgNoneToken_IsRefused()
    {
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var payload = Token().Split('.')[1];

        await AssertRefusedAsync($"{header}.{payload}.");
    }

    [Fact]
    public async Task TokenSignedWithTheClientSecret_IsRefused()
    {
        // Algorithm confusion: HS256 with a key the attacker knows must never pass for the provider's RS256.
        var secret = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("a-client-secret-that-is-long-enough-for-hs256"));
        await AssertRefusedAsync(Token(d => d.SigningCredentials = new SigningCredentials(secret, SecurityAlgorithms.HmacSha256)));
    }

    [Fact]
    public async Task TokenSignedByAnotherKey_IsRefused()
    {
        using var other = RSA.Create(2048);
        await AssertRefusedAsync(Token(d => d.SigningCredentials = new SigningCredentials(new RsaSecurityKey(other) { KeyId = "key-1" }, SecurityAlgorithms.RsaSha256)));
    }

    [Fact]
    public async Task NonceMismatch_IsRefused()
    {
        var error = await Assert.ThrowsAsync<SecurityTokenException>(() => _validator.ValidateAsync(Token(), "another-nonce", CancellationToken.None));
        Assert.Contains("nonce", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingNonceInTheSignIn_IsRefused() =>
        await Assert.ThrowsAsync<SecurityTokenException>(() => _validator.ValidateAsync(Token(), null, CancellationToken.None));

    [Fact]
    public async Task MultiTenant_AllowedTenant_IsAccepted()
    {
        var identity = await MultiTenant([Tenant]).ValidateAsync(Token(), Nonce, CancellationToken.None);

        Assert.Equal(Tenant, identity.FindFirst("tid")?.Value);
    }

    [Fact]
    public async Task MultiTenant_TenantNotAllowed_IsRefused() =>
        await Assert.ThrowsAsync<SecurityTokenException>(() => MultiTenant([OtherTenant]).ValidateAsync(Token(), Nonce, CancellationToken.None));

    [Fact]
    public async Task MultiTenant_IssuerOfAnotherTenantThanTheTokensTid_IsRefused() =>
        await Assert.ThrowsAsync<SecurityTokenException>(() => MultiTenant([]).ValidateAsync(Token(d => d.Issuer = Instance + OtherTenant + "/v2.0"), Nonce, CancellationToken.None));

    private IdTokenValidator MultiTenant(string[] allowed)
    {
        var configuration = new OpenIdConnectConfiguration { Issuer = Instance + "{tenantid}/v2.0" };
        configuration.SigningKeys.Add(_signingKey);
        return new IdTokenValidator(new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration), ClientId, multiTenant: true, allowed, Instance);
    }

    private async Task AssertRefusedAsync(string token) =>
        await Assert.ThrowsAsync<SecurityTokenException>(() => _validator.ValidateAsync(token, Nonce, CancellationToken.None));

    private string Token(Action<SecurityTokenDescriptor>? change = null)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = ClientId,
            IssuedAt = DateTime.UtcNow,
            NotBefore = DateTime.UtcNow,
            Expires = DateTime.UtcNow.AddMinutes(30),
            Subject = new ClaimsIdentity(
            [
                new Claim("oid", "7c9e6679-7425-40de-944b-e07fc1f90ae7"),
                new Claim("tid", "11111111-1111-1111-1111-111111111111"),
                new Claim("name", "Ada Lovelace"),
                new Claim("roles", "Compliance.Officer"),
                new Claim("nonce", Nonce),
            ]),
            SigningCredentials = new SigningCredentials(_signingKey, SecurityAlgorithms.RsaSha256),
        };
        change?.Invoke(descriptor);
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
