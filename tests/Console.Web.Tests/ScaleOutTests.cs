using System.Net;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminConsole.Web.Tests;

public class ScaleOutTests
{
    [Fact]
    public async Task CookieIssuedByOneNode_IsAcceptedByAnotherOnTheSameDatabase()
    {
        await using var nodeA = await ConsoleFactory.StartAsync(DatabaseProvider.Postgres);
        await using var nodeB = new ConsoleFactory(nodeA.Database, ownsDatabase: false);
        using var signedInOnA = await nodeA.CreateClientAsAsync("officer");
        var cookie = await ConsoleFactory.CookieHeaderAsync(signedInOnA);

        using var onB = nodeB.CreateHttpsClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", cookie);
        using var response = await onB.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Olivia Officer", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The key ring both nodes read is the one in the database.
        await using var db = await nodeA.Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync();
        Assert.NotEmpty(await db.DataProtectionKeys.ToListAsync());
    }
}
