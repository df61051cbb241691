using System.Net;

namespace AdminConsole.Web.Infrastructure;

/// <summary>The frame of the few pages served without Blazor (development sign-in, subscription links).</summary>
internal static class PlainHtml
{
    /// <param name="body">Markup for inside &lt;main&gt;; the caller encodes what it puts there.</param>
    public static string Page(string title, string body) =>
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
        $"<title>{WebUtility.HtmlEncode(title)}</title><link rel=\"icon\" type=\"image/svg+xml\" href=\"/favicon.svg\"><link rel=\"stylesheet\" href=\"/css/app.css\"></head>" +
        $"<body><main class=\"plain-page\">{body}</main></body></html>";
}
