using System.Text.RegularExpressions;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

/// <summary>Subscribing on the trust page, with the confirmation mail going through a real SMTP server.</summary>
public partial class SubscriptionTests(BrowserFixture browser) : ConsolePageTest(browser)
{
    private SmtpSinkPeer? _smtp;

    protected override async Task<ConsoleServer> StartServerAsync(TestDatabase database)
    {
        _smtp = await SmtpSinkPeer.StartAsync();
        var settings = ServerEnvironment();
        foreach (var (key, value) in _smtp.ConsoleSettings())
            settings[key] = value;
        return await ConsoleServer.StartAsync(database, settings);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_smtp is not null)
            await _smtp.DisposeAsync();
    }

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

        var mail = await _smtp!.WaitForMessageToAsync("grace@example.com");
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
        Assert.Single(_smtp.Messages());

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
        Assert.Empty(_smtp!.Messages());
        await using var db = Database.CreateContext();
        Assert.Equal(0, await db.Subscriptions.CountAsync());
    }

    [GeneratedRegex(@"https://\S+/trust/confirm\?token=[A-Za-z0-9_%-]+")]
    private static partial Regex ConfirmLink();
}
