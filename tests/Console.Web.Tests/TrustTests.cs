using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using AdminConsole.Jobs.Notices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminConsole.Web.Tests;

public class TrustTests
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    [Fact]
    public async Task PublicList_ShowsAuthorizedAndUpcoming_NeverProposedOrRetired()
    {
        await using var factory = await ConsoleFactory.StartAsync();
        await SeedAsync(factory);
        using var anonymous = factory.CreateHttpsClient();

        using var response = await anonymous.GetAsync(new Uri("/trust/subprocessors.json", UriKind.Relative));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("public", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var listed = json.RootElement.GetProperty("subprocessors").EnumerateArray()
            .Select(s => (s.GetProperty("legalName").GetString(), s.GetProperty("status").GetString()))
            .ToList();
        Assert.Equal([("Announced Inc", "upcoming"), ("Authorized AG", "authorized")], listed);
    }

    [Fact]
    public async Task Feed_IsAtomWithOneEntryPerNotice_NewestFirst_AsUtf8Xml_LinkedToThePublicAddressWhateverTheHost()
    {
        await using var factory = await ConsoleFactory.StartAsync(settings: new Dictionary<string, string?> { ["Mail:PublicUrl"] = "https://trust.example.com/" });
        await SeedAsync(factory);
        using var anonymous = factory.CreateHttpsClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/trust/subprocessors.atom", UriKind.Relative));
        request.Headers.Host = "evil.example";

        using var response = await anonymous.SendAsync(request);

        // Read as a strict parser reads what is served: the bytes, with the encoding their declaration names.
        await using var body = await response.Content.ReadAsStreamAsync();
        var document = XDocument.Load(body);
        var feed = document.Root!;
        Assert.Equal("utf-8", document.Declaration?.Encoding, ignoreCase: true);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Atom + "feed", feed.Name);
        Assert.Equal("https://trust.example.com/trust/subprocessors.atom", feed.Element(Atom + "id")?.Value);
        Assert.All(feed.Descendants(Atom + "link"), l => Assert.StartsWith("https://trust.example.com/", l.Attribute("href")!.Value, StringComparison.Ordinal));
        Assert.DoesNotContain("evil.example", document.ToString(), StringComparison.Ordinal);
        var titles = feed.Elements(Atom + "entry").Select(e => e.Element(Atom + "title")!.Value).ToList();
        Assert.Equal(["Subprocessor removed: Retired SA", "New subprocessor: Announced Inc", "New subprocessor: Retired SA", "New subprocessor: Authorized AG"], titles);
        Assert.All(feed.Elements(Atom + "entry"), e => Assert.StartsWith("urn:uuid:", e.Element(Atom + "id")!.Value, StringComparison.Ordinal));
    }

    /// <summary>
    /// The models in production, and only they, are on the trust page and in the JSON list, with provider, purpose, region
    /// and retention; entering production and retirement are entries of the feed.
    /// </summary>
    [Fact]
    public async Task AiModelsInUse_AreListed_OnThePageTheJsonAndTheFeed_NeverProposedApprovedOrRetired()
    {
        await using var factory = await ConsoleFactory.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var provider = Subprocessor.Propose(
            new SubprocessorDetails("Anthropic PBC", "LLM inference", ProcessingCategory.Llm, ["Prompts"], ["US"], [], "DPA-7", true, 0, RiskTier.High, null), now.AddDays(-40));
        provider.PublishNotice(now.AddDays(-40), now.AddDays(-5), Subprocessor.DefaultNoticePeriod);
        provider.Authorize(now.AddDays(-5));
        await using (var db = factory.Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContext())
        {
            db.Subprocessors.Add(provider);
            await db.SaveChangesAsync();
        }

        var models = factory.Services.GetRequiredService<AdminConsole.Domain.Commands.ModelCommands>();
        var proposer = new AdminConsole.Domain.Model.Audit.AuditActor("peter", "Peter", "ComplianceOfficer", null);
        var approver = new AdminConsole.Domain.Model.Audit.AuditActor("olga", "Olga", "ComplianceOfficer", null);
        async Task<Guid> ApprovedAsync(string version)
        {
            var id = await models.ProposeAsync(proposer, new(
                "Claude Sonnet", version, provider.Id, AdminConsole.Domain.Model.AiModels.AiModelPurpose.Chat,
                [AdminConsole.Domain.Model.AiSettings.AiFeature.WorkspaceSearch], "US", true, null, false));
            await models.RecordEvaluationAsync(proposer, id, new(
                "Release suite", now.AddHours(-1), [("answer accuracy", 0.95, 0.9, AdminConsole.Domain.Model.AiModels.MetricDirection.AtLeast)]),
                AdminConsole.Domain.Model.AiModels.ModelEvidence.Read("suite.csv", "metric,value\naccuracy,0.95\n"u8.ToArray()));
            await models.ApproveAsync(approver, id);
            return id;
        }

        await models.ProposeAsync(proposer, new("Claude Opus", "5", provider.Id, AdminConsole.Domain.Model.AiModels.AiModelPurpose.Chat, [], "US", true, null, false));
        await ApprovedAsync("4.6");
        var retired = await ApprovedAsync("4");
        await models.PutInProductionAsync(approver, retired);
        await models.RetireAsync(approver, retired);
        await models.PutInProductionAsync(approver, await ApprovedAsync("4.5"));
        using var anonymous = factory.CreateHttpsClient();

        using var json = JsonDocument.Parse(await anonymous.GetStringAsync(new Uri("/trust/subprocessors.json", UriKind.Relative)));
        var listed = json.RootElement.GetProperty("models").EnumerateArray().ToList();
        var model = Assert.Single(listed);
        Assert.Equal(("Anthropic PBC", "Claude Sonnet", "4.5", "Chat", "US", true, false),
            (model.GetProperty("provider").GetString(), model.GetProperty("name").GetString(), model.GetProperty("version").GetString(), model.GetProperty("purpose").GetString(),
             model.GetProperty("hostingRegion").GetString(), model.GetProperty("zeroRetention").GetBoolean(), model.GetProperty("trainedOnCustomerData").GetBoolean()));

        var html = await anonymous.GetStringAsync(new Uri("/trust", UriKind.Relative));
        Assert.Contains("AI models in use", html, StringComparison.Ordinal);
        Assert.Contains("Claude Sonnet 4.5", html, StringComparison.Ordinal);
        Assert.Contains("Not trained on your data", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Claude Sonnet 4.6", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Claude Opus", html, StringComparison.Ordinal);

        var feed = XDocument.Load(await anonymous.GetStreamAsync(new Uri("/trust/subprocessors.atom", UriKind.Relative))).Root!;
        var titles = feed.Elements(Atom + "entry").Select(e => e.Element(Atom + "title")!.Value).ToList();
        Assert.Contains("AI model in use: Claude Sonnet 4.5 (Anthropic PBC)", titles);
        Assert.Contains("AI model retired: Claude Sonnet 4 (Anthropic PBC)", titles);
        Assert.DoesNotContain(titles, t => t.Contains("4.6", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TrustPage_IsPublic()
    {
        await using var factory = await ConsoleFactory.StartAsync();
        await SeedAsync(factory);
        using var anonymous = factory.CreateHttpsClient();

        var html = await anonymous.GetStringAsync(new Uri("/trust", UriKind.Relative));

        Assert.Contains("Announced Inc", html, StringComparison.Ordinal);
        Assert.Contains("Authorized AG", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Proposed Ltd", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Retired SA", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneClickUnsubscribe_Rfc8058Post_Unsubscribes_RepeatsHarmlessly_ForgedAndExpiredLinksRefused()
    {
        await using var factory = await ConsoleFactory.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var (subscription, confirm) = Subscription.Request("grace@example.com", null, now);
        subscription.Confirm(confirm, now);
        var subprocessor = Subprocessor.Propose(Details("Announced Inc"), now);
        var notice = subprocessor.PublishNotice(now, now.AddDays(30), Subprocessor.DefaultNoticePeriod);
        var links = factory.Services.GetRequiredService<NoticeLinks>();
        var token = await links.IssueAsync(notice.Id, subscription.Id, now, CancellationToken.None);
        var expiredToken = await links.IssueAsync(notice.Id, subscription.Id, now - NoticeLink.Lifetime, CancellationToken.None);
        var factoryDb = factory.Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>();
        await using (var db = await factoryDb.CreateDbContextAsync())
        {
            db.AddRange(subscription, subprocessor, notice);
            await db.SaveChangesAsync();
        }

        // What a mail client sends for one-click unsubscribe: no cookie, no antiforgery token.
        using var client = factory.CreateHttpsClient();
        var oneClick = new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" };
        Uri Url(string t) => new($"/trust/unsubscribe?token={Uri.EscapeDataString(t)}", UriKind.Relative);
        using var forged = await client.PostAsync(Url(token[..^2] + "xx"), new FormUrlEncodedContent(oneClick));
        using var old = await client.PostAsync(Url(expiredToken), new FormUrlEncodedContent(oneClick));
        await using (var db = await factoryDb.CreateDbContextAsync())
            Assert.Equal(SubscriptionStatus.Confirmed, (await db.Subscriptions.SingleAsync()).Status);
        using var first = await client.PostAsync(Url(token), new FormUrlEncodedContent(oneClick));
        using var second = await client.PostAsync(Url(token), new FormUrlEncodedContent(oneClick));

        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        await using var check = await factoryDb.CreateDbContextAsync();
        Assert.Equal(SubscriptionStatus.Unsubscribed, (await check.Subscriptions.SingleAsync()).Status);
        Assert.Equal(1, await check.AuditEntries.CountAsync(e => e.Action == "subscription.unsubscribed"));
    }

    private static async Task SeedAsync(ConsoleFactory factory)
    {
        var start = DateTimeOffset.UtcNow.AddDays(-90);
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync();
        var authorized = Subprocessor.Propose(Details("Authorized AG"), start);
        db.Notices.Add(authorized.PublishNotice(start, start.AddDays(30), Subprocessor.DefaultNoticePeriod));
        authorized.Authorize(start.AddDays(30));
        var retired = Subprocessor.Propose(Details("Retired SA"), start);
        db.Notices.Add(retired.PublishNotice(start.AddDays(1), start.AddDays(31), Subprocessor.DefaultNoticePeriod));
        db.Notices.Add(retired.Retire(start.AddDays(60))!);
        var announced = Subprocessor.Propose(Details("Announced Inc"), start);
        db.Notices.Add(announced.PublishNotice(start.AddDays(59), start.AddDays(100), Subprocessor.DefaultNoticePeriod));
        db.Subprocessors.AddRange(authorized, retired, announced, Subprocessor.Propose(Details("Proposed Ltd"), start));
        await db.SaveChangesAsync();
    }

    private static SubprocessorDetails Details(string name) =>
        new(name, "Processing for the AI features", ProcessingCategory.Hosting, ["Page content"], ["DE"], [], "DPA", false, 30, RiskTier.Low, null);
}
