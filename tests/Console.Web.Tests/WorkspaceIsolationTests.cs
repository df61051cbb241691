using AdminConsole.Domain.Access;
using System.Net;
using System.Text.Json;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Access;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Lifecycle;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using AdminConsole.Domain.UseCases;
using AdminConsole.Web.Auth;
using AdminConsole.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminConsole.Web.Tests;

/// <summary>A workspace admin of A reaches nothing of B: not by page, not by API, not through the audit log.</summary>
public sealed class WorkspaceIsolationTests : IAsyncLifetime
{
    private const string NameOfB = "Globex Secret Project";
    private ConsoleFactory _factory = null!;
    private HttpClient _adminOfA = null!;
    private Guid _a;
    private Guid _b;
    private long _entryOfB;

    public async Task InitializeAsync()
    {
        _factory = await ConsoleFactory.StartAsync();
        var commands = _factory.Services.GetRequiredService<WorkspaceCommands>();
        var seed = new AuditActor("seed", "Seed", ConsoleRoles.Admin, null);
        _a = await commands.CreateAsync(seed, "Acme Research", Plan.Business, DataRegion.EU);
        _b = await commands.CreateAsync(seed, NameOfB, Plan.Enterprise, DataRegion.US);
        await commands.AddTeamAsync(seed, _b, "Globex Legal Team");
        await commands.AssignAdministratorAsync(seed, _a, DevelopmentPersonas.Find("workspace-admin")!.ObjectId);
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync();
        _entryOfB = await db.AuditEntries.Where(e => e.WorkspaceId == _b).MaxAsync(e => e.Sequence);
        _adminOfA = await _factory.CreateClientAsAsync("workspace-admin");
    }

    public async Task DisposeAsync()
    {
        _adminOfA.Dispose();
        await _factory.DisposeAsync();
    }

    [Theory]
    [InlineData("/workspaces/{A}", "Acme Research")]
    [InlineData("/workspaces/{A}/trash", "Trash of Acme Research")]
    public async Task OwnWorkspacePage_IsServed(string template, string heading)
    {
        using var response = await _adminOfA.GetAsync(new Uri(Fill(template), UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(heading, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/workspaces/{B}")]
    [InlineData("/workspaces/{B}/trash")]
    [InlineData("/audit/{entryOfB}")]
    public async Task OtherWorkspacePage_Is404WithNothingOfIt(string template)
    {
        using var response = await _adminOfA.GetAsync(new Uri(Fill(template), UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        AssertNothingOfB(body);
    }

    [Theory]
    [InlineData("/api/console/workspaces/{B}")]
    [InlineData("/api/console/audit/entries/{entryOfB}")]
    public async Task OtherWorkspaceApiResource_Is404ProblemWithNothingOfIt(string template)
    {
        using var response = await _adminOfA.GetAsync(new Uri(Fill(template), UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        AssertNothingOfB(body);
    }

    [Theory]
    [InlineData("/api/console/workspaces")]
    [InlineData("/api/console/workspaces?search=globex")]
    [InlineData("/api/console/audit/entries")]
    [InlineData("/api/console/audit/entries?workspace={B}")]
    [InlineData("/api/console/audit/entries.csv")]
    public async Task Lists_ContainOnlyTheOwnWorkspace(string template)
    {
        using var response = await _adminOfA.GetAsync(new Uri(Fill(template), UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertNothingOfB(body);
    }

    [Fact]
    public async Task OtherWorkspacesTrash_IsNotReadNorRestored_ByTheAdminOfA()
    {
        var (pageOfA, pageOfB) = await DeleteAPageInEachAsync();
        var wanda = Persona("workspace-admin");
        var dbFactory = _factory.Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();

        // The page's data path: the trash is read through the workspaces the user may see; a restore in B reads as unknown.
        var lifecycle = _factory.Services.GetRequiredService<LifecycleUseCases>();
        Assert.Null(await TrashQuery.RunAsync(db, db.Visible(wanda), _b, DateTimeOffset.UtcNow, 0, 25));
        Assert.Equal(OutcomeKind.NotFound, (await lifecycle.RestorePageAsync(wanda, _b, pageOfB)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await lifecycle.TrashAsync(wanda, _b, 0, 25)).Kind);

        var own = await TrashQuery.RunAsync(db, db.Visible(wanda), _a, DateTimeOffset.UtcNow, 0, 25);
        Assert.Equal([pageOfA], own!.Items.Select(i => i.PageId));
        Assert.True((await lifecycle.RestorePageAsync(wanda, _a, pageOfA)).Succeeded);
        Assert.Null((await db.Pages.AsNoTracking().SingleAsync(p => p.Id == pageOfA)).DeletedAt);
        Assert.NotNull((await db.Pages.AsNoTracking().SingleAsync(p => p.Id == pageOfB)).DeletedAt);
    }

    [Fact]
    public async Task ComplianceOfficer_ReadsAnyTrash_ButMayNotRestore()
    {
        var (_, pageOfB) = await DeleteAPageInEachAsync();
        var officer = Persona("officer");
        var dbFactory = _factory.Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        using var client = await _factory.CreateClientAsAsync("officer");

        using var response = await client.GetAsync(new Uri($"/workspaces/{_b}/trash", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single((await TrashQuery.RunAsync(db, db.Visible(officer), _b, DateTimeOffset.UtcNow, 0, 25))!.Items);
        var restore = await _factory.Services.GetRequiredService<LifecycleUseCases>().RestorePageAsync(officer, _b, pageOfB);
        Assert.Equal(OutcomeKind.Forbidden, restore.Kind);
        Assert.NotNull((await db.Pages.AsNoTracking().SingleAsync(p => p.Id == pageOfB)).DeletedAt);
        Assert.False(officer.Satisfies(Policies.RestoreFromTrash));
    }

    private static CurrentUser Persona(string key)
    {
        var persona = DevelopmentPersonas.Find(key)!;
        return new CurrentUser(persona.ObjectId, persona.Name, new HashSet<string>(StringComparer.Ordinal) { persona.Role! }, null);
    }

    private async Task<(Guid OfA, Guid OfB)> DeleteAPageInEachAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var ofA = Guid.NewGuid();
        var ofB = Guid.NewGuid();
        await using (var db = await _factory.Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync())
        {
            db.Pages.AddRange(Page.Create(ofA, _a, "Acme roadmap", now), Page.Create(ofB, _b, "Globex merger memo", now));
            await db.SaveChangesAsync();
        }

        var lifecycle = _factory.Services.GetRequiredService<LifecycleCommands>();
        var seed = new AuditActor("seed", "Seed", ConsoleRoles.Admin, null);
        await lifecycle.DeletePageAsync(seed, _a, ofA);
        await lifecycle.DeletePageAsync(seed, _b, ofB);
        return (ofA, ofB);
    }

    [Fact]
    public async Task Dashboard_CountsAndListsOnlyTheOwnWorkspace()
    {
        // The dashboard renders its figures on the server (the grids load theirs in the browser: see the E2E tests).
        var body = await _adminOfA.GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.Contains("Acme Research", body, StringComparison.Ordinal);
        Assert.Contains("Active workspaces: 1", body, StringComparison.Ordinal);
        AssertNothingOfB(body);
    }

    [Fact]
    public async Task ApiList_ReturnsExactlyTheOwnWorkspace()
    {
        var json = await _adminOfA.GetStringAsync(new Uri("/api/console/workspaces", UriKind.Relative));
        using var document = JsonDocument.Parse(json);

        var item = Assert.Single(document.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal(_a, item.GetProperty("id").GetGuid());
        Assert.Equal(1, document.RootElement.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task AuditApi_ReturnsOnlyTheOwnWorkspacesEntries()
    {
        var json = await _adminOfA.GetStringAsync(new Uri("/api/console/audit/entries?take=500", UriKind.Relative));
        using var document = JsonDocument.Parse(json);

        var workspaces = document.RootElement.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("workspaceId").GetGuid()).Distinct().ToList();
        Assert.Equal([_a], workspaces);
    }

    [Fact]
    public async Task AuditCsv_OfAWorkspaceAdmin_HasOnlyTheOwnWorkspacesEntries()
    {
        var csv = await _adminOfA.GetStringAsync(new Uri("/api/console/audit/entries.csv", UriKind.Relative));
        var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.StartsWith("sequence,at_utc,actor_id", rows[0], StringComparison.Ordinal);
        Assert.True(rows.Length > 1, "The own workspace's entries are missing.");
        Assert.All(rows.Skip(1), r => Assert.Contains(_a.ToString(), r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ComplianceOfficer_SeesBothWorkspaces()
    {
        using var officer = await _factory.CreateClientAsAsync("officer");
        var json = await officer.GetStringAsync(new Uri("/api/console/workspaces", UriKind.Relative));

        Assert.Contains(NameOfB, json, StringComparison.Ordinal);
        Assert.Contains("Acme Research", json, StringComparison.Ordinal);
    }

    private string Fill(string template) => template
        .Replace("{A}", _a.ToString(), StringComparison.Ordinal)
        .Replace("{B}", _b.ToString(), StringComparison.Ordinal)
        .Replace("{entryOfB}", _entryOfB.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private void AssertNothingOfB(string body)
    {
        Assert.DoesNotContain(NameOfB, body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Globex Legal Team", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Globex merger memo", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(_b.ToString(), body, StringComparison.OrdinalIgnoreCase);
    }
}
