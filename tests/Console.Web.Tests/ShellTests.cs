using System.Net;
using System.Text.Json;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminConsole.Web.Tests;

public class ShellTests
{
    [Theory]
    [InlineData("/", "Dashboard")]
    [InlineData("/workspaces", "Workspaces")]
    [InlineData("/workspaces/new", "New workspace")]
    public async Task Page_IsServedWithItsHeading(string path, string heading)
    {
        await using var factory = await ConsoleFactory.StartAsync();
        using var client = await factory.CreateClientAsAsync("admin");

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"<h1>{heading}</h1>", html, StringComparison.Ordinal);
        Assert.Contains("_framework/blazor.web.js", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BlazorScript_OfTheWebSdk_IsServed()
    {
        await using var factory = await ConsoleFactory.StartAsync();
        using var client = factory.CreateHttpsClient();

        using var response = await client.GetAsync(new Uri("/_framework/blazor.web.js", UriKind.Relative));
        var script = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(script.Length > 50_000, $"blazor.web.js is only {script.Length} characters");
    }

    [Fact]
    public async Task WorkspaceDetail_ShowsTheWorkspaceFromTheDatabase()
    {
        await using var factory = await ConsoleFactory.StartAsync();
        using var client = await factory.CreateClientAsAsync("officer");
        var id = await AddWorkspaceAsync(factory, "Initech Legal", Plan.Business);

        var html = await client.GetStringAsync(new Uri($"/workspaces/{id}", UriKind.Relative));

        Assert.Contains("<h1>Initech Legal</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Business", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPage_GetsTheNotFoundPageWith404()
    {
        await using var factory = await ConsoleFactory.StartAsync();
        using var client = await factory.CreateClientAsAsync("admin");

        using var response = await client.GetAsync(new Uri("/no-such-page", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownApiRoute_GetsProblemDetails()
    {
        await using var factory = await ConsoleFactory.StartAsync();
        using var client = await factory.CreateClientAsAsync("admin");

        using var response = await client.GetAsync(new Uri("/api/v1/nothing-here", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(404, json.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task UnhandledError_BecomesProblemDetailsWithoutStackTrace()
    {
        await using var factory = await ConsoleFactory.StartAsync();
        using var failing = factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddTransient<IStartupFilter, ThrowingEndpoint>()));
        using var client = await ConsoleFactory.CreateClientAsAsync(failing, "admin");

        using var response = await client.GetAsync(new Uri("/api/boom", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("An unexpected error occurred.", json.RootElement.GetProperty("title").GetString());
        Assert.True(json.RootElement.TryGetProperty("traceId", out _));
        Assert.DoesNotContain("secret-detail", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/health")]
    public async Task Responses_CarryTheSecurityHeaders(string path)
    {
        await using var factory = await ConsoleFactory.StartAsync();
        using var client = await factory.CreateClientAsAsync("admin");

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task Production_RedirectsToHttpsAndSendsHsts()
    {
        await using var factory = await ConsoleFactory.StartAsync(environment: "Production", settings: ConsoleFactory.ProductionSettings);
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("http://console.example") });

        using var http = await client.GetAsync(new Uri("/", UriKind.Relative));
        using var https = await client.GetAsync(new Uri("https://console.example/health"));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, http.StatusCode);
        Assert.Equal("https", http.Headers.Location?.Scheme);
        Assert.Contains("max-age=31536000", Assert.Single(https.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
    }

    internal static async Task<Guid> AddWorkspaceAsync(ConsoleFactory factory, string name, Plan plan)
    {
        var dbFactory = factory.Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        var workspace = Workspace.Create(name, plan, DataRegion.EU, DateTimeOffset.UtcNow);
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync();
        return workspace.Id;
    }

    private sealed class ThrowingEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((HttpContext context, RequestDelegate _) =>
                context.Request.Path == "/api/boom" ? throw new InvalidOperationException("secret-detail") : Task.CompletedTask);
        };
    }
}
