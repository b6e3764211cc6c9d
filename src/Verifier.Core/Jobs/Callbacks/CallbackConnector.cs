using System.Net;
using System.Net.Sockets;
using Verifier.Core.Network;

namespace Verifier.Core.Jobs.Callbacks;

/// <summary>
/// Opens a callback's connection: resolves the host here, refuses it when any of its addresses is refused by the
/// guard, and connects to the address checked, so DNS cannot send the callback somewhere else (no rebinding).
/// </summary>
internal sealed class CallbackConnector(NetworkGuard guard)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await System.Net.Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        if (addresses.Length == 0)
        {
            throw new HttpRequestException($"The callback host {host} has no address.");
        }

        foreach (var address in addresses)
        {
            if (guard.Evaluate(address) is { IsAllowed: false } refused)
            {
                throw new CallbackAddressRefusedException($"The callback host {host} resolves to a refused address: {refused}.");
            }
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(addresses[0], context.DnsEndPoint.Port), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
