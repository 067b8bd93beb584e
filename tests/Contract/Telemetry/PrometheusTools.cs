using System.Diagnostics;

namespace TenantRegistry.Contract.Tests.Telemetry;

/// <summary>The Debian package <c>prometheus</c> (prometheus and promtool); <c>./build.sh</c> installs it when missing.</summary>
public static class PrometheusTools
{
    public const string InstallHint =
        "needs the Debian package 'prometheus' (prometheus and promtool): ./build.sh installs it when run as root, or apt-get install prometheus";

    public static string Promtool => Find("promtool");

    public static string Prometheus => Find("prometheus");

    public static string RulesDirectory => Path.Combine(RepositoryRoot(), "ops", "prometheus");

    /// <summary>Runs a tool to its end; returns its exit code and everything it wrote.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string tool, string arguments, string? input = null)
    {
        var start = new ProcessStartInfo(tool, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }

    private static string Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists)
        ?? throw new Xunit.Sdk.XunitException($"{name} not found on PATH: this test {InstallHint}");

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TenantRegistry.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (TenantRegistry.sln) is not above the test binaries");
    }
}
