using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace AdminConsole.Web.Auth;

/// <summary>
/// Validates the id_token of a sign-in: RS256 signature by a key the provider publishes, issuer (the tenant's,
/// or for a multi-tenant app the issuer of the token's own tenant, which must be an allowed one), audience
/// (our client id), lifetime, and the nonce this browser was given. Anything else is refused with a
/// <see cref="SecurityTokenException"/>.
/// </summary>
/// <param name="instance">The sign-in host, e.g. https://login.microsoftonline.com/: a multi-tenant token's issuer is {instance}{tid}/v2.0.</param>
public sealed class IdTokenValidator(
    IConfigurationManager<OpenIdConnectConfiguration> metadata,
    string clientId,
    bool multiTenant,
    IReadOnlyCollection<string> allowedTenants,
    string instance)
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    public async Task<ClaimsIdentity> ValidateAsync(string idToken, string? expectedNonce, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(expectedNonce))
            throw new SecurityTokenException("The sign-in carried no nonce to check the id_token against.");

        var configuration = await metadata.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
        var parameters = new TokenValidationParameters
        {
            ValidAudience = clientId,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = ClockSkew,
            NameClaimType = "name",
            RoleClaimType = "roles",
        };
        if (multiTenant)
            parameters.IssuerValidator = ValidateTenantIssuer;
        else
            parameters.ValidIssuer = configuration.Issuer;

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(idToken, parameters).ConfigureAwait(false);
        if (!result.IsValid)
            throw new SecurityTokenException($"The id_token was refused: {result.Exception?.GetType().Name}.", result.Exception);

        var identity = result.ClaimsIdentity;
        var nonce = identity.FindFirst("nonce")?.Value ?? string.Empty;
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(nonce), Encoding.UTF8.GetBytes(expectedNonce)))
            throw new SecurityTokenException("The id_token's nonce does not match this sign-in.");

        return identity;
    }

    /// <summary>Multi-tenant: the issuer must be the token's own tenant's, and that tenant an allowed one.</summary>
    private string ValidateTenantIssuer(string issuer, SecurityToken token, TokenValidationParameters parameters)
    {
        var tenant = (token as JsonWebToken)?.TryGetPayloadValue<string>("tid", out var tid) == true ? tid : null;
        if (!Guid.TryParse(tenant, out _))
            throw new SecurityTokenInvalidIssuerException("The id_token names no tenant.");
        var expected = $"{instance.TrimEnd('/')}/{tenant}/v2.0";
        if (!string.Equals(issuer, expected, StringComparison.Ordinal))
            throw new SecurityTokenInvalidIssuerException("The id_token's issuer is not its tenant's.");
        if (allowedTenants.Count > 0 && !allowedTenants.Contains(tenant, StringComparer.OrdinalIgnoreCase))
            throw new SecurityTokenInvalidIssuerException("The user's tenant is not allowed to sign in to this console.");
        return issuer;
    }
}
