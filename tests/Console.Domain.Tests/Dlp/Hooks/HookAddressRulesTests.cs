using System.Net;
using AdminConsole.Domain.Model.Dlp.Hooks;

namespace AdminConsole.Domain.Tests.Dlp.Hooks;

public class HookAddressRulesTests
{
    [Theory]
    [InlineData("127.0.0.1", HookAddressKind.Loopback)]
    [InlineData("127.255.0.9", HookAddressKind.Loopback)]
    [InlineData("::1", HookAddressKind.Loopback)]
    [InlineData("::ffff:127.0.0.1", HookAddressKind.Loopback)]
    [InlineData("0.0.0.0", HookAddressKind.Unspecified)]
    [InlineData("::", HookAddressKind.Unspecified)]
    [InlineData("10.1.2.3", HookAddressKind.Private)]
    [InlineData("172.16.0.1", HookAddressKind.Private)]
    [InlineData("172.31.255.255", HookAddressKind.Private)]
    [InlineData("192.168.1.1", HookAddressKind.Private)]
    [InlineData("::ffff:10.0.0.1", HookAddressKind.Private)]
    [InlineData("::ffff:192.168.0.10", HookAddressKind.Private)]
    [InlineData("169.254.169.254", HookAddressKind.LinkLocal)]
    [InlineData("fe80::1", HookAddressKind.LinkLocal)]
    [InlineData("febf::1", HookAddressKind.LinkLocal)]
    [InlineData("100.64.0.1", HookAddressKind.SharedAddressSpace)]
    [InlineData("100.127.255.254", HookAddressKind.SharedAddressSpace)]
    [InlineData("fc00::1", HookAddressKind.UniqueLocal)]
    [InlineData("fd12:3456::1", HookAddressKind.UniqueLocal)]
    [InlineData("224.0.0.1", HookAddressKind.Multicast)]
    [InlineData("ff02::1", HookAddressKind.Multicast)]
    [InlineData("255.255.255.255", HookAddressKind.Reserved)]
    [InlineData("64:ff9b::7f00:1", HookAddressKind.Loopback)]
    [InlineData("2002:c0a8:0101::1", HookAddressKind.Private)]
    [InlineData("8.8.8.8", HookAddressKind.Public)]
    [InlineData("100.128.0.1", HookAddressKind.Public)]
    [InlineData("172.32.0.1", HookAddressKind.Public)]
    [InlineData("::ffff:8.8.8.8", HookAddressKind.Public)]
    [InlineData("2606:4700:4700::1111", HookAddressKind.Public)]
    public void Classify_NamesTheNetworkAnAddressBelongsTo(string address, HookAddressKind kind) =>
        Assert.Equal(kind, HookAddressRules.Classify(IPAddress.Parse(address)));

    [Fact]
    public void Permits_PublicAddressesOverHttps_AndOnlyAllowListedOnesOtherwise()
    {
        var none = new HookAddressRules([]);
        var loopback = new HookAddressRules(["127.0.0.1", "10.20.0.0/16"]);

        Assert.True(none.Permits(IPAddress.Parse("8.8.8.8"), plainHttp: false));
        Assert.False(none.Permits(IPAddress.Parse("8.8.8.8"), plainHttp: true));
        Assert.False(none.Permits(IPAddress.Parse("127.0.0.1"), plainHttp: false));
        Assert.True(loopback.Permits(IPAddress.Parse("127.0.0.1"), plainHttp: true));
        Assert.True(loopback.Permits(IPAddress.Parse("::ffff:127.0.0.1"), plainHttp: true));
        Assert.False(loopback.Permits(IPAddress.Parse("127.0.0.2"), plainHttp: false));
        Assert.True(loopback.Permits(IPAddress.Parse("10.20.5.5"), plainHttp: false));
        Assert.False(loopback.Permits(IPAddress.Parse("10.21.0.1"), plainHttp: false));
        Assert.False(loopback.Permits(IPAddress.Parse("::1"), plainHttp: false));
    }

    [Fact]
    public void PermitsPlainHttp_OnlyForAllowListedAddressLiterals()
    {
        var rules = new HookAddressRules(["127.0.0.1", "::1"]);

        Assert.True(rules.PermitsPlainHttp(new Uri("http://127.0.0.1:9000/hook")));
        Assert.True(rules.PermitsPlainHttp(new Uri("http://[::1]:9000/hook")));
        Assert.False(rules.PermitsPlainHttp(new Uri("http://localhost:9000/hook")));
        Assert.False(rules.PermitsPlainHttp(new Uri("http://10.0.0.1/hook")));
    }

    [Fact]
    public void AnAllowListEntryThatIsNoAddress_IsAConfigurationError() =>
        Assert.Throws<ArgumentException>(() => new HookAddressRules(["intranet.local"]));
}
