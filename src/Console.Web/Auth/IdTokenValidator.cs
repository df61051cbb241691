using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Microsoft.IdentityModel.Validators;

namespace AdminConsole.Web.Auth;

/// <summary>
/// Validates the id_token of a sign-in: RS256 signature by a key the provider publishes, issuer (the tenant's,
/// or any allowed tenant's for a multi-tenant app), audience (our client id), lifetime, and the nonce this
/// browser was given. Anything else is refused with a <see cref="SecurityTokenException"/>.
/// </summary>
public sealed class IdTokenValidator(
    IConfigurationManager<OpenIdConnectConfiguration> metadata,
    string clientId,
    bool multiTenant,
    IReadOnlyCollection<string> allowedTenants,
    string authority)
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
            parameters.IssuerValidator = AadIssuerValidator.GetAadIssuerValidator(authority).Validate;
        else
            parameters.ValidIssuer = configuration.Issuer;

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(idToken, parameters).ConfigureAwait(false);
        if (!result.IsValid)
            throw new SecurityTokenException($"The id_token was refused: {result.Exception?.GetType().Name}.", result.Exception);

        var identity = result.ClaimsIdentity;
        var nonce = identity.FindFirst("nonce")?.Value ?? string.Empty;
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(nonce), Encoding.UTF8.GetBytes(expectedNonce)))
            throw new SecurityTokenException("The id_token's nonce does not match this sign-in.");

        if (multiTenant && allowedTenants.Count > 0)
        {
            var tenant = identity.FindFirst("tid")?.Value;
            if (tenant is null || !allowedTenants.Contains(tenant, StringComparer.OrdinalIgnoreCase))
                throw new SecurityTokenException("The user's tenant is not allowed to sign in to this console.");
        }

        return identity;
    }
}
