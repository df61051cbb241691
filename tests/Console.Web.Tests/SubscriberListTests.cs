using System.Net;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminConsole.Web.Tests;

/// <summary>The subscribers page; who may open it is in the authorization matrix.</summary>
public sealed class SubscriberListTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private ConsoleFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await ConsoleFactory.StartAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Page_ShowsCountsPerStatus_AndTheExportLink()
    {
        await SeedAsync(
            ("ada@acme.test", null, SubscriptionStatus.Confirmed),
            ("grace@navy.test", null, SubscriptionStatus.Confirmed),
            ("zed@acme.test", null, SubscriptionStatus.Pending));
        using var officer = await _factory.CreateClientAsAsync("officer");

        var html = await officer.GetStringAsync(new Uri("/subprocessors/subscribers", UriKind.Relative));

        Assert.Matches(@"Confirmed</p>\s*<p class=""stat-value"">\s*2", html);
        Assert.Matches(@"Pending</p>\s*<p class=""stat-value"">\s*1", html);
        Assert.Matches(@"Unsubscribed</p>\s*<p class=""stat-value"">\s*0", html);
        Assert.Contains("href=\"api/console/subscribers.csv\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_WithoutSubscribers_SaysHowPeopleSubscribe()
    {
        using var officer = await _factory.CreateClientAsAsync("officer");

        var html = await officer.GetStringAsync(new Uri("/subprocessors/subscribers", UriKind.Relative));

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

        Assert.Equal(linked, html.Contains(">Subscribers to notices</a>", StringComparison.Ordinal));
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
                subscription.Unsubscribe(subscription.IssueUnsubscribeToken(created.AddHours(1)), created.AddHours(2));
            db.Subscriptions.Add(subscription);
        }

        await db.SaveChangesAsync();
    }

    private Task<ConsoleDbContext> CreateContextAsync() =>
        _factory.Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync();
}
