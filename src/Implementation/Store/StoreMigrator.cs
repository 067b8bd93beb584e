using FluentMigrator.Infrastructure;
using FluentMigrator.Runner;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace TenantRegistry.Store;

/// <summary>Brings the store's schema to the newest version; runs at start and as the `migrate` command.</summary>
public sealed class StoreMigrator(IServiceScopeFactory scopes, IOptions<StoreOptions> options, ILogger<StoreMigrator> logger)
{
    public void MigrateToLatest()
    {
        if (!options.Value.UsesPostgres)
        {
            UseWriteAheadLog(StoreRegistration.ConnectionStringOf(options.Value));
        }

        using var scope = scopes.CreateScope();
        var runner = scope.ServiceProvider.GetRequiredService<IMigrationRunner>();
        var known = runner.MigrationLoader.LoadMigrations();
        var seen = scope.ServiceProvider.GetRequiredService<IVersionLoader>().VersionInfo;
        var pending = known.Values.Where(migration => !seen.HasAppliedMigration(migration.Version)).Select(NameOf).ToList();
        var unknown = seen.AppliedMigrations().Where(version => !known.ContainsKey(version)).Order().ToList();
        if (unknown.Count > 0)
        {
            // A rollback to an older version: fine while the newer migrations only added things (docs/upgrading.md).
            logger.LogWarning("The store has migrations this version does not know ({Versions}): a newer version migrated it; this version runs on it as long as those migrations only added tables, columns or indexes",
                string.Join(", ", unknown));
        }

        runner.MigrateUp();
        if (options.Value.UsesPostgres && !string.IsNullOrWhiteSpace(options.Value.ServiceRole))
        {
            ServiceRoleGrants.Apply(options.Value.PostgresConnectionString!, options.Value.ServiceRole);
        }

        if (pending.Count == 0)
        {
            logger.LogInformation("Migrations: none to apply; the schema is current at {Newest} ({Count} migrations)", NameOf(known.Values[^1]), known.Count);
        }
        else
        {
            logger.LogInformation("Migrations applied now: {Applied}; the schema is current at {Newest}", string.Join(", ", pending), pending[^1]);
        }
    }

    private static string NameOf(IMigrationInfo migration) => migration.Migration.GetType().Name;

    /// <summary>WAL lets readers and one writer work at once; the mode is stored in the file, so setting it once is enough.</summary>
    private static void UseWriteAheadLog(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }
}
