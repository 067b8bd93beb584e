using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using TenantRegistry.Contract.Tests.Infrastructure;

namespace TenantRegistry.Contract.Tests.Startup;

/// <summary>
/// The built service (TenantRegistry.dll) run as a process with arguments and environment of a test's choosing, with
/// its standard output and standard error kept apart: what an operator or an orchestrator sees of a start.
/// </summary>
public sealed class ServiceCommand : IAsyncDisposable
{
    private readonly Process process;
    private readonly CapturedLines output = new();
    private readonly CapturedLines errors = new();

    private ServiceCommand(Process process, Uri address)
    {
        this.process = process;
        Address = address;
        process.OutputDataReceived += (_, line) => output.Add(line.Data);
        process.ErrorDataReceived += (_, line) => errors.Add(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    public string Output => output.ToString();

    public string Errors => errors.ToString();

    /// <summary>Everything the process wrote, for assertion messages.</summary>
    public string Everything => $"--- stdout ---\n{Output}--- stderr ---\n{Errors}";

    public static ServiceCommand Start(string arguments, IReadOnlyDictionary<string, string?> settings)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet", $"TenantRegistry.dll --urls {address} {arguments}")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return new ServiceCommand(Process.Start(start) ?? throw new InvalidOperationException("could not start the service"), address);
    }

    /// <summary>Runs to the end and returns the exit code; null when it did not exit within the limit.</summary>
    public async Task<int?> ExitCodeAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            // Completes the asynchronous reads of both streams.
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public bool HasExited => process.HasExited;

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
