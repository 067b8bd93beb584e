using System.Collections.Concurrent;
using System.Net;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.Reliability;

/// <summary>
/// A 201 means the row is durable: concurrent writers run while the PostgreSQL server is killed with SIGKILL; after
/// crash recovery every acknowledged write is there, and nothing half-written is (no tenant without the audit event
/// of its creation). Uses a cluster of its own, because it kills the server.
/// </summary>
public sealed class DurabilityTests(DedicatedPostgres store) : IClassFixture<DedicatedPostgres>
{
    private const int Writers = 8;
    private const string ProbeAction = "durability.probe";
    [Fact]
    public async Task Every_acknowledged_write_survives_a_server_crash()
    {
        var acknowledgedEvents = new ConcurrentBag<long>();
        var acknowledgedTenants = new ConcurrentBag<Guid>();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, Writers)
            .Select(worker => Task.Run(() => WriteUntilStoppedAsync(worker, acknowledgedEvents, acknowledgedTenants, stop.Token)))
            .ToList();

        await Eventually.HoldsAsync(() => Task.FromResult(acknowledgedEvents.Count + acknowledgedTenants.Count >= 40), TimeSpan.FromSeconds(30));
        var acknowledgedBeforeCrash = acknowledgedEvents.Count + acknowledgedTenants.Count;
        store.Cluster.Kill();
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        store.Cluster.Start();

        Assert.True(acknowledgedBeforeCrash > 20, $"only {acknowledgedBeforeCrash} writes were acknowledged before the crash");
        await using var database = await RawStoreConnection.OpenAsync(store.Settings);
        var storedEvents = await database.QueryAsync<long>($"SELECT id FROM audit_events WHERE action = '{ProbeAction}'");
        var storedTenants = await database.QueryAsync<Guid>("SELECT id FROM tenants");
        Assert.Empty(acknowledgedEvents.Except(storedEvents));
        Assert.Empty(acknowledgedTenants.Except(storedTenants));
        var tenantsWithoutCreationEvent = await database.QueryAsync<long>(
            "SELECT count(*) FROM tenants t WHERE NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.action = 'tenant.created' AND a.target_id = t.id::text)");
        Assert.Equal([0L], tenantsWithoutCreationEvent);
    }

    private async Task WriteUntilStoppedAsync(int worker, ConcurrentBag<long> events, ConcurrentBag<Guid> tenants, CancellationToken stop)
    {
        using var client = store.App.CreateDefaultClient(new ValidatingHandler { AcceptUnavailable = true });
        for (var sequence = 0; !stop.IsCancellationRequested; sequence++)
        {
            var response = sequence % 2 == 0
                ? await client.PostJsonAsync("/v1/audit", $$$"""{"action":"{{{ProbeAction}}}","metadata":{"worker":{{{worker}}},"sequence":{{{sequence}}}}}""")
                : await client.PostJsonAsync("/v1/tenants", $$"""{"slug":"crash-{{Guid.NewGuid():N}}","name":"Crash test {{worker}}"}""");
            if (response.StatusCode != HttpStatusCode.Created)
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                continue;
            }

            var body = await response.ReadObjectAsync();
            if (sequence % 2 == 0)
            {
                events.Add((long)body["id"]!);
            }
            else
            {
                tenants.Add(Guid.Parse((string)body["id"]!));
            }
        }
    }
}
