using System.Net;
using AdminConsole.Jobs.Notices;
using AdminConsole.Jobs.Subscriptions;
using Microsoft.Extensions.Logging;

namespace AdminConsole.Web.Tests;

public class SubscriptionFormTests
{
    [Theory]
    [InlineData(SubscriptionService.ConfirmPath, "Development")]
    [InlineData(SubscriptionService.ConfirmPath, "Production")]
    [InlineData(NoticeMail.ObjectPath, "Development")]
    [InlineData(NoticeMail.ObjectPath, "Production")]
    public async Task FormPost_WithoutAntiforgeryToken_IsRefusedWithAClearPage_AndNoStackTraceInTheLog(string path, string environment)
    {
        await using var factory = await ConsoleFactory.StartAsync(environment: environment, settings: environment == "Production" ? ConsoleFactory.ProductionSettings : null);
        using var visitor = factory.CreateHttpsClient();

        // A form posted from another site, or a page kept open after its antiforgery cookie was lost.
        using var response = await visitor.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = "some-token" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1>This form has expired</h1>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(factory.Logs.Entries, e => e.Exception is not null || e.Level >= LogLevel.Error);
    }
}
