using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Net.Http.Headers;

namespace AdminConsole.Web.Infrastructure;

/// <summary>How many requests one client may make in a window.</summary>
public sealed class RateLimit
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>The <c>RateLimits</c> settings: the public forms' budgets per client address.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Subscribe form posts on the trust page (each one may send a mail).</summary>
    public RateLimit Subscribe { get; set; } = new() { PermitLimit = 10 };

    /// <summary>Confirm posts and unsubscribe requests, together.</summary>
    public RateLimit SubscriptionLinks { get; set; } = new() { PermitLimit = 30 };

    /// <summary>Every limit the rate limiter cannot work with, each in plain words; empty when all can.</summary>
    public IEnumerable<string> Problems() =>
        new[] { (nameof(Subscribe), Subscribe), (nameof(SubscriptionLinks), SubscriptionLinks) }
            .Where(x => x.Item2.PermitLimit < 1 || x.Item2.Window <= TimeSpan.Zero)
            .Select(x => $"{SectionName}:{x.Item1} needs a PermitLimit of at least 1 and a positive Window (e.g. 00:01:00).");
}

/// <summary>
/// Per-client limits on the public trust forms, on ASP.NET Core's rate limiter. Left at its defaults it would
/// never show a client a 429: it rejects with 503, and its empty rejection is re-executed by the status code
/// pages as <c>/not-found</c>, a POST whose antiforgery check then answers 400 (500 on the Blazor form).
/// </summary>
internal static class PublicRateLimits
{
    public const string Subscribe = "subscribe";
    public const string SubscriptionLinks = "subscription-links";

    public static IServiceCollection AddPublicRateLimits(this IServiceCollection services, RateLimitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problems().FirstOrDefault() is { } problem)
            throw new InvalidOperationException(problem);
        return services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RejectAsync;

            // The trust page's endpoint answers GET too; only the form's posts count.
            limiter.AddPolicy(Subscribe, context => HttpMethods.IsPost(context.Request.Method)
                ? PerClient(context, options.Subscribe)
                : RateLimitPartition.GetNoLimiter("not counted"));
            limiter.AddPolicy(SubscriptionLinks, context => PerClient(context, options.SubscriptionLinks));
        });
    }

    /// <summary>
    /// The connection's address, never a forwarded header (anyone can send one). An IPv6 client usually holds a
    /// whole /64, so the prefix is one client; an IPv4 address mapped into IPv6 counts as itself.
    /// </summary>
    public static string ClientKey(IPAddress? address)
    {
        if (address is null)
            return "unknown";
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private static RateLimitPartition<string> PerClient(HttpContext context, RateLimit limit) =>
        RateLimitPartition.GetFixedWindowLimiter(ClientKey(context.Connection.RemoteIpAddress), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = limit.Window,

            // Over the limit is refused at once: a queue would hold connections open for a whole window.
            QueueLimit = 0,
        });

    /// <summary>
    /// 429 with Retry-After and a body of its own: an empty error response would be replaced by the not-found
    /// page (status code pages), which is what hid the rejections before.
    /// </summary>
    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var detail = $"Too many requests came from your network in a short time. Try again in {Describe(seconds)}.";
        if (AcceptsHtml(context.Request))
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(
                PlainHtml.Page("Too many requests · Trust", $"<h1>Too many requests</h1><p>{WebUtility.HtmlEncode(detail)}</p><p><a href=\"/trust\">Back to the trust page</a></p>"),
                cancellationToken).ConfigureAwait(false);
            return;
        }

        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests.", Detail = detail },
        }).ConfigureAwait(false);
    }

    private static bool AcceptsHtml(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));

    private static string Describe(int seconds) =>
        seconds < 60 ? $"{seconds} second{(seconds == 1 ? string.Empty : "s")}"
        : seconds <= 60 ? "a minute"
        : $"{Math.Ceiling(seconds / 60.0).ToString(CultureInfo.InvariantCulture)} minutes";
}
