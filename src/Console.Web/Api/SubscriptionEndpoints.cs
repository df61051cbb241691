using System.Net;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Jobs.Notices;
using AdminConsole.Jobs.Subscriptions;
using AdminConsole.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;

namespace AdminConsole.Web.Api;

/// <summary>
/// Unsubscribing: the link in every notice shows a button (GET), and mail clients may unsubscribe in one
/// click (RFC 8058: a POST of <c>List-Unsubscribe=One-Click</c> to the same address, without cookies or tokens of ours).
/// </summary>
internal static class SubscriptionEndpoints
{
    public static void MapSubscriptionEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(SubscriptionService.UnsubscribePath).AllowAnonymous().ExcludeFromDescription()
            .RequireRateLimiting(PublicRateLimits.SubscriptionLinks);
        group.MapGet(string.Empty, (string? token) => Results.Content(Page(token), "text/html; charset=utf-8"));
        group.MapPost(string.Empty, UnsubscribeAsync).DisableAntiforgery();

        // Confirming shows a button first: mail scanners that open links must not confirm on the reader's behalf.
        var confirm = endpoints.MapGroup(SubscriptionService.ConfirmPath).AllowAnonymous().ExcludeFromDescription();
        confirm.MapGet(string.Empty, (HttpContext context, IAntiforgery antiforgery, string? token) =>
            Results.Content(ConfirmPage(antiforgery.GetAndStoreTokens(context), token), "text/html; charset=utf-8"));
        confirm.MapPost(string.Empty, ConfirmAsync).DisableAntiforgery().RequireRateLimiting(PublicRateLimits.SubscriptionLinks);

        // Objecting to a new subprocessor during its notice period, through the link in the notice.
        var objection = endpoints.MapGroup(NoticeMail.ObjectPath).AllowAnonymous().ExcludeFromDescription();
        objection.MapGet(string.Empty, ObjectionPageAsync).RequireRateLimiting(PublicRateLimits.SubscriptionLinks);
        objection.MapPost(string.Empty, ObjectAsync).DisableAntiforgery().RequireRateLimiting(PublicRateLimits.SubscriptionLinks);
    }

    private static async Task<IResult> ObjectionPageAsync(HttpContext context, IAntiforgery antiforgery, SubscriptionService subscriptions, string? token)
    {
        var target = await subscriptions.FindObjectionTargetAsync(token, context.RequestAborted);
        if (target is null)
            return Html(Message("This link is not valid any more", "It expired or was mistyped. Contact your account team to object."), StatusCodes.Status404NotFound);
        if (target.AlreadyObjected)
            return Html(Message("Objection already recorded", $"Your objection to \u201c{target.NoticeTitle}\u201d was recorded."));
        if (target.ClosedReason is not null)
            return Html(Message("Objections are closed", target.ClosedReason), StatusCodes.Status409Conflict);
        return Html(ObjectionForm(antiforgery.GetAndStoreTokens(context), token!, target, reason: null, error: null));
    }

    private static async Task<IResult> ObjectAsync(HttpContext context, IAntiforgery antiforgery, SubscriptionService subscriptions, [FromForm] string? token, [FromForm] string? reason)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
            return FormExpired();
        var result = await subscriptions.ObjectAsync(token, reason, context.Connection.RemoteIpAddress?.ToString(), context.RequestAborted);
        switch (result.Outcome)
        {
            case ObjectionOutcome.Recorded:
                return Html(Message("Objection recorded", result.Message));
            case ObjectionOutcome.AlreadyRecorded:
                return Html(Message("Objection already recorded", result.Message));
            case ObjectionOutcome.InvalidReason:
                var target = await subscriptions.FindObjectionTargetAsync(token, context.RequestAborted);
                return target is null
                    ? Html(Message("This link is not valid any more", result.Message), StatusCodes.Status404NotFound)
                    : Html(ObjectionForm(antiforgery.GetAndStoreTokens(context), token!, target, reason, result.Message), StatusCodes.Status400BadRequest);
            case ObjectionOutcome.Closed:
                return Html(Message("Objections are closed", result.Message), StatusCodes.Status409Conflict);
            default:
                return Html(Message("This link is not valid any more", "It expired or was mistyped. Contact your account team to object."), StatusCodes.Status404NotFound);
        }
    }

    private static string ObjectionForm(AntiforgeryTokenSet tokens, string token, ObjectionTarget target, string? reason, string? error)
    {
        var invalid = error is null ? string.Empty : " aria-invalid=\"true\" aria-describedby=\"reason-error\"";
        return Shell(
            "Object to a new subprocessor",
            "<h1>Object to a new subprocessor</h1>" +
            $"<p>{WebUtility.HtmlEncode(target.NoticeTitle)}. It takes effect {target.EffectiveAt:yyyy-MM-dd HH:mm} UTC unless the compliance team decides otherwise.</p>" +
            $"<form method=\"post\" action=\"{NoticeMail.ObjectPath}\">" +
            $"<input type=\"hidden\" name=\"{WebUtility.HtmlEncode(tokens.FormFieldName)}\" value=\"{WebUtility.HtmlEncode(tokens.RequestToken)}\">" +
            $"<input type=\"hidden\" name=\"token\" value=\"{WebUtility.HtmlEncode(token)}\">" +
            $"<p><label for=\"reason\">Reason (optional, at most {Objection.ReasonMaxLength} characters)</label><br>" +
            $"<textarea id=\"reason\" name=\"reason\" rows=\"6\" cols=\"60\"{invalid}>{WebUtility.HtmlEncode(reason ?? string.Empty)}</textarea>" +
            (error is null ? string.Empty : $"<br><span id=\"reason-error\" class=\"validation-message\">{WebUtility.HtmlEncode(error)}</span>") +
            "</p><button type=\"submit\" class=\"plain-button\">Send objection</button></form>");
    }

    private static IResult Html(string html, int status = StatusCodes.Status200OK) => Results.Content(html, "text/html; charset=utf-8", statusCode: status);

    private static async Task<IResult> ConfirmAsync(HttpContext context, IAntiforgery antiforgery, SubscriptionService subscriptions, [FromForm] string? token)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
            return FormExpired();
        var done = await subscriptions.ConfirmAsync(token, context.Connection.RemoteIpAddress?.ToString(), context.RequestAborted);
        return done
            ? Results.Content(Message("Subscription confirmed", "You will be told about new subprocessors before they may process customer data. Every notice carries a link to unsubscribe."), "text/html; charset=utf-8")
            : Results.Content(Message("This link is not valid any more", "It was already used, it expired, or it was mistyped. Subscribe again on the trust page to get a new one."), "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
    }

    private static string ConfirmPage(AntiforgeryTokenSet tokens, string? token) => Shell(
        "Confirm your subscription",
        "<h1>Confirm your subscription</h1><p>Press the button to start receiving notices about subprocessor changes.</p>" +
        $"<form method=\"post\" action=\"{SubscriptionService.ConfirmPath}\">" +
        $"<input type=\"hidden\" name=\"{WebUtility.HtmlEncode(tokens.FormFieldName)}\" value=\"{WebUtility.HtmlEncode(tokens.RequestToken)}\">" +
        $"<input type=\"hidden\" name=\"token\" value=\"{WebUtility.HtmlEncode(token ?? string.Empty)}\">" +
        "<button type=\"submit\" class=\"plain-button\">Confirm subscription</button></form>");

    private static async Task<IResult> UnsubscribeAsync(HttpContext context, SubscriptionService subscriptions, string? token)
    {
        var done = await subscriptions.UnsubscribeAsync(token, context.Connection.RemoteIpAddress?.ToString(), context.RequestAborted);
        return done
            ? Results.Content(Message("You are unsubscribed", "You will receive no more subprocessor notices."), "text/html; charset=utf-8")
            : Results.Content(Message("This link is not valid any more", "You may already be unsubscribed."), "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
    }

    private static string Page(string? token) => Shell(
        "Unsubscribe",
        "<h1>Unsubscribe from subprocessor notices</h1>" +
        $"<form method=\"post\" action=\"{SubscriptionService.UnsubscribePath}?token={Uri.EscapeDataString(token ?? string.Empty)}\">" +
        "<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\"><button type=\"submit\" class=\"plain-button\">Unsubscribe</button></form>");

    /// <summary>
    /// The forms check their antiforgery token themselves: the framework's check fails a form parameter with an
    /// exception, a server error for what is a stale page or a cross-site post.
    /// </summary>
    private static IResult FormExpired() =>
        Html(Message("This form has expired", "Open the link in the mail again and press the button on the page it shows."), StatusCodes.Status400BadRequest);

    private static string Message(string title, string text) =>
        Shell(title, $"<h1>{WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(text)}</p>");

    private static string Shell(string title, string body) => PlainHtml.Page(title + " · Trust", body);
}
