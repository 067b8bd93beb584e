using FluentMigrator.Runner;
using LinqToDB;
using LinqToDB.DataProvider.PostgreSQL;
using LinqToDB.DataProvider.SQLite;
using Microsoft.Data.Sqlite;
using Npgsql;
using Microsoft.Extensions.Options;
using TenantRegistry.Hosting;

namespace TenantRegistry.Store;

public static class StoreRegistration
{
    /// <summary>
    /// Statements kept prepared per connection: every statement the request paths, the sweeper and the usage writer
    /// send, with room to spare (linq2db sends the same text for every call of a query).
    /// </summary>
    private const int AutoPreparedStatements = 64;

    public static IServiceCollection AddRegistryStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StoreOptions>()
            .Bind(configuration.GetSection(StoreOptions.SectionName))
            .Configure(options => options.PostgresConnectionString ??= configuration.GetConnectionString("Registry"))
            .ValidateDuration("Store:ReadinessTimeout", options => options.ReadinessTimeout, TimeSpan.FromMilliseconds(10), DurationSettings.LongestTimer)
            .ValidateDuration("Store:RequestTimeout", options => options.RequestTimeout, DurationSettings.PollyTimeout)
            .ValidateDuration("Store:BreakDuration", options => options.BreakDuration, DurationSettings.PollyBreak)
            .ValidateOnStart();

        services.AddSingleton(provider => CreateDataOptions(provider.GetRequiredService<IOptions<StoreOptions>>().Value));
        services.AddScoped<RegistryDb>();
        services.AddScoped<UnitOfChange>();
        services.AddSingleton<BusinessEvents>();
        services.AddSingleton<StorePipelines>();
        services.AddSingleton<StoreProbe>();

        services.AddFluentMigratorCore()
            .ConfigureRunner(runner => runner
                .AddPostgres15_0()
                .AddSQLite()
                .WithGlobalConnectionString(provider => ConnectionStringOf(provider.GetRequiredService<IOptions<StoreOptions>>().Value))
                .ScanIn(typeof(StoreRegistration).Assembly).For.Migrations())
            .AddSingleton<IConfigureOptions<FluentMigrator.Runner.Processors.SelectingProcessorAccessorOptions>, SelectStoreProcessor>();
        services.AddSingleton<StoreMigrator>();
        return services;
    }

    internal static string ConnectionStringOf(StoreOptions options)
    {
        if (options.UsesPostgres)
        {
            return WithServiceDefaults(options.PostgresConnectionString!);
        }

        var path = Path.GetFullPath(options.SqlitePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>
    /// The service's defaults for PostgreSQL; a setting the operator's connection string names wins.
    /// <para>
    /// Npgsql waits 15 s for a connection by default; a dead store should be noticed within the request timeout.
    /// </para>
    /// <para>
    /// Every request sends the same few statements, and without preparing them PostgreSQL parses and plans each one
    /// every time, on the cores the service shares with it. Prepared (a statement sent five times is prepared on its
    /// connection), PostgreSQL answered GET tenant's read 3.3 times as often per second (pgbench, 16 clients,
    /// docs/performance.md#prepared-statements). Preparing changes nothing about session hygiene: a pooled connection
    /// that holds prepared statements is reset without DISCARD ALL (which would drop them) but with the rest of it,
    /// advisory locks included (Npgsql's reset: RESET ALL, CLOSE ALL, UNLISTEN, pg_advisory_unlock_all, DISCARD TEMP
    /// and SEQUENCES). Behind a pooler in transaction mode that cannot keep prepared statements, set
    /// <c>Max Auto Prepare=0</c>.
    /// </para>
    /// </summary>
    private static string WithServiceDefaults(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys
            .Cast<string>().Select(name => name.Replace(" ", "", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.Contains("Timeout"))
        {
            builder.Timeout = 2;
        }

        if (!given.Contains("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = AutoPreparedStatements;
        }

        return builder.ToString();
    }

    private static DataOptions<RegistryDb> CreateDataOptions(StoreOptions options)
    {
        var connectionString = ConnectionStringOf(options);
        var dataOptions = options.UsesPostgres
            ? new DataOptions().UsePostgreSQL(connectionString, PostgreSQLVersion.v15)
            : new DataOptions().UseSQLite(connectionString, SQLiteProvider.Microsoft).UseMappingSchema(SqliteMapping.Create());
        return new DataOptions<RegistryDb>(dataOptions);
    }

    private sealed class SelectStoreProcessor(IOptions<StoreOptions> store) : IConfigureOptions<FluentMigrator.Runner.Processors.SelectingProcessorAccessorOptions>
    {
        public void Configure(FluentMigrator.Runner.Processors.SelectingProcessorAccessorOptions options) =>
            options.ProcessorId = store.Value.UsesPostgres ? "PostgreSQL15_0" : "SQLite";
    }
}
