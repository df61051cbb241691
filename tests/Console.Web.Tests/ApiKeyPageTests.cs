using System.Net;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Access;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Web.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace AdminConsole.Web.Tests;

/// <summary>The API keys page of a workspace: its own admins and console admins; anyone else's answer is 404 or denied.</summary>
public class ApiKeyPageTests
{
    [Fact]
    public async Task AWorkspaceAdmin_SeesTheirWorkspacesKeys_AndAnotherWorkspacesPageReadsLikeAnUnknownOne()
    {
        await using var factory = await ConsoleFactory.StartAsync();
        var commands = factory.Services.GetRequiredService<WorkspaceCommands>();
        var seed = new AuditActor("seed", "Seed", ConsoleRoles.Admin, null);
        var a = await commands.CreateAsync(seed, "Acme Research", Plan.Business, DataRegion.EU);
        var b = await commands.CreateAsync(seed, "Globex Secret Project", Plan.Enterprise, DataRegion.US);
        await commands.AssignAdministratorAsync(seed, a, DevelopmentPersonas.Find("workspace-admin")!.ObjectId);
        await factory.Services.GetRequiredService<ApiKeyCommands>().IssueAsync(seed, b, "Globex production key", ["policy:read"]);
        using var adminOfA = await factory.CreateClientAsAsync("workspace-admin");

        using var own = await adminOfA.GetAsync(new Uri($"/workspaces/{a}/api-keys", UriKind.Relative));
        using var other = await adminOfA.GetAsync(new Uri($"/workspaces/{b}/api-keys", UriKind.Relative));
        using var unknown = await adminOfA.GetAsync(new Uri($"/workspaces/{Guid.NewGuid()}/api-keys", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("API keys of Acme Research", WebUtility.HtmlDecode(await own.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var otherPage = await other.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Globex", otherPage, StringComparison.Ordinal);

        using var consoleAdmin = await factory.CreateClientAsAsync("admin");
        var adminView = WebUtility.HtmlDecode(await consoleAdmin.GetStringAsync(new Uri($"/workspaces/{b}/api-keys", UriKind.Relative)));
        Assert.Contains("Globex production key", adminView, StringComparison.Ordinal);
        Assert.Contains("policy:read", adminView, StringComparison.Ordinal);
    }
}
