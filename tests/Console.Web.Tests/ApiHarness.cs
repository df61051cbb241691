using System.Net.Http.Headers;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Access;
using AdminConsole.Domain.Model.Api;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Web.Tests;

/// <summary>The app over a real database with a clock the test moves, two workspaces (A and B) and API keys for them.</summary>
public sealed class ApiHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    public static readonly AuditActor Seed = new("seed", "Seed", ConsoleRoles.Admin, null);

    private readonly ConsoleFactory _factory;

    private ApiHarness(ConsoleFactory factory, WebApplicationFactory<Program> app, FakeClock clock)
    {
        _factory = factory;
        App = app;
        Clock = clock;
    }

    public WebApplicationFactory<Program> App { get; }

    public FakeClock Clock { get; }

    public TestDatabase Database => _factory.Database;

    public Guid A { get; private set; }

    public Guid B { get; private set; }

    public ApiKeyCommands Keys => App.Services.GetRequiredService<ApiKeyCommands>();

    public static async Task<ApiHarness> StartAsync(DatabaseProvider provider)
    {
        var factory = await ConsoleFactory.StartAsync(provider);
        var clock = new FakeClock(Start);
        var app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.AddSingleton<TimeProvider>(clock);

            // No scheduled jobs: on the moved clock the trash purge would purge what a test still reads.
            var scheduler = s.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Namespace == typeof(AdminConsole.Jobs.Hosting.JobHost).Namespace).ToList();
            if (scheduler.Count != 2)
                throw new InvalidOperationException("The job server and the schedule keeper were not found: the harness would run the jobs on its clock.");
            scheduler.ForEach(d => s.Remove(d));
        }));
        var api = new ApiHarness(factory, app, clock);
        var workspaces = app.Services.GetRequiredService<WorkspaceCommands>();
        api.A = await workspaces.CreateAsync(Seed, "Acme Research", Plan.Business, DataRegion.EU);
        api.B = await workspaces.CreateAsync(Seed, "Globex Secret Project", Plan.Enterprise, DataRegion.US);
        return api;
    }

    public async Task<(Guid Id, string Secret)> IssueAsync(Guid workspace, params string[] scopes) =>
        await Keys.IssueAsync(Seed, workspace, "AI product", scopes.Length == 0 ? ApiScopes.All : scopes);

    /// <summary>A client that sends <paramref name="secret"/> as its bearer token (and no cookie).</summary>
    public HttpClient Client(string? secret)
    {
        var client = ConsoleFactory.CreateHttpsClient(App);
        if (secret is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    public async Task<HttpClient> ClientForAsync(Guid workspace, params string[] scopes) => Client((await IssueAsync(workspace, scopes)).Secret);

    public ConsoleDbContext Db() => Database.CreateContext();

    /// <summary>Rows the API could have written, in all workspaces: a refused request leaves these unchanged.</summary>
    public async Task<(int Prompts, int Outputs, int Providers, int Pages, int Embeddings, int Idempotency, int Audit)> CountsAsync()
    {
        await using var db = Db();
        return (await db.PromptLogs.CountAsync(), await db.AiOutputs.CountAsync(), await db.ProviderRequests.CountAsync(),
            await db.Pages.CountAsync(), await db.Embeddings.CountAsync(), await db.IdempotencyRecords.CountAsync(), await db.AuditEntries.CountAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await _factory.DisposeAsync();
    }
}
