using System.Net;
using System.Net.Sockets;

namespace Verifier.Testing.Network;

/// <summary>Ports for servers the tests start themselves on 127.0.0.1.</summary>
public static class LoopbackPorts
{
    /// <summary>A TCP port on 127.0.0.1 that nothing listens on now (the kernel's pick, released at once).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
