using Microsoft.AspNetCore.Components.Authorization;

namespace AdminConsole.Web.Security;

/// <summary>
/// The current user inside a Blazor circuit. The source IP is captured from the HTTP request that started the
/// circuit (there is no HttpContext afterwards) and kept for the audit log.
/// </summary>
public sealed class UserContext(AuthenticationStateProvider authentication)
{
    public string? SourceIp { get; set; }

    public async Task<CurrentUser> GetAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync().ConfigureAwait(false);
        return CurrentUsers.From(state.User, SourceIp) ?? throw new UnauthorizedAccessException("No signed-in user.");
    }
}
