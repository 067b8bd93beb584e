using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace TenantRegistry.Contract.Tests.Infrastructure;

/// <summary>
/// HAProxy (Debian's `haproxy`, which the build installs) in the foreground, configured from bench/fleet/haproxy.cfg,
/// and its runtime API on a Unix socket: server states, and servers taken out of rotation and put back.
/// </summary>
public sealed class Haproxy : IAsyncDisposable
{
    /// <summary>bench/fleet, copied next to the binaries of the tests and of bench/Fleet.</summary>
    public static readonly string FleetDirectory = Path.Combine(AppContext.BaseDirectory, "fleet");

    private readonly Process process;
    private readonly string socket;
    private readonly CapturedLines output = new();

    private Haproxy(Process process, string socket, int port)
    {
        this.process = process;
        this.socket = socket;
        Address = new Uri($"http://127.0.0.1:{port}");
        process.OutputDataReceived += (_, line) => output.Add(line.Data);
        process.ErrorDataReceived += (_, line) => output.Add(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    public int Id => process.Id;

    public string Output => output.ToString();

    /// <summary>
    /// Balances over <paramref name="servers"/> (name → loopback port): each in rotation while its /readyz answers 200,
    /// and as a backup while its /healthz does (bench/fleet/haproxy.cfg says why).
    /// </summary>
    public static async Task<Haproxy> StartAsync(string directory, int port, IReadOnlyList<(string Name, int Port)> servers)
    {
        var socket = Path.Combine(directory, "haproxy.sock");
        var config = (await File.ReadAllTextAsync(Path.Combine(FleetDirectory, "haproxy.cfg")))
            .Replace("{{socket}}", socket, StringComparison.Ordinal)
            .Replace("{{errorfile_503}}", Path.Combine(FleetDirectory, "haproxy-503.http"), StringComparison.Ordinal)
            .Replace("{{port}}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{{ready_servers}}", Lines(servers, s => $"    server {s.Name} 127.0.0.1:{s.Port} check"), StringComparison.Ordinal)
            .Replace("{{alive_servers}}", Lines(servers, s => $"    server {s.Name}-alive 127.0.0.1:{s.Port} backup track alive/{s.Name}"), StringComparison.Ordinal)
            .Replace("{{liveness_servers}}", Lines(servers, s => $"    server {s.Name} 127.0.0.1:{s.Port} check"), StringComparison.Ordinal);
        var configFile = Path.Combine(directory, "haproxy.cfg");
        await File.WriteAllTextAsync(configFile, config);

        var start = new ProcessStartInfo(Executable(), $"-db -f \"{configFile}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var haproxy = new Haproxy(Process.Start(start) ?? throw new InvalidOperationException("could not start haproxy"), socket, port);
        var up = await Eventually.HoldsAsync(async () =>
        {
            if (haproxy.process.HasExited)
            {
                return true;
            }

            try
            {
                await haproxy.CommandAsync("show info");
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(10));
        return up && !haproxy.process.HasExited ? haproxy : throw new InvalidOperationException("haproxy did not start:\n" + haproxy.Output);
    }

    /// <summary>The check status of each server of a backend (UP, DOWN, MAINT, "UP 1/2"...), by server name.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ServerStatesAsync(string backend = "registry")
    {
        var lines = (await CommandAsync("show stat")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].TrimStart('#', ' ').Split(',');
        var (proxy, server, status) = (Array.IndexOf(header, "pxname"), Array.IndexOf(header, "svname"), Array.IndexOf(header, "status"));
        return lines.Skip(1)
            .Select(line => line.Split(','))
            .Where(fields => fields[proxy] == backend && fields[server] is not ("FRONTEND" or "BACKEND"))
            .ToDictionary(fields => fields[server], fields => fields[status]);
    }

    /// <summary>Takes a server out of rotation ("maint") or puts it back ("ready") through the runtime API.</summary>
    public Task SetServerStateAsync(string server, string state, string backend = "registry") =>
        CommandAsync($"set server {backend}/{server} state {state}");

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private async Task<string> CommandAsync(string command)
    {
        using var connection = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await connection.ConnectAsync(new UnixDomainSocketEndPoint(socket));
        await using var stream = new NetworkStream(connection, ownsSocket: false);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadToEndAsync();
    }

    private static string Lines(IEnumerable<(string Name, int Port)> servers, Func<(string Name, int Port), string> line) =>
        string.Join('\n', servers.Select(line));

    private static string Executable() =>
        new[] { "/usr/sbin/haproxy", "/usr/local/sbin/haproxy" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException(
            "haproxy was not found: the fleet needs Debian's haproxy package (./build.sh installs it when it runs as root; otherwise `apt-get install haproxy`).");
}
