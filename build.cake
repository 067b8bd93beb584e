//////////////////////////////////////////////////////////////////////
// ARGUMENTS
//////////////////////////////////////////////////////////////////////

var target = Argument("target", "Default");
var configuration = Argument("configuration", "Release");

//////////////////////////////////////////////////////////////////////
// GLOBAL VARIABLES
//////////////////////////////////////////////////////////////////////

var solution = File("./TenantRegistry.sln");
var artifactsDir = Directory("./artifacts");
var testResultsDir = artifactsDir + Directory("test-results");
var packagesDir = artifactsDir + Directory("packages");
var benchDir = artifactsDir + Directory("bench");
var consumerDir = artifactsDir + Directory("consumer");
// Every pack is a new package version (the contract's info.version + this suffix), so no NuGet cache shadows it.
var clientVersionSuffix = Argument("client-version-suffix", "build." + DateTime.UtcNow.ToString("yyyyMMddHHmmss"));
var typeScriptClientStaging = artifactsDir + Directory("typescript-client");
// npm's download cache lives in the repository folder (git-ignored, kept by __Clean), so a rebuild installs offline.
var npmCache = MakeAbsolute(Directory("./.npm-cache"));
var chromium = File("/usr/bin/chromium");

// Runs a command that must succeed; the npm tools get no telemetry and no update notices, apt-get no prompts.
void Run(string tool, ProcessArgumentBuilder arguments)
{
    var exitCode = StartProcess(tool, new ProcessSettings
    {
        Arguments = arguments,
        EnvironmentVariables = new Dictionary<string, string>
        {
            ["REDOCLY_TELEMETRY"] = "off",
            ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true",
            ["OPTIC_TELEMETRY_LEVEL"] = "off",
            ["DEBIAN_FRONTEND"] = "noninteractive",
        },
    });
    if (exitCode != 0)
    {
        throw new Exception($"{tool} {arguments.RenderSafe()} failed (exit code {exitCode})");
    }
}

//////////////////////////////////////////////////////////////////////
// SETUP / TEARDOWN
//////////////////////////////////////////////////////////////////////

Setup(context =>
{
    Information("Tenant Registry: {0} ({1})", target, configuration);
});

//////////////////////////////////////////////////////////////////////
// PRIVATE TASKS
//////////////////////////////////////////////////////////////////////

Task("__Clean")
    .Does(() =>
{
    CleanDirectories(new[] { artifactsDir.Path });
});

Task("__Restore")
    .Does(() =>
{
    DotNetRestore(solution);
});

// The build runs NSwag (src/Generated) before compiling, so generation is part of every build.
Task("__Build")
    .Does(() =>
{
    DotNetBuild(solution, new DotNetBuildSettings
    {
        Configuration = configuration,
        NoRestore = true,
        // Warnings are errors in hand-written projects (Directory.Build.props); generated code opts out there.
        MSBuildSettings = new DotNetMSBuildSettings().WithProperty("ContinuousIntegrationBuild", "true"),
    });
});

// The telemetry tests run Prometheus' promtool (and the TestPrometheus target a real Prometheus): Debian's
// `prometheus` package. CI is a fresh machine running as root, so the build installs it; elsewhere it says how.
Task("__Prometheus")
    .Does(() =>
{
    if (StartProcess("sh", new ProcessSettings { Arguments = "-c \"command -v promtool && command -v prometheus\"", RedirectStandardOutput = true }) == 0)
    {
        return;
    }

    if (StartProcess("id", new ProcessSettings { Arguments = "-u", RedirectStandardOutput = true }, out var uid) != 0 || uid.FirstOrDefault() != "0")
    {
        throw new Exception("promtool/prometheus missing: install the Debian package 'prometheus' (as root: apt-get install prometheus)");
    }

    Information("Installing the Debian package prometheus (promtool for the telemetry tests)");
    var noninteractive = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
    if (StartProcess("apt-get", new ProcessSettings { Arguments = "update -q", EnvironmentVariables = noninteractive }) != 0
        || StartProcess("apt-get", new ProcessSettings { Arguments = "install -y -q --no-install-recommends prometheus", EnvironmentVariables = noninteractive }) != 0)
    {
        throw new Exception("apt-get install prometheus failed");
    }
});

// Everything but the real-Prometheus scrape, which takes its own target (TestPrometheus).
Task("__Test")
    .Does(() =>
{
    DotNetTest("./tests/Contract/TenantRegistry.Contract.Tests.csproj", new DotNetTestSettings
    {
        Configuration = configuration,
        NoBuild = true,
        NoRestore = true,
        Filter = "Category!=RealPrometheus",
        Loggers = new[] { "console;verbosity=normal", "trx;LogFileName=contract.trx" },
        ResultsDirectory = testResultsDir,
    });
});

// The verdict race tests with thousands of rounds instead of CI's few dozen (docs/api-keys.md#the-storeforget-race).
Task("__Stress")
    .Does(() =>
{
    DotNetTest("./tests/Contract/TenantRegistry.Contract.Tests.csproj", new DotNetTestSettings
    {
        Configuration = configuration,
        NoBuild = true,
        NoRestore = true,
        Filter = "FullyQualifiedName~RaceTests",
        Loggers = new[] { "console;verbosity=normal" },
        EnvironmentVariables = new Dictionary<string, string> { ["TENANT_REGISTRY_STRESS_ROUNDS"] = "3000" },
    });
});

// The README's "First ten minutes", run against the built service on a fresh store: the README cannot rot.
Task("__Walkthrough")
    .Does(() =>
{
    var service = File($"./src/Implementation/bin/{configuration}/net10.0/TenantRegistry.dll");
    var exitCode = StartProcess("bash", new ProcessSettings
    {
        Arguments = new ProcessArgumentBuilder().Append("tests/walkthrough/readme-walkthrough.sh").AppendQuoted(MakeAbsolute(service).FullPath),
    });
    if (exitCode != 0)
    {
        throw new Exception($"the README walkthrough differs from the service (exit code {exitCode}); see above");
    }
});

Task("__TestPrometheus")
    .Does(() =>
{
    DotNetTest("./tests/Contract/TenantRegistry.Contract.Tests.csproj", new DotNetTestSettings
    {
        Configuration = configuration,
        NoBuild = true,
        NoRestore = true,
        Filter = "Category=RealPrometheus",
        Loggers = new[] { "console;verbosity=normal", "trx;LogFileName=prometheus.trx" },
        ResultsDirectory = testResultsDir,
    });
});

// Packs with its own build of the client, so the assemblies carry the package's version.
Task("__Pack")
    .Does(() =>
{
    DotNetPack("./src/Client/TenantRegistry.Client.csproj", new DotNetPackSettings
    {
        Configuration = configuration,
        NoRestore = true,
        OutputDirectory = packagesDir,
        MSBuildSettings = new DotNetMSBuildSettings()
            .WithProperty("ContinuousIntegrationBuild", "true")
            .WithProperty("VersionSuffix", clientVersionSuffix),
    });
});

// A product team's console restores the packed TenantRegistry.Client from artifacts/packages and runs the main
// flow against the built service, once per target framework. Only the .NET 10 runtime is installed: the net8.0
// build is published self-contained, so it runs on the .NET 8 runtime itself (the runtime pack comes from NuGet).
Task("__DotNetConsumerTest")
    .Does(() =>
{
    var package = GetFiles($"{packagesDir}/TenantRegistry.Client.*-{clientVersionSuffix}.nupkg").Single();
    var version = package.GetFilenameWithoutExtension().ToString().Substring("TenantRegistry.Client.".Length);
    var project = "./tests/PackageConsumer/TenantRegistry.PackageConsumer.csproj";
    var consumerSettings = new DotNetMSBuildSettings().WithProperty("TenantRegistryClientVersion", version);
    CleanDirectory(consumerDir);

    var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    var address = $"http://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}";
    listener.Stop();
    var service = StartAndReturnProcess("dotnet", new ProcessSettings
    {
        Arguments = new ProcessArgumentBuilder()
            .AppendQuoted(MakeAbsolute(File($"./src/Implementation/bin/{configuration}/net10.0/TenantRegistry.dll")).FullPath)
            .Append("--urls").Append(address),
        EnvironmentVariables = new Dictionary<string, string> { ["Store__SqlitePath"] = MakeAbsolute(consumerDir + File("registry.db")).FullPath },
        RedirectStandardOutput = true,
    });
    try
    {
        using (var http = new System.Net.Http.HttpClient())
        {
            var ready = false;
            for (var attempt = 0; attempt < 120 && !ready; attempt++)
            {
                try { ready = http.GetAsync(address + "/readyz").GetAwaiter().GetResult().IsSuccessStatusCode; }
                catch (System.Net.Http.HttpRequestException) { }
                if (!ready) { System.Threading.Thread.Sleep(500); }
            }
            if (!ready) { throw new Exception($"the service did not become ready at {address}"); }
        }

        Information("TenantRegistry.Client {0} on net10.0", version);
        DotNetRun(project, new ProcessArgumentBuilder().Append(address), new DotNetRunSettings
        {
            Configuration = "Release",
            Framework = "net10.0",
            MSBuildSettings = consumerSettings,
        });

        Information("TenantRegistry.Client {0} on net8.0 (self-contained, .NET 8 runtime)", version);
        var net8 = consumerDir + Directory("net8.0");
        DotNetPublish(project, new DotNetPublishSettings
        {
            Configuration = "Release",
            Framework = "net8.0",
            Runtime = "linux-x64",
            SelfContained = true,
            OutputDirectory = net8,
            MSBuildSettings = consumerSettings,
        });
        var exitCode = StartProcess(net8 + File("TenantRegistry.PackageConsumer"), new ProcessSettings { Arguments = address });
        if (exitCode != 0) { throw new Exception($"the net8.0 package consumer failed (exit code {exitCode})"); }
    }
    finally
    {
        service.Kill();
        service.WaitForExit();
    }
});

// The npm tools of package.json (lint, gate, TypeScript client, browser driver). `npm ci` runs only when
// package-lock.json changed since the last install, so an unchanged rebuild costs nothing here.
Task("__NpmInstall")
    .Does(() =>
{
    var stamp = File("./node_modules/.installed-lock.sha256");
    var lockHash = CalculateFileHash(File("./package-lock.json")).ToHex();
    if (FileExists(stamp) && System.IO.File.ReadAllText(stamp.Path.FullPath) == lockHash)
    {
        Information("npm tools: up to date with package-lock.json");
        return;
    }

    Run("npm", new ProcessArgumentBuilder().Append("ci").Append("--prefer-offline").Append("--cache").AppendQuoted(npmCache.FullPath));
    System.IO.File.WriteAllText(stamp.Path.FullPath, lockHash);
});

// Redocly CLI with redocly.yaml (each change from the recommended rules has its reason there): errors fail.
Task("__LintSpec")
    .Does(() =>
{
    Run("node_modules/.bin/redocly", new ProcessArgumentBuilder().Append("lint").Append("spec/openapi.yaml").Append("--format=summary"));
});

// spec/openapi.yaml against the newest spec/released/openapi-X.Y.Z.yaml (docs/contract.md), then the gate's own tests.
Task("__BreakingChangeGate")
    .Does(() =>
{
    Run("node", new ProcessArgumentBuilder().Append("build/spec/breaking-change-gate.mjs"));
    Run("node", new ProcessArgumentBuilder().Append("--test").Append("build/spec/"));
});

// @tenant-registry/client as an npm pack tarball in artifacts/packages, versioned by the spec's info.version.
Task("__PackTypeScriptClient")
    .Does(() =>
{
    Run("node", new ProcessArgumentBuilder()
        .Append("build/spec/pack-typescript-client.mjs")
        .AppendQuoted(MakeAbsolute(typeScriptClientStaging).FullPath)
        .AppendQuoted(MakeAbsolute(packagesDir).FullPath));
});

// The /docs browser test drives Debian's chromium; CI is a fresh machine running as root, so the build installs it.
Task("__EnsureChromium")
    .Does(() =>
{
    if (FileExists(chromium))
    {
        return;
    }

    Information("Installing Debian's chromium for the /docs browser test");
    Run("apt-get", new ProcessArgumentBuilder().Append("update").Append("-qq"));
    Run("apt-get", new ProcessArgumentBuilder().Append("install").Append("-y").Append("-qq").Append("--no-install-recommends").Append("chromium"));
});

// The fleet tests and the Fleet target put HAProxy in front of three instances: Debian's `haproxy`. CI is a fresh
// machine running as root, so the build installs it when it is missing, as it does chromium.
Task("__EnsureHaproxy")
    .Does(() =>
{
    if (FileExists(File("/usr/sbin/haproxy")))
    {
        return;
    }

    Information("Installing Debian's haproxy for the fleet tests");
    Run("apt-get", new ProcessArgumentBuilder().Append("update").Append("-qq"));
    Run("apt-get", new ProcessArgumentBuilder().Append("install").Append("-y").Append("-qq").Append("--no-install-recommends").Append("haproxy"));
});

// bench/Fleet (docs/operations.md#a-fleet-behind-a-load-balancer): a fleet of three behind HAProxy, measured under
// load and through each failure. Like the Bench it fails only when its tooling fails, never because of a figure.
Task("__Fleet")
    .Does(() =>
{
    DotNetBuild("./bench/Fleet/Fleet.csproj", new DotNetBuildSettings { Configuration = "Release" });
    DotNetExecute(File("./bench/Fleet/bin/Release/net10.0/Fleet.dll"), new ProcessArgumentBuilder().AppendQuoted(MakeAbsolute(Directory(".")).FullPath));
});

// The service as it ships (Release), the key generator the benchmark seeds with and the realm its tokens come from.
Task("__BenchPublish")
    .Does(() =>
{
    DotNetPublish("./src/Implementation/TenantRegistry.Implementation.csproj", new DotNetPublishSettings
    {
        Configuration = "Release",
        OutputDirectory = benchDir + Directory("service"),
    });
    DotNetPublish("./bench/KeyGen/KeyGen.csproj", new DotNetPublishSettings
    {
        Configuration = "Release",
        OutputDirectory = benchDir + Directory("keygen"),
    });
    DotNetPublish("./bench/TokenGen/TokenGen.csproj", new DotNetPublishSettings
    {
        Configuration = "Release",
        OutputDirectory = benchDir + Directory("tokengen"),
    });
});

// The service and the stand-in realm the authentication Bench signs its tokens with.
Task("__BenchAuthPublish")
    .Does(() =>
{
    DotNetPublish("./src/Implementation/TenantRegistry.Implementation.csproj", new DotNetPublishSettings
    {
        Configuration = "Release",
        OutputDirectory = benchDir + Directory("service"),
    });
    DotNetPublish("./bench/TokenGen/TokenGen.csproj", new DotNetPublishSettings
    {
        Configuration = "Release",
        OutputDirectory = benchDir + Directory("tokengen"),
    });
});

// bench/auth.sh: verify with and without a bearer token, alternating, in one run (docs/security.md).
Task("__BenchAuth")
    .Does(() =>
{
    var exitCode = StartProcess("bash", new ProcessSettings
    {
        Arguments = new ProcessArgumentBuilder().Append("bench/auth.sh").AppendQuoted(MakeAbsolute(benchDir).FullPath),
    });
    if (exitCode != 0)
    {
        throw new Exception($"bench/auth.sh failed (exit code {exitCode})");
    }
});

// bench/run.sh does the rest (docs/performance.md). It fails only when its tooling fails, never because of a figure.
Task("__Bench")
    .Does(() =>
{
    var exitCode = StartProcess("bash", new ProcessSettings
    {
        Arguments = new ProcessArgumentBuilder().Append("bench/run.sh").AppendQuoted(MakeAbsolute(benchDir).FullPath),
    });
    if (exitCode != 0)
    {
        throw new Exception($"bench/run.sh failed (exit code {exitCode})");
    }
});

// bench/audit-evidence.sh (docs/audit.md "Measured"): append throughput with the sealer running vs stopped, sealing
// lag, and the export of 1,000,000 events. Its own target: it seeds a million events, which Bench need not wait for.
Task("__BenchAuditEvidence")
    .Does(() =>
{
    var exitCode = StartProcess("bash", new ProcessSettings
    {
        Arguments = new ProcessArgumentBuilder().Append("bench/audit-evidence.sh").AppendQuoted(MakeAbsolute(benchDir).FullPath),
    });
    if (exitCode != 0)
    {
        throw new Exception($"bench/audit-evidence.sh failed (exit code {exitCode})");
    }
});

//////////////////////////////////////////////////////////////////////
// BUILD TASKS
//////////////////////////////////////////////////////////////////////

Task("Build")
    .IsDependentOn("__Clean")
    .IsDependentOn("__Restore")
    .IsDependentOn("__Build");

Task("Test")
    .IsDependentOn("__Prometheus")
    .IsDependentOn("Build")
    .IsDependentOn("__NpmInstall")
    .IsDependentOn("__LintSpec")
    .IsDependentOn("__BreakingChangeGate")
    .IsDependentOn("__PackTypeScriptClient")
    .IsDependentOn("__EnsureChromium")
    .IsDependentOn("__EnsureHaproxy")
    .IsDependentOn("__Test")
    .IsDependentOn("__Walkthrough")
    .IsDependentOn("__Pack")
    .IsDependentOn("__DotNetConsumerTest");

// A real Prometheus scrapes the service as a real process (about 15 s): docs/operations.md.
Task("TestPrometheus")
    .IsDependentOn("__Prometheus")
    .IsDependentOn("Build")
    .IsDependentOn("__TestPrometheus");

Task("Pack")
    .IsDependentOn("Build")
    .IsDependentOn("__Pack")
    .IsDependentOn("__NpmInstall")
    .IsDependentOn("__PackTypeScriptClient");

// Also the last step of Test; on its own for working on the SDK or the consumer.
Task("DotNetConsumerTest")
    .IsDependentOn("Pack")
    .IsDependentOn("__DotNetConsumerTest");

// Not part of Default or Test, and never run by CI: benchmarks measure, they do not pass or fail.
Task("Bench")
    .IsDependentOn("__BenchPublish")
    .IsDependentOn("__Bench");

// Not part of Default or Test either: the audit evidence figures, with a million-event seed.
Task("BenchAuditEvidence")
    .IsDependentOn("__BenchPublish")
    .IsDependentOn("__BenchAuditEvidence");

// Not part of Default or Test, never run by CI: about fifteen minutes of a fleet of three under load and failures.
Task("Fleet")
    .IsDependentOn("__EnsureHaproxy")
    .IsDependentOn("__Fleet");

// The cost of token validation on verify; like Bench, it measures and never fails on a figure.
Task("BenchAuth")
    .IsDependentOn("__BenchAuthPublish")
    .IsDependentOn("__BenchAuth");

// Not part of Default or Test: the long version of the race tests.
Task("Stress")
    .IsDependentOn("Build")
    .IsDependentOn("__Stress");

Task("Default")
    .IsDependentOn("Test")
    .IsDependentOn("__TestPrometheus");

//////////////////////////////////////////////////////////////////////
// EXECUTION
//////////////////////////////////////////////////////////////////////

RunTarget(target);
