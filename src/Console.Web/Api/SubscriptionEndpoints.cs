using System.Net;
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
        confirm.MapPost(string.Empty, ConfirmAsync).RequireRateLimiting(PublicRateLimits.SubscriptionLinks);
    }

    private static async Task<IResult> ConfirmAsync(HttpContext context, SubscriptionService subscriptions, [FromForm] string? token)
    {
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

    private static string Message(string title, string text) =>
        Shell(title, $"<h1>{WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(text)}</p>");

    private static string Shell(string title, string body) => PlainHtml.Page(title + " · Trust", body);
}
