using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace AdminConsole.Web.Auth;

/// <summary>
/// The provider's end-session URL for RP-initiated sign-out, or null with the development sign-in. It names the
/// client (<c>client_id</c>) instead of sending an id_token_hint, which would have to be kept in the cookie; the
/// provider ends the browser's session with it and returns to the registered post-logout address.
/// </summary>
public sealed class EntraIdSignOut(IConfigurationManager<OpenIdConnectConfiguration>? metadata, AzureAdOptions options)
{
    public async Task<string?> BuildUrlAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (metadata is null)
            return null;
        var configuration = await metadata.GetConfigurationAsync(context.RequestAborted).ConfigureAwait(false);
        if (string.IsNullOrEmpty(configuration.EndSessionEndpoint))
            return null;
        var callback = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{options.SignedOutCallbackPath}";
        var query = new Dictionary<string, string?> { ["post_logout_redirect_uri"] = callback, ["client_id"] = options.ClientId };
        return QueryHelpers.AddQueryString(configuration.EndSessionEndpoint, query);
    }
}
