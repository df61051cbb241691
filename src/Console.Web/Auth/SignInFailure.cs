using System.Net;
using AdminConsole.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;

namespace AdminConsole.Web.Auth;

/// <summary>
/// A sign-in that comes back from the identity provider without a user — cancelled there, a code it no longer
/// accepts, a state or id_token we refuse — is the visitor's problem to retry, not a server error: a page that
/// says so, a 4xx, and one warning line (the provider's error code, never a token or a code).
/// </summary>
internal static partial class SignInFailure
{
    public static Task CancelledAsync(AccessDeniedContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Log(context.HttpContext, "access_denied (the user cancelled, or the provider refused)");
        context.HandleResponse();
        return WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Sign-in was cancelled",
            "The sign-in was cancelled at the identity provider, so you are not signed in.");
    }

    public static Task FailedAsync(RemoteFailureContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var failure = context.Failure;
        var reason = failure?.Data["error"] is string { Length: > 0 } error ? error : failure?.Message ?? "unknown";
        Log(context.HttpContext, reason);
        context.HandleResponse();
        return WriteAsync(context.HttpContext, StatusCodes.Status400BadRequest, "Sign-in did not complete",
            "The identity provider's answer could not be used (the sign-in may have taken too long, or been opened twice), so you are not signed in.");
    }

    private static void Log(HttpContext context, string reason) =>
        LogFailed(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SignInFailure).FullName!), reason);

    private static Task WriteAsync(HttpContext context, int status, string title, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = $"<h1>{WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(text)}</p>" +
            $"<p><a href=\"{AccountEndpoints.SignInPath}\">Sign in again</a></p>";
        return context.Response.WriteAsync(PlainHtml.Page(title + " · AdminConsole", body), context.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in failed at the identity provider: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
