using System.Text.RegularExpressions;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.TestSupport;
using Microsoft.EntityFrameworkCore;
using AdminConsole.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

/// <summary>Subscribing on the trust page, with the confirmation mail going through a real SMTP server.</summary>
public partial class SubscriptionTests(BrowserFixture browser) : ConsolePageTest(browser)
{
    protected override Task<ConsoleServer> StartServerAsync(TestDatabase database) => StartWithMailAsync(database);

    [Fact]
    public async Task Subscribe_ConfirmationMailArrives_LinkConfirmsOnce_AndASecondRequestLooksTheSame()
    {
        await Page.GotoAsync("/trust");
        await Page.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true }).FillAsync("grace@example.com");
        await Page.GetByLabel("Company (optional)").FillAsync("Navy");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();
        var thanks = Page.GetByRole(AriaRole.Status);
        await Expect(thanks).ToContainTextAsync("a message with a confirmation link is on its way");
        var answer = await thanks.TextContentAsync();

        var mail = await Mail!.WaitForMessageToAsync("grace@example.com");
        Assert.Equal("Confirm your subscription to subprocessor notices", mail.GetProperty("subject").GetString());
        var link = ConfirmLink().Match(mail.GetProperty("text").GetString()!).Value;
        Assert.StartsWith(Server.BaseAddress + "trust/confirm?token=", link, StringComparison.Ordinal);

        await using (var db = Database.CreateContext())
        {
            var pending = await db.Subscriptions.Include(s => s.Tokens).SingleAsync();
            Assert.Equal(SubscriptionStatus.Pending, pending.Status);
            Assert.DoesNotContain(pending.Tokens, t => link.Contains(t.Hash, StringComparison.Ordinal));
        }

        // Opening the link alone confirms nothing (mail scanners open links); the button does.
        await Page.GotoAsync(link);
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Confirm subscription" }).ClickAsync();
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Subscription confirmed");

        await Page.GotoAsync(link);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Confirm subscription" }).ClickAsync();
        await Expect(Page.Locator("h1")).ToHaveTextAsync("This link is not valid any more");

        // Asking again for a confirmed address gives the same answer and sends nothing.
        await Page.GotoAsync("/trust");
        await Page.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true }).FillAsync("GRACE@example.com");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToHaveTextAsync(answer!);
        await Task.Delay(1000);
        Assert.Single(Mail!.Messages());

        await using var check = Database.CreateContext();
        Assert.Equal(SubscriptionStatus.Confirmed, (await check.Subscriptions.SingleAsync()).Status);
    }

    [Fact]
    public async Task Subscribe_WithAMalformedAddress_SaysSoNextToTheField_AndSendsNothing()
    {
        await Page.GotoAsync("/trust");
        await Page.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true }).FillAsync("not-an-email");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();

        await Expect(Page.GetByText("Enter a valid email address.")).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        Assert.Empty(Mail!.Messages());
        await using var db = Database.CreateContext();
        Assert.Equal(0, await db.Subscriptions.CountAsync());
    }

    [Fact]
    public async Task FromSubscribeToNotice_OneClickUnsubscribe_AndTheNextNoticeIsNotSentToThem()
    {
        // A customer subscribes and confirms; another confirmed subscriber is already on the list.
        await SeedConfirmedSubscriberAsync("ada@example.com");
        await Page.GotoAsync("/trust");
        await Page.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true }).FillAsync("grace@example.com");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();
        var confirmation = await Mail!.WaitForMessageToAsync("grace@example.com");
        await Page.GotoAsync(ConfirmLink().Match(confirmation.GetProperty("text").GetString()!).Value);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Confirm subscription" }).ClickAsync();
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Subscription confirmed");

        // An officer proposes a subprocessor and publishes its notice; it goes out at once.
        await SignInAsAsync("officer");
        await ProposeAndPublishAsync("Vector Store Inc");
        var notice = await Mail!.WaitForMessageToAsync("grace@example.com", index: 1);
        Assert.Equal("New subprocessor: Vector Store Inc", notice.GetProperty("subject").GetString());
        Assert.Equal("List-Unsubscribe=One-Click", notice.GetProperty("listUnsubscribePost").GetString());
        var unsubscribe = notice.GetProperty("listUnsubscribe").GetString()!.Trim('<', '>');
        Assert.StartsWith(Server.BaseAddress + "trust/unsubscribe?token=", unsubscribe, StringComparison.Ordinal);
        var adaNotice = await Mail!.WaitForMessageToAsync("ada@example.com");

        // Ada objects through her link; the officer sees it on the subprocessor with who was told when.
        var objectLink = ObjectLink().Match(adaNotice.GetProperty("text").GetString()!).Value;
        await Page.GotoAsync(objectLink);
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await Page.GetByLabel("Reason (optional, at most 2000 characters)").FillAsync("Our data must stay in the EU.");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Send objection" }).ClickAsync();
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Objection recorded");
        await GoToInteractiveAsync("/subprocessors");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Vector Store Inc" }).ClickAsync();
        var registry = new SubprocessorPages(Page);
        await Expect(registry.Section("Objections")).ToContainTextAsync("Our data must stay in the EU.");
        await Expect(registry.Section("Notices and who was told")).ToContainTextAsync("New subprocessor: Vector Store Inc");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await Page.GetByRole(AriaRole.Link, new() { Name = "New subprocessor: Vector Store Inc" }).ClickAsync();
        await Expect(registry.ResultCount).ToHaveTextAsync("2 deliveries");
        await Expect(registry.Deliveries.Filter(new() { HasText = "grace@example.com" })).ToHaveCountAsync(1);
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await SaveScreenshotAsync("notice-deliveries");

        // Grace's mail client unsubscribes in one click (RFC 8058): a POST with no cookie of ours.
        using (var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator, UseCookies = false })
        using (var mailClient = new HttpClient(handler))
        {
            using var response = await mailClient.PostAsync(new Uri(unsubscribe), new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }

        // The next notice reaches Ada only.
        await ProposeAndPublishAsync("Search Cloud GmbH");
        var next = await Mail!.WaitForMessageToAsync("ada@example.com", index: 1);
        Assert.Equal("New subprocessor: Search Cloud GmbH", next.GetProperty("subject").GetString());
        await Task.Delay(1000);
        Assert.Equal(2, Mail!.Messages().Count(m => m.GetProperty("to")[0].GetString() == "grace@example.com"));
        await using var db = Database.CreateContext();
        var grace = await db.Subscriptions.SingleAsync(s => s.NormalizedEmail == "grace@example.com");
        Assert.Equal(SubscriptionStatus.Unsubscribed, grace.Status);
        Assert.False(await db.NoticeDeliveries.AnyAsync(d => d.SubscriptionId == grace.Id && d.NoticeId == db.Notices.Single(n => n.Title == "New subprocessor: Search Cloud GmbH").Id));
        Assert.Equal(1, await db.Objections.CountAsync());
        AssertNoConsoleErrors();
    }

    private async Task ProposeAndPublishAsync(string name)
    {
        await GoToInteractiveAsync("/subprocessors/new");
        var registry = new SubprocessorPages(Page);
        await registry.FillAsync(name, "Embeddings for workspace search", "Vector store", "Page content", "US", "DPA-7", "Medium");
        await registry.Ui.Button("Propose").ClickAsync();
        await Expect(registry.Ui.Heading).ToHaveTextAsync(name);
        await registry.PublishNoticeAsync(DateTimeOffset.UtcNow.AddDays(31));
        await Expect(registry.Facts).ToContainTextAsync("In notice period");
    }

    private async Task SeedConfirmedSubscriberAsync(string email)
    {
        await using var db = Database.CreateContext();
        var (subscription, token) = Subscription.Request(email, "Example Corp", DateTimeOffset.UtcNow);
        subscription.Confirm(token, DateTimeOffset.UtcNow);
        db.Subscriptions.Add(subscription);
        await db.SaveChangesAsync();
    }

    [GeneratedRegex(@"https://\S+/trust/object\?token=[A-Za-z0-9_%-]+")]
    private static partial Regex ObjectLink();

    [GeneratedRegex(@"https://\S+/trust/confirm\?token=[A-Za-z0-9_%-]+")]
    private static partial Regex ConfirmLink();
}
