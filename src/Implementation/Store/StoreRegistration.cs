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
            return WithFailFastConnect(options.PostgresConnectionString!);
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
    /// Npgsql waits 15 s for a connection by default; a dead store should be noticed within the request timeout.
    /// An operator's own Timeout setting wins.
    /// </summary>
    private static string WithFailFastConnect(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return given.ContainsKey("Timeout")
            ? connectionString
            : new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 2 }.ToString();
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
