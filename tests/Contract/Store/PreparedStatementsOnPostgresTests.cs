using Npgsql;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Store;

namespace TenantRegistry.Contract.Tests.Store;

/// <summary>
/// The service prepares what it sends often (StoreRegistration's connection defaults), and a pooled connection keeps
/// its prepared statements when it goes back to the pool, but not its session state: an advisory lock whose unlock
/// was lost (the sweep and sealer locks are session locks) must not outlive the request that held it.
/// </summary>
public sealed class PreparedStatementsOnPostgresTests
{
    private const long AbandonedLock = 0x5452_5445_5354_3031; // "TRTEST01"

    [Fact]
    public async Task A_statement_sent_five_times_stays_prepared_on_its_pooled_connection_and_a_lock_left_on_it_does_not()
    {
        var connectionString = StoreRegistration.ConnectionStringOf(new StoreOptions
        {
            PostgresConnectionString = (await StoreSettings.FreshPostgresAsync())["ConnectionStrings:Registry"] + ";Maximum Pool Size=1",
        });
        await using var pool = NpgsqlDataSource.Create(connectionString);

        await using (var first = await pool.OpenConnectionAsync())
        {
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(0L, await ScalarAsync(first, "SELECT count(*) FROM pg_database WHERE datname = 'no such database'"));
            }

            Assert.True(await ScalarAsync(first, $"SELECT pg_try_advisory_lock({AbandonedLock})::int::bigint") == 1);
        }

        await using var second = await pool.OpenConnectionAsync();
        Assert.Equal(1L, await ScalarAsync(second, "SELECT count(*) FROM pg_prepared_statements WHERE statement = 'SELECT count(*) FROM pg_database WHERE datname = ''no such database'''"));
        Assert.Equal(0L, await ScalarAsync(second,
            $"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND objid = ({AbandonedLock} & 4294967295)::oid"));
    }

    [Fact]
    public void An_operators_own_Max_Auto_Prepare_wins()
    {
        var connectionString = StoreRegistration.ConnectionStringOf(new StoreOptions
        {
            PostgresConnectionString = "Host=127.0.0.1;Database=registry;Max Auto Prepare=0",
        });

        Assert.Equal(0, new NpgsqlConnectionStringBuilder(connectionString).MaxAutoPrepare);
        Assert.True(new NpgsqlConnectionStringBuilder(StoreRegistration.ConnectionStringOf(new StoreOptions
        {
            PostgresConnectionString = "Host=127.0.0.1;Database=registry",
        })).MaxAutoPrepare > 0);
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
