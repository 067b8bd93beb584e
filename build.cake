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

Task("__Pack")
    .Does(() =>
{
    DotNetPack("./src/Client/TenantRegistry.Client.csproj", new DotNetPackSettings
    {
        Configuration = configuration,
        NoBuild = true,
        NoRestore = true,
        OutputDirectory = packagesDir,
    });
});

// The service as it ships (Release) and the key generator the benchmark seeds with.
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
    .IsDependentOn("__Test");

// A real Prometheus scrapes the service as a real process (about 15 s): docs/operations.md.
Task("TestPrometheus")
    .IsDependentOn("__Prometheus")
    .IsDependentOn("Build")
    .IsDependentOn("__TestPrometheus");

Task("Pack")
    .IsDependentOn("Build")
    .IsDependentOn("__Pack");

// Not part of Default or Test, and never run by CI: benchmarks measure, they do not pass or fail.
Task("Bench")
    .IsDependentOn("__BenchPublish")
    .IsDependentOn("__Bench");

Task("Default")
    .IsDependentOn("Test")
    .IsDependentOn("__TestPrometheus")
    .IsDependentOn("__Pack");

//////////////////////////////////////////////////////////////////////
// EXECUTION
//////////////////////////////////////////////////////////////////////

RunTarget(target);
