using System.Net;
using System.Net.Sockets;

namespace TenantRegistry.Contract.Tests.Infrastructure;

/// <summary>
/// A TCP proxy in front of PostgreSQL that can go silent: once <see cref="Silence"/> is called, nothing more reaches
/// either side, but every socket stays open — a dead link that no error reports, like a pooler that took the
/// session away or a firewall that dropped the flow.
/// </summary>
public sealed class SilenceableProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly string upstreamHost;
    private readonly int upstreamPort;
    private volatile bool silent;

    public SilenceableProxy(string upstreamHost, int upstreamPort)
    {
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
        listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public void Silence() => silent = true;

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient downstream;
            try
            {
                downstream = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }

            _ = RelayAsync(downstream);
        }
    }

    private async Task RelayAsync(TcpClient downstream)
    {
        using var client = downstream;
        using var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(upstreamHost, upstreamPort, stopping.Token);
            await Task.WhenAll(PumpAsync(client.GetStream(), upstream.GetStream()), PumpAsync(upstream.GetStream(), client.GetStream()));
        }
        catch (Exception) when (stopping.IsCancellationRequested || silent)
        {
        }
        catch (IOException)
        {
        }
        catch (SocketException)
        {
        }
    }

    private async Task PumpAsync(Stream from, Stream to)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var read = await from.ReadAsync(buffer, stopping.Token);
            if (read == 0)
            {
                return;
            }

            if (silent)
            {
                // Swallow everything from now on, and keep the socket open.
                await Task.Delay(Timeout.Infinite, stopping.Token);
            }

            await to.WriteAsync(buffer.AsMemory(0, read), stopping.Token);
        }
    }
}
