using System.Net;
using System.Text.Json;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminConsole.Web.Tests;

/// <summary>The subscribers page and its CSV export; who may open them is in the authorization matrix.</summary>
public sealed class SubscriberListTests : IAsyncLifetime
{
    private const string Formula = "=cmd|' /C calc'!A0";
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private ConsoleFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await ConsoleFactory.StartAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Csv_ListsEveryStatusByEmail_WithFormulaCellsDisarmed_AsADatedDownload()
    {
        await SeedAsync(
            ("carol@example.com", "Initech", SubscriptionStatus.Unsubscribed),
            ("Alice@Example.com", Formula, SubscriptionStatus.Confirmed),
            ("bob@example.com", null, SubscriptionStatus.Pending));
        using var officer = await _factory.CreateClientAsAsync("officer");

        using var response = await ExportAsync(officer, string.Empty);
        var rows = Rows(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Matches(@"^subscribers-\d{4}-\d{2}-\d{2}\.csv$", disposition.FileNameStar);
        Assert.Equal(
        [
            "email,company,status,created_utc,confirmed_utc,unsubscribed_utc",
            "Alice@Example.com,\"'=cmd|' /C calc'!A0\",Confirmed,2026-03-01 10:00:00,2026-03-01 11:00:00,",
            "bob@example.com,,Pending,2026-03-01 11:00:00,,",
            "carol@example.com,Initech,Unsubscribed,2026-03-01 09:00:00,2026-03-01 10:00:00,2026-03-01 11:00:00",
        ], rows);
    }

    [Theory]
    [InlineData("?status=Confirmed", "ada@acme.test grace@navy.test")]
    [InlineData("?search=ACME", "ada@acme.test linus@example.com zed@acme.test")]
    [InlineData("?search=acme&status=Pending", "zed@acme.test")]
    [InlineData("?search=nobody", "")]
    public async Task Csv_AppliesThePagesFilters_ToEmailAndCompany(string query, string expected)
    {
        await SeedAsync(
            ("ada@acme.test", null, SubscriptionStatus.Confirmed),
            ("grace@navy.test", "US Navy", SubscriptionStatus.Confirmed),
            ("linus@example.com", "Acme Kernel Works", SubscriptionStatus.Unsubscribed),
            ("zed@acme.test", "Zed", SubscriptionStatus.Pending));
        using var officer = await _factory.CreateClientAsAsync("officer");

        using var response = await ExportAsync(officer, query);
        var rows = Rows(await response.Content.ReadAsStringAsync());

        Assert.Equal(expected, string.Join(' ', rows.Skip(1).Select(r => r.Split(',')[0])));
    }

    [Fact]
    public async Task Csv_OfMoreSubscribersThanOnePage_HasEachExactlyOnce()
    {
        const int count = 1_234;
        await using (var db = await CreateContextAsync())
        {
            for (var i = 0; i < count; i++)
                db.Subscriptions.Add(Subscription.Request($"person{i:D5}@example.com", null, Start).Subscription);
            await db.SaveChangesAsync();
        }

        using var admin = await _factory.CreateClientAsAsync("admin");
        using var response = await ExportAsync(admin, "?status=Pending");
        var rows = Rows(await response.Content.ReadAsStringAsync());

        Assert.Equal(Enumerable.Range(0, count).Select(i => $"person{i:D5}@example.com"), rows.Skip(1).Select(r => r.Split(',')[0]));
    }

    [Fact]
    public async Task Csv_Export_IsAuditedWithWhoAndWhichFilter()
    {
        await SeedAsync(("ada@acme.test", null, SubscriptionStatus.Confirmed));
        using var officer = await _factory.CreateClientAsAsync("officer");

        (await ExportAsync(officer, "?status=Confirmed&search=%20acme%20")).Dispose();

        await using var db = await CreateContextAsync();
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == "subscribers.exported");
        Assert.Equal("Olivia Officer", entry.ActorName);
        Assert.Matches(@"^subscribers-\d{4}-\d{2}-\d{2}\.csv$", entry.TargetId);
        using var after = JsonDocument.Parse(entry.After!);
        Assert.Equal("acme", after.RootElement.GetProperty("Search").GetString());
        Assert.Equal("Confirmed", after.RootElement.GetProperty("Status").GetString());
    }

    [Fact]
    public async Task Page_ShowsCountsPerStatus_AndTheExportLink()
    {
        await SeedAsync(
            ("ada@acme.test", null, SubscriptionStatus.Confirmed),
            ("grace@navy.test", null, SubscriptionStatus.Confirmed),
            ("zed@acme.test", null, SubscriptionStatus.Pending));
        using var officer = await _factory.CreateClientAsAsync("officer");

        var html = await officer.GetStringAsync(new Uri("/subscribers", UriKind.Relative));

        Assert.Matches(@"Confirmed</p>\s*<p class=""stat-value"">\s*2", html);
        Assert.Matches(@"Pending</p>\s*<p class=""stat-value"">\s*1", html);
        Assert.Matches(@"Unsubscribed</p>\s*<p class=""stat-value"">\s*0", html);
        Assert.Contains("action=\"api/console/subscribers.csv\"", html, StringComparison.Ordinal);
        Assert.Contains("Export these subscribers as CSV", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// The export is audited: a link followed from anywhere (an image, a phishing mail) may not make one. A GET is not
    /// routed (404), and a POST needs the page's antiforgery token.
    /// </summary>
    [Fact]
    public async Task Csv_IsExportedOnlyByAPostWithThePagesToken_AGetOrAForeignPostExportsNothing()
    {
        await SeedAsync(("ada@acme.test", null, SubscriptionStatus.Confirmed));
        using var officer = await _factory.CreateClientAsAsync("officer");

        using var get = await officer.GetAsync(new Uri("/api/console/subscribers.csv?status=Confirmed", UriKind.Relative));
        using var foreign = await officer.PostAsync(new Uri("/api/console/subscribers.csv", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["status"] = "Confirmed" }));

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.DoesNotContain("ada@acme.test", await get.Content.ReadAsStringAsync() + await foreign.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var db = await CreateContextAsync();
        Assert.False(await db.AuditEntries.AnyAsync(e => e.Action == "subscribers.exported"));
    }

    /// <summary>The export as the page posts it: its filters as form fields, with its antiforgery token.</summary>
    private static async Task<HttpResponseMessage> ExportAsync(HttpClient client, string query)
    {
        var (name, value) = await ConsoleFactory.AntiforgeryFieldAsync(client, "/subscribers");
        var fields = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query).ToDictionary(q => q.Key, q => q.Value.ToString());
        fields[name] = value;
        using var form = new FormUrlEncodedContent(fields);
        return await client.PostAsync(new Uri("/api/console/subscribers.csv", UriKind.Relative), form);
    }

    [Fact]
    public async Task Page_WithoutSubscribers_SaysHowPeopleSubscribe()
    {
        using var officer = await _factory.CreateClientAsAsync("officer");

        var html = await officer.GetStringAsync(new Uri("/subscribers", UriKind.Relative));

        Assert.Contains("No one has subscribed yet", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Export these subscribers", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("officer", true)]
    [InlineData("admin", true)]
    [InlineData("auditor", false)]
    public async Task SubprocessorList_LinksToSubscribers_OnlyForThoseWhoMayOpenThem(string persona, bool linked)
    {
        using var client = await _factory.CreateClientAsAsync(persona);

        var html = await client.GetStringAsync(new Uri("/subprocessors", UriKind.Relative));

        // The page's own link (a button-styled anchor), not the menu's "Subscribers" entry.
        Assert.Equal(linked, System.Text.RegularExpressions.Regex.IsMatch(html, @"<a[^>]*href=""subscribers""[^>]*>(?:(?!</a>).)*Subscribers to notices", System.Text.RegularExpressions.RegexOptions.Singleline));
    }

    /// <summary>Created an hour apart in the order given; confirmed and unsubscribed an hour after each step.</summary>
    private async Task SeedAsync(params (string Email, string? Company, SubscriptionStatus Status)[] people)
    {
        await using var db = await CreateContextAsync();
        foreach (var (person, i) in people.Select((p, i) => (p, i)))
        {
            var created = Start.AddHours(i);
            var (subscription, confirm) = Subscription.Request(person.Email, person.Company, created);
            if (person.Status != SubscriptionStatus.Pending)
                subscription.Confirm(confirm, created.AddHours(1));
            if (person.Status == SubscriptionStatus.Unsubscribed)
                subscription.Unsubscribe(created.AddHours(2));
            db.Subscriptions.Add(subscription);
        }

        await db.SaveChangesAsync();
    }

    private Task<ConsoleDbContext> CreateContextAsync() =>
        _factory.Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync();

    private static string[] Rows(string csv) => csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
}
