using System.Net;
using System.Security.Claims;
using System.Text;
using AdminConsole.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace AdminConsole.Web.Auth;

/// <summary>Sign-in, sign-out and, in Development only, the persona picker.</summary>
internal static class AccountEndpoints
{
    public const string SignInPath = "/account/sign-in";
    public const string SignOutPath = "/account/sign-out";
    public const string SignedOutPath = "/account/signed-out";
    public const string DevSignInPath = "/account/dev-sign-in";

    public static void MapAccountEndpoints(this IEndpointRouteBuilder endpoints, bool developmentSignIn)
    {
        var account = endpoints.MapGroup(string.Empty).AllowAnonymous().ExcludeFromDescription();

        account.MapGet(SignInPath, (HttpContext context, string? returnUrl) =>
        {
            var target = SafeReturnUrl(returnUrl);
            return developmentSignIn
                ? Results.Redirect($"{DevSignInPath}?returnUrl={Uri.EscapeDataString(target)}")
                : Results.Challenge(new AuthenticationProperties { RedirectUri = target }, [AuthenticationSetup.EntraIdScheme]);
        });

        account.MapPost(SignOutPath, SignOutAsync);

        if (developmentSignIn)
        {
            account.MapGet(DevSignInPath, (HttpContext context, IAntiforgery antiforgery, string? returnUrl) =>
                Results.Content(DevSignInPage(antiforgery.GetAndStoreTokens(context), SafeReturnUrl(returnUrl)), "text/html; charset=utf-8"));
            account.MapPost(DevSignInPath, DevSignInAsync);
        }
    }

    /// <summary>
    /// Only a local path: an open redirect would let a link sign people in and send them elsewhere. Browsers drop
    /// tabs and line breaks from a Location and read a backslash as a slash ("/\t/evil.example" is "//evil.example"),
    /// and a control or non-ASCII character cannot go into a header at all: anything but printable ASCII goes home.
    /// </summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl[0] == '/' && (returnUrl.Length == 1 || returnUrl[1] != '/')
            && returnUrl.All(c => c is > ' ' and < '\u007f' and not '\\')
            ? returnUrl
            : "/";

    private static async Task<IResult> DevSignInAsync(HttpContext context, [FromForm] string persona, [FromForm] string? returnUrl)
    {
        var chosen = DevelopmentPersonas.Find(persona);
        if (chosen is null)
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown persona.", detail: $"Choose one of: {string.Join(", ", DevelopmentPersonas.All.Select(p => p.Key))}.");

        var identity = new ClaimsIdentity("Development");
        identity.AddClaim(new Claim("oid", chosen.ObjectId.ToString()));
        identity.AddClaim(new Claim("tid", DevelopmentPersonas.TenantId.ToString()));
        identity.AddClaim(new Claim("name", chosen.Name));
        identity.AddClaim(new Claim("email", chosen.Email));
        if (chosen.Role is not null)
            identity.AddClaim(new Claim("roles", chosen.Role));
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity)).ConfigureAwait(false);
        return Results.LocalRedirect(SafeReturnUrl(returnUrl));
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, SessionStore sessions, SignInMode mode, IAntiforgery antiforgery)
    {
        // A cross-site form must not be able to sign people out: the sign-out form carries an antiforgery token.
        if (!await antiforgery.IsRequestValidAsync(context).ConfigureAwait(false))
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The sign-out request is not valid.", detail: "Sign out with the button in the console.");

        var user = context.User;
        await sessions.EndAsync(user, context.Connection.RemoteIpAddress?.ToString(), context.RequestAborted).ConfigureAwait(false);
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);

        // Ends the session at the identity provider too, so the next sign-in asks for credentials again; the provider
        // comes back to the signed-out page.
        return mode.Development
            ? Results.Redirect(SignedOutPath)
            : Results.SignOut(new AuthenticationProperties { RedirectUri = SignedOutPath }, [AuthenticationSetup.EntraIdScheme]);
    }

    private static string DevSignInPage(AntiforgeryTokenSet tokens, string returnUrl)
    {
        var html = new StringBuilder();
        html.Append("""
            <h1>Development sign-in</h1>
            <p>This page exists only in the Development environment, when no Entra ID tenant is configured. Choose who to be:</p>
            <ul class="persona-list">
            """);
        foreach (var persona in DevelopmentPersonas.All)
        {
            html.Append("<li><form method=\"post\" action=\"").Append(DevSignInPath).Append("\">")
                .Append("<input type=\"hidden\" name=\"").Append(WebUtility.HtmlEncode(tokens.FormFieldName)).Append("\" value=\"").Append(WebUtility.HtmlEncode(tokens.RequestToken)).Append("\">")
                .Append("<input type=\"hidden\" name=\"persona\" value=\"").Append(persona.Key).Append("\">")
                .Append("<input type=\"hidden\" name=\"returnUrl\" value=\"").Append(WebUtility.HtmlEncode(returnUrl)).Append("\">")
                .Append("<button type=\"submit\">Sign in as ").Append(WebUtility.HtmlEncode(persona.Name)).Append("</button> ")
                .Append("<span class=\"persona-role\">").Append(WebUtility.HtmlEncode(persona.Role ?? "no console role")).Append("</span>")
                .Append("<p>").Append(WebUtility.HtmlEncode(persona.Description)).Append("</p></form></li>");
        }

        html.Append("</ul>");
        return PlainHtml.Page("Development sign-in · AdminConsole", html.ToString());
    }
}
