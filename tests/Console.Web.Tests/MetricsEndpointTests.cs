using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace AdminConsole.Web.Tests;

/// <summary>
/// Who may read <c>/metrics</c> outside Development: nobody while it is off, and when on, a scraper holding the token
/// whose SHA-256 the settings keep — never an anonymous caller unless the operator says so.
/// </summary>
public class MetricsEndpointTests
{
    private const string Token = "scrape-token-for-the-tests-0123456789";

    [Fact]
    public async Task Off_ByDefault_NoMetricsAreServed()
    {
        await using var factory = await ConsoleFactory.StartAsync(environment: "Production", settings: ConsoleFactory.ProductionSettings);
        using var client = factory.CreateHttpsClient();
        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));

        // Like any path the console does not serve: the way to sign in for an anonymous caller, no metrics.
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.DoesNotContain("# TYPE", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("not-the-token", HttpStatusCode.Unauthorized)]
    [InlineData(Token, HttpStatusCode.OK)]
    public async Task On_InProduction_OnlyTheScrapeTokenReadsIt(string? bearer, HttpStatusCode expected)
    {
        var settings = new Dictionary<string, string?>(ConsoleFactory.ProductionSettings)
        {
            ["Telemetry:Prometheus:Enabled"] = "true",
            ["Telemetry:Prometheus:ScrapeTokenSha256"] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Token))),
        };
        await using var factory = await ConsoleFactory.StartAsync(environment: "Production", settings: settings);
        using var client = factory.CreateHttpsClient();
        if (bearer is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK)
            Assert.Contains("# TYPE", body, StringComparison.Ordinal);
        else
            Assert.DoesNotContain("# TYPE", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_WithAnonymousReadingAllowed_AnyoneReadsIt()
    {
        var settings = new Dictionary<string, string?>(ConsoleFactory.ProductionSettings)
        {
            ["Telemetry:Prometheus:Enabled"] = "true",
            ["Telemetry:Prometheus:AllowAnonymous"] = "true",
        };
        await using var factory = await ConsoleFactory.StartAsync(environment: "Production", settings: settings);
        using var client = factory.CreateHttpsClient();
        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void AScrapeTokenHashThatIsNotOne_StopsTheStart()
    {
        var error = StartupSettingsTests.RefusedStart("Development", new Dictionary<string, string?> { ["Telemetry:Prometheus:ScrapeTokenSha256"] = Token });
        Assert.Contains("Telemetry:Prometheus:ScrapeTokenSha256 must be the SHA-256", Assert.Single(error.Problems), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, error.Message, StringComparison.Ordinal);
    }
}
