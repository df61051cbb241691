using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Subprocessors;

namespace AdminConsole.Domain.Tests;

public class SubscriptionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Request_IsPending_AndStoresOnlyTheTokensHash()
    {
        var (subscription, token) = Subscription.Request("  Grace.Hopper@Example.com ", "Navy", Now);

        Assert.Equal(SubscriptionStatus.Pending, subscription.Status);
        Assert.Equal("grace.hopper@example.com", subscription.NormalizedEmail);
        var stored = Assert.Single(subscription.Tokens);
        Assert.NotEqual(token, stored.Hash);
        Assert.Equal(Subscription.Hash(token), stored.Hash);
        Assert.True(token.Length >= 43, "The token must carry 256 bits of randomness.");
    }

    [Fact]
    public void Confirm_WithTheToken_Confirms_AndTheSameTokenCannotBeUsedAgain()
    {
        var (subscription, token) = Subscription.Request("grace@example.com", null, Now);

        subscription.Confirm(token, Now.AddHours(1));

        Assert.Equal(SubscriptionStatus.Confirmed, subscription.Status);
        Assert.Throws<DomainRuleException>(() => subscription.Confirm(token, Now.AddHours(2)));
    }

    [Fact]
    public void Confirm_AfterTheTokenExpired_IsRefused()
    {
        var (subscription, token) = Subscription.Request("grace@example.com", null, Now);

        var error = Assert.Throws<DomainRuleException>(() => subscription.Confirm(token, Now + Subscription.ConfirmTokenLifetime));

        Assert.Equal("This link is not valid any more. Ask for a new one.", error.Message);
        Assert.Equal(SubscriptionStatus.Pending, subscription.Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("forged-token-value-forged-token-value-forged")]
    public void Confirm_WithAForgedOrMissingToken_IsRefused(string? token)
    {
        var (subscription, _) = Subscription.Request("grace@example.com", null, Now);

        Assert.Throws<DomainRuleException>(() => subscription.Confirm(token, Now.AddMinutes(5)));
        Assert.Equal(SubscriptionStatus.Pending, subscription.Status);
    }

    [Fact]
    public void Unsubscribe_StopsNotices_OnceOnly_AndRevokesOpenConfirmationLinks()
    {
        var (subscription, confirm) = Subscription.Request("grace@example.com", null, Now);

        Assert.True(subscription.Unsubscribe(Now.AddMinutes(1)));
        Assert.False(subscription.Unsubscribe(Now.AddMinutes(2)));

        Assert.Equal(SubscriptionStatus.Unsubscribed, subscription.Status);
        Assert.Equal(Now.AddMinutes(1), subscription.UnsubscribedAt);
        Assert.Throws<DomainRuleException>(() => subscription.Confirm(confirm, Now.AddMinutes(3)));
    }

    [Fact]
    public void RequestAgain_RevokesTheEarlierConfirmationLink()
    {
        var (subscription, first) = Subscription.Request("grace@example.com", null, Now);

        var second = subscription.RequestAgain(null, Now.AddHours(1));

        Assert.Throws<DomainRuleException>(() => subscription.Confirm(first, Now.AddHours(2)));
        subscription.Confirm(second, Now.AddHours(2));
        Assert.Equal(SubscriptionStatus.Confirmed, subscription.Status);
    }

    [Theory]
    [InlineData("grace@example.com\r\nBcc: victim@example.com")]
    [InlineData("grace@example.com\nX-Injected: 1")]
    [InlineData("not-an-email")]
    [InlineData("Grace <grace@example.com>")]
    public void Request_WithHeaderInjectionOrMalformedEmail_IsRefusedOnTheEmailField(string email)
    {
        var error = Assert.Throws<DomainRuleException>(() => Subscription.Request(email, null, Now));

        Assert.Equal("Email", error.Field);
    }

    [Fact]
    public void Request_WithLineBreakInCompany_IsRefused()
    {
        var error = Assert.Throws<DomainRuleException>(() => Subscription.Request("grace@example.com", "Navy\r\nSubject: hi", Now));

        Assert.Equal("Company", error.Field);
    }
}
