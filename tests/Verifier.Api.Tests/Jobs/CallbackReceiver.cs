using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Verifier.Api.Tests.Jobs;

/// <summary>
/// A one-route HTTP server on 127.0.0.1 that records the POSTs it gets and answers the n-th with the n-th of its
/// statuses (the last repeats; 204 when none are given). Status 0 closes the connection without an answer.
/// </summary>
internal sealed class CallbackReceiver : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<CallbackRequest> _requests = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly int[] _statuses;
    private Task _loop = Task.CompletedTask;

    private CallbackReceiver(int[] statuses) => _statuses = statuses.Length == 0 ? [204] : statuses;

    public IReadOnlyList<CallbackRequest> Requests => [.. _requests];

    public int Count => _requests.Count;

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/hook";

    public static CallbackReceiver Start(params int[] statuses)
    {
        var receiver = new CallbackReceiver(statuses);
        receiver._listener.Start();
        receiver._loop = receiver.AcceptAsync();
        return receiver;
    }

    /// <summary>Waits until <paramref name="count"/> requests have arrived in all.</summary>
    public async Task WaitForAsync(int count, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (Count < count)
        {
            await _arrived.WaitAsync(deadline.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception)
        {
            // Stopped.
        }

        _listener.Dispose();
        _stop.Dispose();
        _arrived.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            using var socket = await _listener.AcceptSocketAsync(_stop.Token);
            await using var stream = new NetworkStream(socket);
            var head = new StringBuilder();
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                var b = stream.ReadByte();
                if (b < 0)
                {
                    break;
                }

                head.Append((char)b);
            }

            var headers = head.ToString().Split("\r\n");
            string? Header(string name) => headers.FirstOrDefault(h => h.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))?[(name.Length + 1)..].Trim();
            var body = new byte[int.Parse(Header("Content-Length") ?? "0", CultureInfo.InvariantCulture)];
            await stream.ReadExactlyAsync(body, _stop.Token);
            var status = _statuses[Math.Min(_requests.Count, _statuses.Length - 1)];
            _requests.Enqueue(new CallbackRequest(body, Header("X-Verifier-Signature"), Header("X-Verifier-Job")));
            _arrived.Release();
            if (status != 0)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status} Status\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), _stop.Token);
            }
        }
    }
}

/// <summary>One POST a <see cref="CallbackReceiver"/> got.</summary>
internal sealed record CallbackRequest(byte[] Body, string? Signature, string? JobId);
