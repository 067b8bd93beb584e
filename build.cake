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

Task("__Test")
    .Does(() =>
{
    DotNetTest("./tests/Contract/TenantRegistry.Contract.Tests.csproj", new DotNetTestSettings
    {
        Configuration = configuration,
        NoBuild = true,
        NoRestore = true,
        Loggers = new[] { "console;verbosity=normal", "trx;LogFileName=contract.trx" },
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
    .IsDependentOn("Build")
    .IsDependentOn("__NpmInstall")
    .IsDependentOn("__LintSpec")
    .IsDependentOn("__BreakingChangeGate")
    .IsDependentOn("__PackTypeScriptClient")
    .IsDependentOn("__EnsureChromium")
    .IsDependentOn("__Test");

Task("Pack")
    .IsDependentOn("Build")
    .IsDependentOn("__Pack")
    .IsDependentOn("__NpmInstall")
    .IsDependentOn("__PackTypeScriptClient");

// Not part of Default or Test, and never run by CI: benchmarks measure, they do not pass or fail.
Task("Bench")
    .IsDependentOn("__BenchPublish")
    .IsDependentOn("__Bench");

Task("Default")
    .IsDependentOn("Test")
    .IsDependentOn("__Pack");

//////////////////////////////////////////////////////////////////////
// EXECUTION
//////////////////////////////////////////////////////////////////////

RunTarget(target);
