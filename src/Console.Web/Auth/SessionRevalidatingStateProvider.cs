using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace AdminConsole.Web.Auth;

/// <summary>
/// Open Blazor circuits re-check their session every <see cref="SessionOptions.RevalidationInterval"/>: once the
/// user signs out (in any tab) or the session expires, the circuit turns anonymous and the page sends the
/// browser to sign in again.
/// </summary>
internal sealed class SessionRevalidatingStateProvider(ILoggerFactory loggerFactory, IServiceScopeFactory scopes, SessionOptions options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => options.RevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sessions = scope.ServiceProvider.GetRequiredService<SessionStore>();
        return await sessions.IsActiveAsync(authenticationState.User.GetSessionId(), cancellationToken).ConfigureAwait(false);
    }
}

internal static class PrincipalExtensions
{
    public static bool IsSignedIn(this ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true;
}
