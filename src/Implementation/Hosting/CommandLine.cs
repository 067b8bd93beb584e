namespace TenantRegistry.Hosting;

internal enum RegistryCommand
{
    Serve,
    Migrate,
    Help,
    Invalid,
}

/// <summary>What the process was asked to do, and for help or a usage error, the text to print.</summary>
internal sealed record ParsedCommand(RegistryCommand Command, string Text = "")
{
    public int ExitCode => Command == RegistryCommand.Invalid ? StartupFailure.UsageExitCode : 0;
}

/// <summary>
/// The process takes one optional command word (`migrate`; `verify-audit` is dispatched before this, with options
/// of its own) and otherwise only settings, which the host reads from
/// the same arguments (`--urls URL`, `--Store:SqlitePath=PATH`). `--help` is answered before anything is built, so it
/// never touches the store.
/// </summary>
internal static class CommandLine
{
    private static readonly string[] HelpFlags = ["--help", "-h", "-?", "help"];

    public static ParsedCommand Parse(IReadOnlyList<string> args)
    {
        var words = new List<string>();
        var help = false;
        for (var index = 0; index < args.Count; index++)
        {
            var arg = args[index];
            if (HelpFlags.Contains(arg, StringComparer.OrdinalIgnoreCase))
            {
                help = true;
            }
            else if (arg.StartsWith('-') || arg.StartsWith('/'))
            {
                // The configuration reads `--key value` as one setting: the value is not a command word.
                if (!arg.Contains('=', StringComparison.Ordinal))
                {
                    index++;
                }
            }
            else if (!arg.Contains('=', StringComparison.Ordinal))
            {
                words.Add(arg);
            }
        }

        return words switch
        {
            [] => help ? new(RegistryCommand.Help, ServeUsage) : new(RegistryCommand.Serve),
            ["migrate"] => help ? new(RegistryCommand.Help, MigrateUsage) : new(RegistryCommand.Migrate),
            [var unknown] => new(RegistryCommand.Invalid, $"TenantRegistry: unknown command '{unknown}'; the commands are 'migrate' and 'verify-audit'. Run with --help for usage.\n"),
            _ => new(RegistryCommand.Invalid, $"TenantRegistry: one command at most, got '{string.Join(' ', words)}'. Run with --help for usage.\n"),
        };
    }

    private const string Settings = """
        Settings (environment variable, or --Section:Key=value on the command line; see README.md):
          --urls URL / ASPNETCORE_URLS      where to listen (default http://localhost:8090, loopback only)
          ConnectionStrings__Registry       PostgreSQL connection string; empty means the embedded SQLite store
          Store__SqlitePath                 the SQLite file (default ./data/tenant-registry.db, relative to the working directory)
          Store__StartupTimeout             how long start-up waits for the store (default 00:01:00)
          Store__ServiceRole                PostgreSQL role the service runs as, granted its rights by each migration run
          Sweeper__Interval                 time between lifecycle sweeps (default 00:01:00)
          Catalog__Products__N__...         the product catalog (default: appsettings.json next to the binary)

        Exit codes: 0 done, 64 bad command line, 69 store not reachable within Store__StartupTimeout,
        78 configuration not valid. Failures to start print one line saying what to check.

        """;

    private const string ServeUsage = $"""
        Tenant Registry: tenants, entitlements, API keys and the audit log of the platform.

        Usage:
          TenantRegistry [settings]            wait for the store, apply migrations, serve HTTP until SIGTERM
          TenantRegistry migrate [settings]    wait for the store, apply migrations, exit
          TenantRegistry verify-audit ...      check an audit export or the live audit log offline (docs/audit.md)
          TenantRegistry --help                this text (also: migrate --help)

        Run it as `dotnet TenantRegistry.dll` from a build or publish directory, or
        `dotnet run --project src/Implementation -- ARGS` from the repository.

        {Settings}
        """;

    private const string MigrateUsage = $"""
        TenantRegistry migrate: bring the store's schema to this version, then exit.

        Usage:
          TenantRegistry migrate [settings]

        Uses the same settings as the service (the store is chosen by ConnectionStrings__Registry). Applies every
        migration the store has not seen, logs each one, and exits 0; a store that already has them all is left as
        it is. The service applies the same migrations at every start, so running this first is optional; see
        docs/upgrading.md for upgrades and rollbacks.

        {Settings}
        """;
}
