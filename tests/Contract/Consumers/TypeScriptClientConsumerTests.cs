using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.Consumers;

/// <summary>
/// The TypeScript client as a product team gets it: the <c>npm pack</c> tarball from artifacts/packages installed
/// into a scratch Node project, its consumer program compiled with strict TypeScript and run against the service
/// started as a process (embedded SQLite store: the store is not what this test is about).
/// </summary>
public sealed class TypeScriptClientConsumerTests
{
    private static readonly TimeSpan NpmTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task The_packed_client_runs_the_main_flow_against_the_service()
    {
        var version = ContractDocument.Shared.Value.Root["info"]!["version"]!.GetValue<string>();
        var tarball = Path.Combine(NodeTools.PackagesDirectory, $"tenant-registry-client-{version}.tgz");
        Assert.True(File.Exists(tarball), $"{tarball} is missing: ./build.sh --target=Test packs it before the tests run (the __PackTypeScriptClient task).");

        var scratch = Directory.CreateTempSubdirectory("ts-consumer-").FullName;
        try
        {
            var consumer = Path.Combine(AppContext.BaseDirectory, "Consumers", "typescript");
            foreach (var file in new[] { "main.ts", "tsconfig.json" })
            {
                File.Copy(Path.Combine(consumer, file), Path.Combine(scratch, file));
            }

            await File.WriteAllTextAsync(Path.Combine(scratch, "package.json"), """{ "name": "scratch-consumer", "private": true, "type": "module" }""");
            await Succeeds(NodeTools.RunAsync("npm", ["install", tarball, "--cache", NodeTools.NpmCache, "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], scratch, NpmTimeout));
            await Succeeds(NodeTools.RunAsync("node", [NodeTools.ToolPath("typescript", "bin", "tsc"), "-p", scratch], scratch, NpmTimeout));

            await using var service = await ServiceProcess.StartAsync(StoreSettings.FreshSqlite());
            var run = await Succeeds(NodeTools.RunAsync("node", [Path.Combine(scratch, "out", "main.js")], scratch, TimeSpan.FromMinutes(1),
                new Dictionary<string, string> { ["TENANT_REGISTRY_URL"] = service.Address.ToString().TrimEnd('/') }));
            Assert.Contains("consumer flow passed", run, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static async Task<string> Succeeds(Task<(int ExitCode, string Output)> step)
    {
        var (exitCode, output) = await step;
        Assert.True(exitCode == 0, output);
        return output;
    }
}
