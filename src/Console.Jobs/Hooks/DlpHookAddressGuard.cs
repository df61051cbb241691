using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using AdminConsole.Domain.Model.Dlp.Hooks;

namespace AdminConsole.Jobs.Hooks;

/// <summary>A hook's host resolves only to addresses it may not be delivered to.</summary>
public sealed class HookAddressRefusedException : IOException
{
    public HookAddressRefusedException(string message)
        : base(message)
    {
    }

    public HookAddressRefusedException()
    {
    }

    public HookAddressRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The connect step of the hooks' HTTP client: resolves the host itself, keeps only the addresses
/// <see cref="HookAddressRules"/> permits and connects to one of those. The address checked is the address
/// connected to, so a name that resolves to a public address when the hook is saved and to 127.0.0.1 when it is
/// sent (DNS rebinding) still never reaches the console's own network.
/// </summary>
public sealed class DlpHookAddressGuard(HookAddressRules rules)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var host = context.DnsEndPoint.Host;
        var plainHttp = context.InitialRequestMessage.RequestUri?.Scheme == Uri.UriSchemeHttp;
        var resolved = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var permitted = resolved.Where(a => rules.Permits(a, plainHttp)).ToList();
        if (permitted.Count == 0)
        {
            var kinds = string.Join(", ", resolved.Select(a => HookAddressRules.Classify(a).ToString().ToLowerInvariant()).Distinct());
            throw new HookAddressRefusedException(plainHttp
                ? $"Refused: plain http is allowed only to allow-listed addresses ({host} is {kinds})."
                : $"Refused: {host} resolves only to addresses hooks may not reach ({kinds}).");
        }

        Exception? last = null;
        foreach (var address in permitted)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw new IOException($"No address of {host} accepted a connection.", last);
    }
}
