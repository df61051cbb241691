using System.Net;
using System.Text.Json;
using AdminConsole.Domain.Persistence;

namespace AdminConsole.Web.Tests;

public class HealthTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Health_WithTheDatabaseUp_ReportsHealthyAsJson(DatabaseProvider provider)
    {
        await using var factory = await ConsoleFactory.StartAsync(provider);
        using var client = factory.CreateHttpsClient();

        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }
}
