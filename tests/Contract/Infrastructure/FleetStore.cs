using Npgsql;
using TenantRegistry.Lifecycle;

namespace TenantRegistry.Contract.Tests.Infrastructure;

/// <summary>What the fleet's PostgreSQL shows about it: who holds the sweep lock, what the sweeps did, who is connected.</summary>
public sealed class FleetStore(string connectionString)
{
    /// <summary>The application_name (<see cref="BalancedFleet.Name"/>) of the session holding the sweep lock, if any.</summary>
    public async Task<string?> SweepLockHolderAsync()
    {
        // A bigint advisory lock shows in pg_locks as classid (high 32 bits), objid (low 32 bits) and objsubid 1. Advisory
        // locks are per database, and other tests' services on the same cluster hold the same key in theirs.
        return (string?)await ScalarAsync("""
            SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND ((l.classid::bigint << 32) | l.objid::bigint) = @key
            """, ("key", SweepLock.Key));
    }

    /// <summary>Inserts <paramref name="count"/> customer tenants whose trial ended a minute ago: due for the sweeper.</summary>
    public async Task<string> SeedDueTrialsAsync(int count)
    {
        var batch = "sweep-" + Guid.NewGuid().ToString("N")[..8];
        await ScalarAsync("""
            INSERT INTO tenants (id, slug, name, status, kind, plan, trial_ends_at, created_at, updated_at)
            SELECT gen_random_uuid(), @batch || '-' || i, 'Due trial ' || i, 'trial', 'customer', 'starter',
                   now() - interval '1 minute', now() - interval '15 days', now() - interval '15 days'
            FROM generate_series(1, @count) AS i
            """, ("batch", batch), ("count", count));
        return batch;
    }

    /// <summary>Of a seeded batch: tenants still on their trial, tenants frozen with exactly one trial_expired event,
    /// and tenants with more than one such event (a transition applied twice).</summary>
    public async Task<SweepOutcome> SweepOutcomeAsync(string batch)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT count(*) FILTER (WHERE t.status = 'trial'),
                   count(*) FILTER (WHERE t.status = 'frozen' AND e.events = 1),
                   count(*) FILTER (WHERE e.events > 1)
            FROM tenants t
            LEFT JOIN (SELECT tenant_id, count(*) AS events FROM audit_events WHERE action = 'tenant.trial_expired' GROUP BY tenant_id) e
              ON e.tenant_id = t.id
            WHERE t.slug LIKE @batch || '-%'
            """, connection);
        command.Parameters.AddWithValue("batch", batch);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new SweepOutcome(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>Sessions on the server by application_name (each instance's pool, the verdict listeners, others).</summary>
    public async Task<IReadOnlyDictionary<string, long>> ConnectionsAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT coalesce(nullif(application_name, ''), backend_type), count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() GROUP BY 1",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        var sessions = new Dictionary<string, long>();
        while (await reader.ReadAsync())
        {
            sessions[reader.GetString(0)] = reader.GetInt64(1);
        }

        return sessions;
    }

    public async Task<object?> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteScalarAsync();
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        // Unpooled: a pooled connection would outlive a PostgreSQL restart and fail its next command.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "fleet-observer", Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }
}

public sealed record SweepOutcome(long StillDue, long FrozenOnce, long AppliedTwice);
