using System.Net;
using System.Net.Sockets;
using AdminConsole.TestSupport;

namespace AdminConsole.Web.Tests;

/// <summary>
/// Subscribing never waits for the mail server: a new address and a confirmed one get the same answer in the same
/// way, and the confirmation mail follows from a queue, also once a server that was down is back.
/// </summary>
public sealed class SubscribeMailQueueTests
{
    [Fact]
    public async Task Subscribe_WhileTheMailServerIsDown_AnswersANewAddressAsAConfirmedOne_AndTheMailGoesOutOnceItIsBack()
    {
        var port = FreePort();
        var settings = new Dictionary<string, string?>
        {
            ["Mail:Host"] = "127.0.0.1",
            ["Mail:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mail:PublicUrl"] = "https://console.example.com/",
        };
        await using var factory = await ConsoleFactory.StartAsync(settings: settings);
        using var visitor = factory.CreateHttpsClient();
        var antiforgery = await ConsoleFactory.AntiforgeryFieldAsync(visitor, "/trust");

        using var first = await RateLimitTests.SubscribeAsync(visitor, antiforgery, "grace@example.com");
        using var again = await RateLimitTests.SubscribeAsync(visitor, antiforgery, "grace@example.com");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("a message with a confirmation link is on its way", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("a message with a confirmation link is on its way", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using var smtp = await SmtpSinkPeer.StartAsync(port);
        var mail = await smtp.WaitForMessageToAsync("grace@example.com");
        Assert.Equal("Confirm your subscription to subprocessor notices", mail.GetProperty("subject").GetString());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
