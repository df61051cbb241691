using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AdminConsole.Web.Infrastructure;

namespace AdminConsole.Web.Tests;

/// <summary>The public trust forms answer 429 once one client address is over its budget, and only that address.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private static readonly IPAddress Visitor = IPAddress.Parse("203.0.113.7");
    private static readonly IPAddress Neighbour = IPAddress.Parse("198.51.100.20");

    private readonly string _mail = Path.Combine(Path.GetTempPath(), $"adminconsole-mail-{Guid.NewGuid():N}");
    private ConsoleFactory _factory = null!;

    public async Task InitializeAsync() =>
        _factory = await ConsoleFactory.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Mail:PickupDirectory"] = _mail,
            ["RateLimits:SubscriptionLinks:PermitLimit"] = "3",
        });

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        if (Directory.Exists(_mail))
            Directory.Delete(_mail, recursive: true);
    }

    [Fact]
    public async Task Subscribe_TenPostsAMinuteByDefault_TheEleventhGets429WithRetryAfterAndAPage()
    {
        using var visitor = _factory.CreateHttpsClientFrom(Visitor);
        var antiforgery = await ConsoleFactory.AntiforgeryFieldAsync(visitor, "/trust");

        for (var i = 1; i <= 10; i++)
        {
            using var accepted = await SubscribeAsync(visitor, antiforgery, $"person{i}@example.com");
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
            Assert.Contains("a message with a confirmation link is on its way", await accepted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var refused = await SubscribeAsync(visitor, antiforgery, "person11@example.com");
        var page = await refused.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
        Assert.Equal("text/html", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1>Too many requests</h1>", page, StringComparison.Ordinal);
        Assert.Contains("Try again in a minute", page, StringComparison.Ordinal);
        Assert.Equal(10, Directory.GetFiles(_mail, "*.eml").Length);

        // Reading the trust page is not limited, and the next address is counted on its own.
        using var reading = await visitor.GetAsync(new Uri("/trust", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, reading.StatusCode);
        using var neighbour = _factory.CreateHttpsClientFrom(Neighbour);
        using var other = await SubscribeAsync(neighbour, await ConsoleFactory.AntiforgeryFieldAsync(neighbour, "/trust"), "neighbour@example.com");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task SubscriptionLinks_ShareOneBudgetPerAddress_OtherAddressesKeepTheirOwn()
    {
        using var visitor = _factory.CreateHttpsClientFrom(Visitor);
        using var neighbour = _factory.CreateHttpsClientFrom(Neighbour);

        // Three within the budget: the ordinary answers (an unknown token reads "not valid any more").
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(visitor, "/trust/unsubscribe?token=unknown")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await OneClickAsync(visitor)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await OneClickAsync(visitor)).StatusCode);

        using var refused = await OneClickAsync(visitor);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        using (var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()))
            Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.TooManyRequests, (await GetAsync(visitor, "/trust/unsubscribe?token=unknown")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await OneClickAsync(neighbour)).StatusCode);
    }

    [Fact]
    public async Task ConfirmPost_CountsAgainstTheLinksBudget_ButOpeningTheLinkDoesNot()
    {
        using var visitor = _factory.CreateHttpsClientFrom(Visitor);
        var antiforgery = await ConsoleFactory.AntiforgeryFieldAsync(visitor, "/trust/confirm?token=unknown");
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.NotFound, (await ConfirmAsync(visitor, antiforgery)).StatusCode);

        using var refused = await ConfirmAsync(visitor, antiforgery);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("text/html", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(visitor, "/trust/confirm?token=unknown")).StatusCode);
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData(null, "unknown")]
    public void ClientKey_IsTheAddress_OrItsIPv6Slash64(string? address, string expected) =>
        Assert.Equal(expected, PublicRateLimits.ClientKey(address is null ? null : IPAddress.Parse(address)));

    /// <summary>The trust page's subscribe form as a browser without script posts it.</summary>
    internal static async Task<HttpResponseMessage> SubscribeAsync(HttpClient client, (string Name, string Value) antiforgery, string email)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/trust", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                [antiforgery.Name] = antiforgery.Value,
                ["_handler"] = "subscribe",
                ["Input.Email"] = email,
            }),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        return await client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> ConfirmAsync(HttpClient client, (string Name, string Value) antiforgery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/trust/confirm", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { [antiforgery.Name] = antiforgery.Value, ["token"] = "unknown" }),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        return await client.SendAsync(request);
    }

    /// <summary>What a mail client sends for RFC 8058 one-click unsubscribe: no cookie, no HTML wanted.</summary>
    private static Task<HttpResponseMessage> OneClickAsync(HttpClient client) =>
        client.PostAsync(new Uri("/trust/unsubscribe?token=unknown", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string path) => client.GetAsync(new Uri(path, UriKind.Relative));
}
