using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Dlp.Hooks;
using AdminConsole.Domain.Model.Workspaces;

namespace AdminConsole.Domain.Tests.Dlp.Hooks;

public class DlpHookTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(Plan.Free, "DLP hooks are available on the Enterprise plan; this workspace is on Free.")]
    [InlineData(Plan.Business, "DLP hooks are available on the Enterprise plan; this workspace is on Business.")]
    public void Create_OffTheEnterprisePlan_IsRefused_NamingThePlan(Plan plan, string message)
    {
        var error = Assert.Throws<DomainRuleException>(() => Create(plan: plan));
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("", "The URL is required.")]
    [InlineData("/relative/path", "'/relative/path' is not an absolute URL.")]
    [InlineData("http://partner.example.com/hook", "The URL must use https.")]
    [InlineData("ftp://partner.example.com/hook", "The URL must use https.")]
    [InlineData("https://user:pass@partner.example.com/hook", "The URL must not contain a user name or password; the signature authenticates the console.")]
    [InlineData("https://partner.example.com/hook#x", "The URL must not contain a fragment (#…).")]
    public void Create_WithABadUrl_IsRefused(string url, string message)
    {
        var error = Assert.Throws<DomainRuleException>(() => Create(url: url));
        Assert.Equal((nameof(DlpHook.Url), message), (error.Field, error.Message));
    }

    [Fact]
    public void Create_WithAUrlOver2000Characters_IsRefused_AndOneOf2000IsTaken()
    {
        var prefix = "https://partner.example.com/";
        Assert.Throws<DomainRuleException>(() => Create(url: prefix + new string('a', 2001 - prefix.Length)));
        Assert.Equal(2000, Create(url: prefix + new string('a', 2000 - prefix.Length)).Url.Length);
    }

    [Fact]
    public void Create_AcceptsPlainHttp_OnlyWhenTold()
    {
        Assert.Equal("http://127.0.0.1:8080/hook", DlpHook.Create(Guid.NewGuid(), Plan.Enterprise, "Local", "http://127.0.0.1:8080/hook", [DlpHookEvents.Test], "sealed", true, "ada", Now).Url);
    }

    [Fact]
    public void Create_NeedsAtLeastOneKnownEvent_AndKeepsThemInCatalogOrder()
    {
        Assert.Equal("Choose at least one event.", Assert.Throws<DomainRuleException>(() => Create(events: [])).Message);
        Assert.StartsWith("'dlp.alert.deleted' is not a DLP hook event", Assert.Throws<DomainRuleException>(() => Create(events: ["dlp.alert.deleted"])).Message, StringComparison.Ordinal);
        Assert.Equal(["dlp.alert.created", "dlp.test"], Create(events: ["dlp.test", "dlp.alert.created", "dlp.test"]).EventList);
    }

    [Fact]
    public void RotateSecret_KeepsTheOldSecretSigning_UntilTheOverlapEnds()
    {
        var hook = Create();
        hook.RotateSecret("sealed-new", TimeSpan.FromHours(24), Now);

        Assert.Equal(["sealed-new", "sealed-old"], hook.SigningSecrets(Now + TimeSpan.FromHours(23)));
        Assert.Equal(["sealed-new"], hook.SigningSecrets(Now + TimeSpan.FromHours(24)));
    }

    [Fact]
    public void Enable_AfterTheWorkspaceLeftEnterprise_IsRefused()
    {
        var hook = Create();
        hook.Disable("Paused", Now);

        Assert.Throws<DomainRuleException>(() => hook.Enable(Plan.Business, Now));
        hook.Enable(Plan.Enterprise, Now);
        Assert.True(hook.Enabled);
        Assert.Null(hook.DisabledReason);
    }

    private static DlpHook Create(Plan plan = Plan.Enterprise, string url = "https://partner.example.com/hook", string[]? events = null) =>
        DlpHook.Create(Guid.NewGuid(), plan, "SIEM", url, events ?? [DlpHookEvents.AlertCreated], "sealed-old", false, "ada", Now);
}
