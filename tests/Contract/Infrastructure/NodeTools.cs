using System.Diagnostics;
using System.Text;

namespace TenantRegistry.Contract.Tests.Infrastructure;

/// <summary>
/// Runs Node.js and npm for the tests that use the spec the way product teams do (the TypeScript client, the docs
/// page in a browser). The npm tools are the repository's own (package.json at the root, installed by the build).
/// </summary>
public static class NodeTools
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>npm's download cache, kept in the repository folder so scratch installs need no network twice.</summary>
    public static string NpmCache => Path.Combine(RepoRoot, ".npm-cache");

    public static string PackagesDirectory => Path.Combine(RepoRoot, "artifacts", "packages");

    /// <summary>The path of a package the root package.json installs, or a failure saying how to get it.</summary>
    public static string ToolPath(params string[] relative)
    {
        var path = Path.Combine([RepoRoot, "node_modules", .. relative]);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} is missing: run ./build.sh --target=Test (it installs the repository's npm tools), or `npm ci` at the repository root.");
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(
        string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Append(output, line.Data);
        process.ErrorDataReceived += (_, line) => Append(output, line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Append(output, $"killed after {timeout}");
        }

        // The asynchronous readers may still hold the last lines; WaitForExit() without a timeout drains them.
        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, $"$ {fileName} {string.Join(' ', start.ArgumentList)}\n{output}");
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string FindRepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TenantRegistry.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no TenantRegistry.sln above {AppContext.BaseDirectory}");
    }
}
