using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TenantRegistry.Contract.Tests.Infrastructure;

/// <summary>
/// The service as a real process (the built TenantRegistry.dll), for what only a process has: signals and exit.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly CapturedLines output = new();

    private ServiceProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
        process.OutputDataReceived += (_, line) => output.Add(line.Data);
        process.ErrorDataReceived += (_, line) => output.Add(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    public int Id => process.Id;

    public string Output => output.ToString();

    /// <summary>
    /// Starts TenantRegistry.dll from <paramref name="serviceDirectory"/> (default: next to the tests) on
    /// <paramref name="port"/> (default: a free one) and waits until it answers /healthz, for at most
    /// <paramref name="within"/> (default 30 s).
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, int? port = null, string? serviceDirectory = null,
        TimeSpan? within = null)
    {
        var address = new Uri($"http://127.0.0.1:{port ?? FreePort()}");
        var start = new ProcessStartInfo("dotnet", $"TenantRegistry.dll --urls {address}")
        {
            WorkingDirectory = serviceDirectory ?? AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var service = new ServiceProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start the service"), address);
        using var probe = new HttpClient { BaseAddress = address };
        var up = await Eventually.HoldsAsync(async () =>
        {
            try
            {
                return (await probe.GetAsync("/healthz")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, within ?? TimeSpan.FromSeconds(30));
        return up ? service : throw new InvalidOperationException("the service did not come up:\n" + service.Output);
    }

    /// <summary>Sends SIGTERM, as an orchestrator does to stop a container.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", $"-TERM {process.Id}");
        kill.WaitForExit();
    }

    /// <summary>Sends SIGKILL, as a crash or the OOM killer would: nothing in the process runs any more.</summary>
    public async Task KillAsync()
    {
        process.Kill();
        await process.WaitForExitAsync();
    }

    public async Task<int?> ExitCodeAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
