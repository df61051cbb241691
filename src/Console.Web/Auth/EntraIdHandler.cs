using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace AdminConsole.Web.Auth;

public sealed class EntraIdOptions : OAuthOptions
{
    public IdTokenValidator? TokenValidator { get; set; }

    /// <summary>The provider's end-session endpoint, for signing out there too.</summary>
    public string? EndSessionEndpoint { get; set; }
}

/// <summary>
/// OpenID Connect sign-in on the framework's OAuth handler (authorization code + PKCE): it adds a nonce to
/// the request, bound to this browser through the protected state, and builds the user from the validated
/// id_token rather than from a user-info call.
/// </summary>
public sealed class EntraIdHandler(IOptionsMonitor<EntraIdOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : OAuthHandler<EntraIdOptions>(options, logger, encoder)
{
    public const string SchemeName = "EntraId";
    public const string NonceKey = "oidc.nonce";

    private static readonly string[] CopiedClaims = ["oid", "tid", "name", "preferred_username", "email", "roles"];

    protected override string BuildChallengeUrl(AuthenticationProperties properties, string redirectUri)
    {
        ArgumentNullException.ThrowIfNull(properties);

        // Set before the base class protects the properties into the state parameter.
        var nonce = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        properties.Items[NonceKey] = nonce;
        return QueryHelpers.AddQueryString(base.BuildChallengeUrl(properties, redirectUri), "nonce", nonce);
    }

    protected override async Task<AuthenticationTicket> CreateTicketAsync(ClaimsIdentity identity, AuthenticationProperties properties, OAuthTokenResponse tokens)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(properties);
        ArgumentNullException.ThrowIfNull(tokens);
        var idToken = tokens.Response?.RootElement.TryGetProperty("id_token", out var value) == true ? value.GetString() : null;
        if (string.IsNullOrEmpty(idToken))
            throw new SecurityTokenException("The token response carried no id_token.");

        properties.Items.TryGetValue(NonceKey, out var nonce);
        properties.Items.Remove(NonceKey);
        var validator = Options.TokenValidator ?? throw new InvalidOperationException("EntraIdOptions.TokenValidator is not set.");
        var validated = await validator.ValidateAsync(idToken, nonce, Context.RequestAborted).ConfigureAwait(false);

        foreach (var claim in validated.Claims.Where(c => CopiedClaims.Contains(c.Type, StringComparer.Ordinal)))
            identity.AddClaim(new Claim(claim.Type, claim.Value, claim.ValueType, claim.Issuer));

        // The id_token is not kept: in the cookie it would double its size on every request, and the provider's
        // sign-out needs only our client id (see EntraIdSignOut).
        return new AuthenticationTicket(new ClaimsPrincipal(identity), properties, Scheme.Name);
    }
}
