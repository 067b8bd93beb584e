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
public sealed class DurabilityTests : IAsyncLifetime
{
    private const int Writers = 8;
    private const string ProbeAction = "durability.probe";
    private PostgresCluster cluster = null!;
    private Dictionary<string, string?> settings = null!;
    private RegistryApp app = null!;

    public async Task InitializeAsync()
    {
        cluster = PostgresCluster.StartDedicated();
        settings = new Dictionary<string, string?> { ["ConnectionStrings:Registry"] = await cluster.CreateDatabaseAsync() };
        app = new RegistryApp(settings);
        _ = app.Server;
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        cluster.Dispose();
    }

    [Fact]
    public async Task Every_acknowledged_write_survives_a_server_crash()
    {
        var acknowledgedEvents = new ConcurrentBag<long>();
        var acknowledgedTenants = new ConcurrentBag<Guid>();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, Writers)
            .Select(worker => Task.Run(() => WriteUntilStoppedAsync(worker, acknowledgedEvents, acknowledgedTenants, stop.Token)))
            .ToList();

        await Task.Delay(TimeSpan.FromMilliseconds(700));
        var acknowledgedBeforeCrash = acknowledgedEvents.Count + acknowledgedTenants.Count;
        cluster.Kill();
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        cluster.Start();

        Assert.True(acknowledgedBeforeCrash > 20, $"only {acknowledgedBeforeCrash} writes were acknowledged before the crash");
        await using var store = await RawStoreConnection.OpenAsync(settings);
        var storedEvents = await store.QueryAsync<long>($"SELECT id FROM audit_events WHERE action = '{ProbeAction}'");
        var storedTenants = await store.QueryAsync<Guid>("SELECT id FROM tenants");
        Assert.Empty(acknowledgedEvents.Except(storedEvents));
        Assert.Empty(acknowledgedTenants.Except(storedTenants));
        var tenantsWithoutCreationEvent = await store.QueryAsync<long>(
            "SELECT count(*) FROM tenants t WHERE NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.action = 'tenant.created' AND a.target_id = t.id::text)");
        Assert.Equal([0L], tenantsWithoutCreationEvent);
    }

    private async Task WriteUntilStoppedAsync(int worker, ConcurrentBag<long> events, ConcurrentBag<Guid> tenants, CancellationToken stop)
    {
        using var client = app.CreateDefaultClient(new ValidatingHandler { AcceptUnavailable = true });
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
