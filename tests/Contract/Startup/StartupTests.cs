using System.Net;
using Npgsql;
using TenantRegistry.Contract.Tests.Infrastructure;

namespace TenantRegistry.Contract.Tests.Startup;

/// <summary>
/// The process as an operator and an orchestrator see it: --help, the start-up log, the wait for a store that is not
/// up yet, and the one line (exit code ≠ 0, no stack trace) of a start that cannot succeed.
/// </summary>
public sealed class StartupTests
{
    private static readonly TimeSpan ProcessLimit = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("--help", "TenantRegistry migrate [settings]")]
    [InlineData("-h", "TenantRegistry migrate [settings]")]
    [InlineData("migrate --help", "bring the store's schema to this version, then exit")]
    public async Task Help_prints_the_commands_and_main_settings_and_exits_without_touching_the_store(string arguments, string expected)
    {
        // A store that does not exist: help must not wait for it.
        await using var service = ServiceCommand.Start(arguments, UnreachablePostgres(startupTimeout: "00:01:00"));

        var exitCode = await service.ExitCodeAsync(TimeSpan.FromSeconds(20));

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{service.Everything}");
        Assert.Contains(expected, service.Output);
        foreach (var setting in new[] { "--urls", "ConnectionStrings__Registry", "Store__SqlitePath", "Store__StartupTimeout", "Catalog__Products__N__" })
        {
            Assert.Contains(setting, service.Output);
        }

        Assert.Equal("", service.Errors);
    }

    [Fact]
    public async Task An_unknown_command_is_a_usage_error_not_a_start()
    {
        await using var service = ServiceCommand.Start("migrat", StoreSettings.FreshSqlite());

        var exitCode = await service.ExitCodeAsync(TimeSpan.FromSeconds(20));

        Assert.True(exitCode == 64, $"exit code {exitCode}\n{service.Everything}");
        Assert.Equal("TenantRegistry: unknown command 'migrat'; the commands are 'migrate' and 'verify-audit'. Run with --help for usage.", service.Errors.Trim());
    }

    [Fact]
    public async Task A_store_that_never_comes_up_ends_the_start_with_one_line_naming_what_to_check()
    {
        var settings = UnreachablePostgres(startupTimeout: "00:00:02");
        await using var service = ServiceCommand.Start("", settings);

        var exitCode = await service.ExitCodeAsync(ProcessLimit);

        Assert.True(exitCode == 69, $"exit code {exitCode}\n{service.Everything}");
        var line = Assert.Single(service.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var port = new NpgsqlConnectionStringBuilder(settings["ConnectionStrings:Registry"]).Port;
        Assert.StartsWith("TenantRegistry cannot start: PostgreSQL database 'registry' on 127.0.0.1:" + port + " as 'registry_service' did not accept connections within 2 s (Store__StartupTimeout", line);
        Assert.Contains("check that PostgreSQL runs and that the host and port in ConnectionStrings__Registry reach it from here", line);
        // The wait was logged while it lasted, with its bound.
        Assert.Contains("Store not reachable yet: PostgreSQL database 'registry' on 127.0.0.1:" + port, service.Output);
        Assert.Contains("giving up 2 s after start (Store__StartupTimeout)", service.Output);
        AssertNoStackTraceNorSecret(service);
    }

    [Fact]
    public async Task A_store_that_comes_up_while_the_service_waits_is_migrated_and_served()
    {
        using var cluster = PostgresCluster.StartDedicated();
        var connectionString = await cluster.CreateDatabaseAsync() + ";Password=" + Secret;
        cluster.Stop();
        await using var service = ServiceCommand.Start("", new Dictionary<string, string?> { ["ConnectionStrings:Registry"] = connectionString });
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(service.Output.Contains("attempt 2,", StringComparison.Ordinal)), ProcessLimit),
            "the service did not report waiting for the store:\n" + service.Everything);
        Assert.False(service.HasExited, "the service gave up before Store__StartupTimeout:\n" + service.Everything);

        cluster.Start();

        using var client = new HttpClient { BaseAddress = service.Address };
        Assert.True(await Eventually.HoldsAsync(async () => await IsReadyAsync(client), ProcessLimit), "the service did not become ready:\n" + service.Everything);
        Assert.Contains("(reachable after ", service.Output);
        Assert.Contains($"Migrations applied now: {AllMigrations}", service.Output);
        var created = await client.PostJsonAsync("/v1/tenants", """{"slug":"waited-for-store","name":"Waited"}""");
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"{created.StatusCode} {await created.Content.ReadAsStringAsync()}\n{service.Everything}");
        AssertNoStackTraceNorSecret(service);
    }

    [Fact]
    public async Task The_start_up_log_names_the_store_the_migrations_applied_now_authentication_and_the_address()
    {
        var settings = StoreSettings.FreshSqlite();
        var file = Path.GetFullPath(settings["Store:SqlitePath"]!);

        var first = await StartedOutputAsync(settings);
        var second = await StartedOutputAsync(settings);

        Assert.Contains($"Store: SQLite file {file}", first.Output);
        Assert.Contains($"Migrations applied now: {AllMigrations}; the schema is current at {Migrations[^1]}", first.Output);
        Assert.Contains($"Listening on {first.Address.ToString().TrimEnd('/')}; authentication: off (", first.Output);
        Assert.Contains($"Migrations: none to apply; the schema is current at {Migrations[^1]} ({Migrations.Length} migrations)", second.Output);
        Assert.DoesNotContain("Migrations applied now", second.Output);
    }

    [Fact]
    public async Task The_start_up_log_names_the_realm_and_audience_when_callers_must_authenticate()
    {
        var settings = new Dictionary<string, string?>(StoreSettings.FreshSqlite())
        {
            ["Auth:Authority"] = "http://127.0.0.1:9/realms/platform/",
            ["Auth:RequireHttpsMetadata"] = "false",
        };

        var started = await StartedOutputAsync(settings);

        Assert.Contains("; authentication: on (Keycloak realm http://127.0.0.1:9/realms/platform, audience tenant-registry)", started.Output);
    }

    [Fact]
    public async Task The_start_up_log_names_the_postgres_host_database_and_role_but_never_the_password()
    {
        var connectionString = await PostgresCluster.Shared.CreateDatabaseAsync() + ";Password=" + Secret;
        var port = new NpgsqlConnectionStringBuilder(connectionString).Port;
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;

        var started = await StartedOutputAsync(new Dictionary<string, string?> { ["ConnectionStrings:Registry"] = connectionString });

        Assert.Contains($"Store: PostgreSQL database '{database}' on 127.0.0.1:{port} as 'postgres'", started.Output);
        Assert.Contains("Migrations applied now: M0001_TenantsAndAudit", started.Output);
        Assert.DoesNotContain(Secret, started.Output + started.Errors);
    }

    [Fact]
    public async Task A_store_that_refuses_for_a_reason_waiting_cannot_fix_fails_at_once()
    {
        var missingDatabase = new NpgsqlConnectionStringBuilder(PostgresCluster.Shared.ConnectionString("postgres")) { Database = "no_such_registry", Password = Secret };
        await using var service = ServiceCommand.Start("", new Dictionary<string, string?> { ["ConnectionStrings:Registry"] = missingDatabase.ToString() });

        var exitCode = await service.ExitCodeAsync(ProcessLimit);

        Assert.True(exitCode == 78, $"exit code {exitCode}\n{service.Everything}");
        var line = Assert.Single(service.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"TenantRegistry cannot start: PostgreSQL database 'no_such_registry' on 127.0.0.1:{PostgresCluster.Shared.Port} as 'postgres' refused the connection: "
            + "database \"no_such_registry\" does not exist (SQLSTATE 3D000); check ConnectionStrings__Registry (database, username, password)", line);
        Assert.DoesNotContain("Store not reachable yet", service.Output);
        AssertNoStackTraceNorSecret(service);
    }

    [Theory]
    [InlineData("Catalog:Products:0:Key", "", "TenantRegistry cannot start: configuration is not valid: Catalog:Products:0:Key must not be empty")]
    [InlineData("Store:ReadinessTimeout", "soon", "TenantRegistry cannot start: setting Store:ReadinessTimeout (environment variable Store__ReadinessTimeout) is not a valid duration (hh:mm:ss)")]
    [InlineData("Sweeper:Interval", "00:00:00.1", "TenantRegistry cannot start: configuration is not valid: Sweeper:Interval must be between 1 second and 49 days")]
    [InlineData("Sweeper:Interval", "100.00:00:00", "TenantRegistry cannot start: configuration is not valid: Sweeper:Interval must be between 1 second and 49 days")]
    [InlineData("Audit:SealInterval", "100.00:00:00", "TenantRegistry cannot start: configuration is not valid: Audit:SealInterval must be between 10 ms and 49 days")]
    [InlineData("Audit:SigningKeyPath", "/nonexistent/audit-key.pem", "TenantRegistry cannot start: configuration is not valid: Audit:SigningKeyPath names /nonexistent/audit-key.pem, which does not exist")]
    [InlineData("Audit:SigningKeyPath", "/etc/passwd", "TenantRegistry cannot start: configuration is not valid: the audit signing key /etc/passwd holds no readable PEM private key (")]
    [InlineData("ConnectionStrings:Registry", "Host=;;=x", "TenantRegistry cannot start: ConnectionStrings__Registry is not a valid PostgreSQL connection string: ")]
    public async Task A_configuration_error_ends_the_start_with_one_line(string key, string value, string expected)
    {
        await using var service = ServiceCommand.Start("", StoreSettings.FreshSqlite((key, value), ("Store:StartupTimeout", "00:01:00")));

        var exitCode = await service.ExitCodeAsync(ProcessLimit);

        Assert.True(exitCode == 78, $"exit code {exitCode}\n{service.Everything}");
        var line = Assert.Single(service.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(expected, line);
        AssertNoStackTraceNorSecret(service);
    }

    [Fact]
    public async Task Migrate_applies_the_migrations_and_exits()
    {
        var settings = StoreSettings.FreshSqlite();
        await using var migrate = ServiceCommand.Start("migrate", settings);

        var exitCode = await migrate.ExitCodeAsync(ProcessLimit);

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{migrate.Everything}");
        Assert.Contains("Migrations applied now: M0001_TenantsAndAudit", migrate.Output);
        Assert.DoesNotContain("Listening on", migrate.Output);
        Assert.Equal("", migrate.Errors);
    }

    private const string Secret = "never-log-this-password";

    /// <summary>Every migration the service ships, in order, by class name (M0001_…), as the start-up log names them.</summary>
    private static readonly string[] Migrations = [.. typeof(TenantRegistry.Store.StoreMigrator).Assembly.GetTypes()
        .Where(type => type.Namespace == "TenantRegistry.Store.Migrations" && type.IsSubclassOf(typeof(FluentMigrator.Migration)))
        .Select(type => type.Name).Order(StringComparer.Ordinal)];

    private static string AllMigrations => string.Join(", ", Migrations);

    private static Dictionary<string, string?> UnreachablePostgres(string startupTimeout) => new()
    {
        // A port nothing listens on: a closed listener's port.
        ["ConnectionStrings:Registry"] = $"Host=127.0.0.1;Port={ClosedPort()};Database=registry;Username=registry_service;Password={Secret}",
        ["Store:StartupTimeout"] = startupTimeout,
    };

    private static async Task<ServiceCommand> StartedOutputAsync(IReadOnlyDictionary<string, string?> settings)
    {
        await using var service = ServiceCommand.Start("", settings);
        using var client = new HttpClient { BaseAddress = service.Address };
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(service.Output.Contains("Listening on", StringComparison.Ordinal)), ProcessLimit),
            "the service did not log that it listens:\n" + service.Everything);
        // Ready once verify's cache is warm, which follows listening by a moment (docs/api-keys.md#warm-start).
        Assert.True(await Eventually.HoldsAsync(async () => await IsReadyAsync(client), ProcessLimit), "listening but never ready:\n" + service.Everything);
        return service;
    }

    private static async Task<bool> IsReadyAsync(HttpClient client)
    {
        try
        {
            return (await client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static void AssertNoStackTraceNorSecret(ServiceCommand service)
    {
        Assert.DoesNotContain("   at ", service.Everything);
        Assert.DoesNotContain("Exception", service.Everything);
        Assert.DoesNotContain(Secret, service.Everything);
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
