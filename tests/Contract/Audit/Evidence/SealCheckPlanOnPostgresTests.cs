using TenantRegistry.Contract.Tests.Infrastructure;

namespace TenantRegistry.Contract.Tests.Audit.Evidence;

/// <summary>
/// The commit-time check of every append against the seals (M0008, rewritten by M0014) must stay one index step
/// however PL/pgSQL plans it: from a session's sixth append on it may run a generic plan, which for the first form of
/// the check was a sequential scan of every seal, 62-70 ms per append with a million sealed events.
/// </summary>
public sealed class SealCheckPlanOnPostgresTests
{
    [Fact]
    public async Task An_append_under_a_generic_plan_checks_the_seals_without_scanning_them()
    {
        var settings = await StoreSettings.FreshPostgresAsync();
        await using (var app = new RegistryApp(settings))
        {
            _ = app.Server;
        }

        await using var raw = await RawStoreConnection.OpenAsync(settings);
        await using var transaction = await raw.BeginTransactionAsync();
        // Ten thousand seals below the new event, counted by the planner, then the plan a long-lived session would keep.
        await raw.ExecuteAsync("""
            INSERT INTO audit_seals (event_id, prev_event_id, event_hash, chain_hash, sealed_at)
            SELECT n, n - 1, '\x00', '\x00', now() FROM generate_series(1, 10000) AS n;
            ANALYZE audit_seals;
            SELECT setval('audit_events_id', 20000);
            SET LOCAL plan_cache_mode = force_generic_plan;
            """);
        await raw.ExecuteAsync("INSERT INTO audit_events (action, created_at) VALUES ('seal.check', now())");
        await raw.ExecuteAsync("SET CONSTRAINTS ALL IMMEDIATE");

        var scans = await raw.QueryAsync<long>("SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relname = 'audit_seals'");
        var indexScans = await raw.QueryAsync<long>("SELECT idx_scan FROM pg_stat_xact_user_tables WHERE relname = 'audit_seals'");
        Assert.Equal([0L], scans);
        Assert.Equal([1L], indexScans);
    }
}
