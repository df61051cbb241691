using System.Net;
using System.Net.Sockets;

namespace AdminConsole.Domain.Model.Dlp.Hooks;

/// <summary>What kind of network an address belongs to, as far as sending a hook to it goes.</summary>
public enum HookAddressKind
{
    Public = 0,
    Unspecified,
    Loopback,
    Private,
    LinkLocal,

    /// <summary>Carrier-grade NAT, 100.64.0.0/10: not the internet, often the operator's own network.</summary>
    SharedAddressSpace,

    /// <summary>IPv6 unique local addresses, fc00::/7 (and the retired site-local fec0::/10).</summary>
    UniqueLocal,
    Multicast,

    /// <summary>Documentation, benchmarking, broadcast and other ranges nobody should be serving a hook from.</summary>
    Reserved,
}

/// <summary>
/// Which addresses a hook may be delivered to: public ones, and whatever the configured allow-list names. IPv4-mapped
/// and IPv4-embedding IPv6 forms (::ffff:a.b.c.d, NAT64, 6to4) are judged by the IPv4 address they carry, so
/// <c>::ffff:127.0.0.1</c> is loopback.
/// </summary>
public sealed class HookAddressRules
{
    private static readonly (IPNetwork Network, HookAddressKind Kind)[] Ranges =
    [
        (IPNetwork.Parse("0.0.0.0/8"), HookAddressKind.Unspecified),
        (IPNetwork.Parse("10.0.0.0/8"), HookAddressKind.Private),
        (IPNetwork.Parse("100.64.0.0/10"), HookAddressKind.SharedAddressSpace),
        (IPNetwork.Parse("127.0.0.0/8"), HookAddressKind.Loopback),
        (IPNetwork.Parse("169.254.0.0/16"), HookAddressKind.LinkLocal),
        (IPNetwork.Parse("172.16.0.0/12"), HookAddressKind.Private),
        (IPNetwork.Parse("192.0.0.0/24"), HookAddressKind.Reserved),
        (IPNetwork.Parse("192.0.2.0/24"), HookAddressKind.Reserved),
        (IPNetwork.Parse("192.168.0.0/16"), HookAddressKind.Private),
        (IPNetwork.Parse("198.18.0.0/15"), HookAddressKind.Reserved),
        (IPNetwork.Parse("198.51.100.0/24"), HookAddressKind.Reserved),
        (IPNetwork.Parse("203.0.113.0/24"), HookAddressKind.Reserved),
        (IPNetwork.Parse("224.0.0.0/4"), HookAddressKind.Multicast),
        (IPNetwork.Parse("240.0.0.0/4"), HookAddressKind.Reserved),
        (IPNetwork.Parse("::/128"), HookAddressKind.Unspecified),
        (IPNetwork.Parse("::1/128"), HookAddressKind.Loopback),
        (IPNetwork.Parse("::/96"), HookAddressKind.Reserved),
        (IPNetwork.Parse("fc00::/7"), HookAddressKind.UniqueLocal),
        (IPNetwork.Parse("fec0::/10"), HookAddressKind.UniqueLocal),
        (IPNetwork.Parse("fe80::/10"), HookAddressKind.LinkLocal),
        (IPNetwork.Parse("ff00::/8"), HookAddressKind.Multicast),
        (IPNetwork.Parse("2001:db8::/32"), HookAddressKind.Reserved),
        (IPNetwork.Parse("100::/64"), HookAddressKind.Reserved),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    private readonly IReadOnlyList<IPNetwork> _allowed;

    /// <param name="allowedNetworks">Addresses or CIDR ranges that may be used although they are not public (for tests: 127.0.0.1).</param>
    public HookAddressRules(IEnumerable<string>? allowedNetworks)
    {
        var allowed = new List<IPNetwork>();
        foreach (var entry in allowedNetworks ?? [])
        {
            var text = entry.Trim();
            if (text.Length == 0)
                continue;
            if (IPAddress.TryParse(text, out var single) && !text.Contains('/', StringComparison.Ordinal))
                allowed.Add(new IPNetwork(Canonical(single), Canonical(single).AddressFamily == AddressFamily.InterNetwork ? 32 : 128));
            else if (IPNetwork.TryParse(text, out var network))
                allowed.Add(network);
            else
                throw new ArgumentException($"'{text}' in the DLP hook allow-list is neither an IP address nor a CIDR range.", nameof(allowedNetworks));
        }

        _allowed = allowed;
    }

    public static HookAddressKind Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var ip = Canonical(address);
        foreach (var (network, kind) in Ranges)
        {
            if (network.BaseAddress.AddressFamily == ip.AddressFamily && network.Contains(ip))
                return kind;
        }

        if (ip.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = ip.GetAddressBytes();
            if (Nat64.Contains(ip))
                return Classify(new IPAddress(bytes.AsSpan(12, 4)));
            if (SixToFour.Contains(ip))
                return Classify(new IPAddress(bytes.AsSpan(2, 4)));
        }

        return ip.Equals(IPAddress.Broadcast) ? HookAddressKind.Reserved : HookAddressKind.Public;
    }

    public bool IsAllowListed(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var ip = Canonical(address);
        return _allowed.Any(n => n.BaseAddress.AddressFamily == ip.AddressFamily && n.Contains(ip));
    }

    /// <summary>
    /// Whether a connection to <paramref name="address"/> may be made: public addresses over https, allow-listed ones
    /// over https or plain http. Plain http to the internet would hand the signed alert to anyone on the path.
    /// </summary>
    public bool Permits(IPAddress address, bool plainHttp) =>
        IsAllowListed(address) || (!plainHttp && Classify(address) == HookAddressKind.Public);

    /// <summary>
    /// Whether a hook URL may use plain http: only when its host is an address literal on the allow-list (a name could
    /// resolve anywhere later; the dispatcher checks the address it connects to in any case).
    /// </summary>
    public bool PermitsPlainHttp(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(url.DnsSafeHost, out var host) && IsAllowListed(host);
    }

    /// <summary>
    /// Why a hook URL whose host is an address literal may not be saved (loopback, private, link-local and the other
    /// ranges no partner serves from, unless the allow-list names it), or null. Every spelling that parses to such an
    /// address is judged by the address (<c>2130706433</c> and <c>0x7f.1</c> are 127.0.0.1). A host name passes here:
    /// what it resolves to is checked at each connection.
    /// </summary>
    public string? ProblemWith(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6) || !IPAddress.TryParse(url.DnsSafeHost, out var host))
            return null;
        var kind = Classify(host);
        if (kind == HookAddressKind.Public || IsAllowListed(host))
            return null;
        return $"The URL's address {Canonical(host)} is {Describe(kind)}: DLP hooks are delivered to public endpoints only, unless DlpHooks:AllowedNetworks names the address.";
    }

    private static string Describe(HookAddressKind kind) => kind switch
    {
        HookAddressKind.Loopback => "a loopback address",
        HookAddressKind.Private => "a private address",
        HookAddressKind.LinkLocal => "a link-local address",
        HookAddressKind.SharedAddressSpace => "in the carrier-grade NAT range",
        HookAddressKind.UniqueLocal => "a unique local address",
        HookAddressKind.Multicast => "a multicast address",
        HookAddressKind.Unspecified => "the unspecified address",
        _ => "in a reserved range",
    };

    private static IPAddress Canonical(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
