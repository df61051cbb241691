using System.Net;
using System.Text.RegularExpressions;
using AdminConsole.Domain.Persistence;
using AdminConsole.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.Logging;

namespace AdminConsole.Web.Tests;

/// <summary>
/// The whole app in memory over a real database of its own. Development environment (so the development
/// sign-in exists) unless a test says otherwise; demo data off.
/// </summary>
/// <param name="ownsDatabase">False for a second node on another factory's database: the first one drops it, after both stopped.</param>
public sealed partial class ConsoleFactory(TestDatabase database, string environment = "Development", IDictionary<string, string?>? settings = null, bool ownsDatabase = true)
    : WebApplicationFactory<Program>
{
    public static readonly Uri BaseAddress = new("https://localhost/");

    /// <summary>Entra ID settings that pass start-up checks; nothing is fetched from the authority until someone signs in.</summary>
    public static readonly Dictionary<string, string?> ProductionSettings = new()
    {
        ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
        ["AzureAd:TenantId"] = "11111111-1111-1111-1111-111111111111",
        ["AzureAd:ClientId"] = "22222222-2222-2222-2222-222222222222",
        ["AzureAd:ClientSecret"] = "not-a-real-secret",
        ["https_port"] = "443",
        ["Mail:Host"] = "127.0.0.1",
        ["Mail:PublicUrl"] = "https://console.example.com/",
        ["Audit:ChainKey"] = "dGVzdCBjaGFpbiBrZXksIG5vdCBmb3IgcHJvZHVjdGlvbiAhIQ==",
    };

    public TestDatabase Database { get; } = database;

    /// <summary>What the app logged (Information and above).</summary>
    public CapturedLogs Logs { get; } = new();

    public static async Task<ConsoleFactory> StartAsync(DatabaseProvider provider = DatabaseProvider.Sqlite, string environment = "Development", IDictionary<string, string?>? settings = null)
    {
        // Migrated from the process's template: the console's own migration at start then has nothing to do.
        var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        if (provider == DatabaseProvider.Postgres)
        {
            // As production runs: migrations as the owner, the console as a role that may only add to the audit log.
            settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
            {
                ["Database:MigrationConnectionString"] = database.ConnectionString,
                ["Database:ConnectionString"] = await database.CreateConsoleRoleAsync(),
            };
        }

        return new ConsoleFactory(database, environment, settings);
    }

    public HttpClient CreateHttpsClient(bool allowRedirects = false) => CreateHttpsClient(this, allowRedirects);

    public Task<HttpClient> CreateClientAsAsync(string? persona) => CreateClientAsAsync(this, persona);

    public static HttpClient CreateHttpsClient(WebApplicationFactory<Program> factory, bool allowRedirects = false)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = BaseAddress, AllowAutoRedirect = allowRedirects });
    }

    /// <summary>
    /// A cookie-keeping client whose requests arrive from <paramref name="remoteIp"/> (TestServer leaves the
    /// connection's address empty otherwise).
    /// </summary>
    public HttpClient CreateHttpsClientFrom(IPAddress remoteIp)
    {
        var handler = new CookieContainerHandler { InnerHandler = Server.CreateHandler(context => context.Connection.RemoteIpAddress = remoteIp) };
        return new HttpClient(handler) { BaseAddress = BaseAddress };
    }

    /// <summary>A client signed in through the development sign-in as a persona (or anonymous when null).</summary>
    public static async Task<HttpClient> CreateClientAsAsync(WebApplicationFactory<Program> factory, string? persona)
    {
        var client = CreateHttpsClient(factory);
        if (persona is null)
            return client;
        var (name, value) = await AntiforgeryFieldAsync(client, "/account/dev-sign-in");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [name] = value,
            ["persona"] = persona,
            ["returnUrl"] = "/",
        });
        using var response = await client.PostAsync(new Uri("/account/dev-sign-in", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>The antiforgery field of the form on a page (its cookie stays with the client), for posting that form.</summary>
    public static async Task<(string Name, string Value)> AntiforgeryFieldAsync(HttpClient client, string path)
    {
        ArgumentNullException.ThrowIfNull(client);
        var page = await client.GetStringAsync(new Uri(path, UriKind.Relative));
        var token = AntiforgeryField().Match(page);
        Assert.True(token.Success, $"{path} has no antiforgery field.");
        return (WebUtility.HtmlDecode(token.Groups["name"].Value), WebUtility.HtmlDecode(token.Groups["value"].Value));
    }

    /// <summary>The Cookie header a client sends (the test client keeps its cookies where the app cannot see them).</summary>
    public static async Task<string> CookieHeaderAsync(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var probe = new HttpRequestMessage(HttpMethod.Get, "/health");
        (await client.SendAsync(probe)).Dispose();
        var header = probe.Headers.TryGetValues("Cookie", out var values) ? string.Join("; ", values) : null;
        Assert.False(string.IsNullOrEmpty(header), "The client sent no cookie.");
        return header!;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("Database:Provider", Database.Provider.ToString());
        builder.UseSetting("Database:ConnectionString", Database.ConnectionString);
        builder.UseSetting("DemoData:Enabled", "false");

        // No job runs unless a test is about them (and sets Jobs:Run): a test host then does only what its test asks.
        builder.UseSetting("Jobs:Run", "false");
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            builder.UseSetting(key, value);

        // Entra ID's back channel answered in the process (no network here): see EntraIdStub.
        if (settings is not null && settings.TryGetValue("AzureAd:Instance", out var instance) && instance == EntraIdStub.Instance)
        {
            EntraId = new EntraIdStub(settings.TryGetValue("AzureAd:TenantId", out var tenant) && tenant is not null ? tenant : EntraIdStub.Tenant);
            builder.ConfigureTestServices(EntraId.Use);
        }
    }

    /// <summary>The stand-in for Entra ID's back channel, when the settings name Entra ID.</summary>
    public EntraIdStub? EntraId { get; private set; }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (ownsDatabase)
            await Database.DisposeAsync();
        EntraId?.Dispose();
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>__RequestVerificationToken[^\"]*)\" value=\"(?<value>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
