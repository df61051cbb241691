namespace AdminConsole.Web.Infrastructure;

/// <summary>
/// Headers every response carries. The content security policy allows what Blazor Server and MudBlazor need
/// and nothing more: scripts only from this origin (no inline script, no eval), the circuit's WebSocket to
/// this origin, and inline style attributes, which MudBlazor components and the theme provider set. Forms may post only here, and to
/// the identity provider: the sign-out form's redirect to the provider's end-session endpoint counts as a
/// form action.
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next, AdminConsole.Web.Auth.AzureAdOptions azureAd)
{
    private readonly string _contentSecurityPolicy = Build(azureAd);

    public static string Build(AdminConsole.Web.Auth.AzureAdOptions azureAd)
    {
        ArgumentNullException.ThrowIfNull(azureAd);
        var provider = azureAd.IsConfigured && Uri.TryCreate(azureAd.Instance, UriKind.Absolute, out var instance)
            ? " " + instance.GetLeftPart(UriPartial.Authority)
            : string.Empty;
        return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
            "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; " +
            $"form-action 'self'{provider}; frame-ancestors 'none'";
    }

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = _contentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    }
}
