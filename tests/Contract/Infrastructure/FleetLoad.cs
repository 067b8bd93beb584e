using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace TenantRegistry.Contract.Tests.Infrastructure;

/// <summary>
/// The mixed load a fleet serves, sent through the balancer by a number of workers: verify of many keys, GET tenant,
/// POST audit, key create and revoke, tenant cancel and activate. Every answer is counted by operation and status
/// (a connection that failed counts as its exception), every failure keeps when it started and ended, and every write
/// answered 2xx is remembered, so that <see cref="CheckDurableAsync"/> can look each one up in the database afterwards.
/// Used by the fleet tests and by bench/Fleet (which compiles this file too).
/// </summary>
public sealed class FleetLoad
{
    private const int KeysPerTenant = 10;
    private const int ToggledTenantsPerWorker = 3;

    private readonly HttpClient balancer;
    private readonly List<string> verifyKeys;
    private readonly List<string> tenants;
    private readonly List<string>[] toggledTenants;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly ConcurrentDictionary<string, int> statuses = new();
    private readonly ConcurrentBag<FleetFailure> failures = [];
    private readonly ConcurrentBag<long> appendedEvents = [];
    private readonly ConcurrentBag<string> createdKeys = [];
    private readonly ConcurrentBag<string> revokedKeys = [];
    private readonly ConcurrentDictionary<string, string?> toggledStatus = new();
    private readonly ConcurrentBag<double> latencies = [];

    private FleetLoad(HttpClient balancer, List<string> verifyKeys, List<string> tenants, List<string>[] toggledTenants)
    {
        this.balancer = balancer;
        this.verifyKeys = verifyKeys;
        this.tenants = tenants;
        this.toggledTenants = toggledTenants;
    }

    /// <summary>Seconds since the load was prepared: the time base of <see cref="FleetFailure"/>.</summary>
    public double Now => clock.Elapsed.TotalSeconds;

    public int Workers => toggledTenants.Length;

    /// <summary>Responses by "operation status", e.g. "verify 200", "revoke HttpRequestException".</summary>
    public IReadOnlyDictionary<string, int> Statuses => statuses;

    public IReadOnlyCollection<FleetFailure> Failures => failures;

    public int Requests => statuses.Values.Sum();

    /// <summary>Writes answered 2xx so far, each looked up by <see cref="CheckDurableAsync"/>.</summary>
    public int AcknowledgedWrites => appendedEvents.Count + createdKeys.Count + revokedKeys.Count;

    /// <summary>Creates, through the balancer, the tenants and keys the load uses: active tenants with keys to verify,
    /// and a few tenants per worker that only that worker cancels and activates (so each one's last answer is known).</summary>
    public static async Task<FleetLoad> PrepareAsync(HttpClient balancer, int workers, int verifyTenants)
    {
        var tenants = new List<string>();
        var keys = new List<string>();
        for (var i = 0; i < verifyTenants; i++)
        {
            var tenant = await CreateActiveTenantAsync(balancer, "fleet-load");
            tenants.Add(tenant);
            for (var k = 0; k < KeysPerTenant; k++)
            {
                keys.Add((await CreateKeyAsync(balancer, tenant))["plaintext"]!.GetValue<string>());
            }
        }

        var toggled = new List<string>[workers];
        for (var w = 0; w < workers; w++)
        {
            toggled[w] = [];
            for (var t = 0; t < ToggledTenantsPerWorker; t++)
            {
                toggled[w].Add(await CreateActiveTenantAsync(balancer, "fleet-toggle"));
            }
        }

        return new FleetLoad(balancer, keys, tenants, toggled);
    }

    public static async Task<string> CreateActiveTenantAsync(HttpClient client, string prefix)
    {
        var created = await ArrangeAsync(client, HttpMethod.Post, "/v1/tenants", new { slug = $"{prefix}-{Guid.NewGuid():N}"[..39], name = "Fleet load" }, 201);
        var id = created["id"]!.GetValue<string>();
        await ArrangeAsync(client, HttpMethod.Post, $"/v1/tenants/{id}/activate", null, 200);
        return id;
    }

    public static Task<JsonNode> CreateKeyAsync(HttpClient client, string tenant) =>
        ArrangeAsync(client, HttpMethod.Post, "/v1/api-keys", new { tenant_id = tenant, name = "fleet" }, 201);

    /// <summary>
    /// A call that arranges a measurement rather than being measured: on a machine so busy that the store times out
    /// (503) or the balancer gives up (504) it is sent again, with the same Idempotency-Key, so it happens once.
    /// </summary>
    public static async Task<JsonNode> ArrangeAsync(HttpClient client, HttpMethod method, string path, object? body, int expected)
    {
        var idempotencyKey = Guid.NewGuid().ToString();
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            if (method == HttpMethod.Post)
            {
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            }
            try
            {
                using var response = await client.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                if ((int)response.StatusCode == expected)
                {
                    return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
                }

                if ((int)response.StatusCode < 500 || attempt == 20)
                {
                    throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && attempt < 20)
            {
                // Sent again below.
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Verifies <paramref name="key"/> at one instance (or the balancer): true, false, or null for any non-200.</summary>
    public static async Task<bool?> VerifyAsync(HttpClient client, Uri at, string key, CancellationToken cancellationToken = default)
    {
        using var response = await client.PostAsJsonAsync(new Uri(at, "/v1/internal/api-keys/verify"), new { key }, cancellationToken);
        if ((int)response.StatusCode != 200)
        {
            return null;
        }

        return (await response.Content.ReadFromJsonAsync<JsonNode>(cancellationToken))!["valid"]!.GetValue<bool>();
    }

    /// <summary>Runs every worker until <paramref name="stop"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(() => WorkAsync(worker, stop), CancellationToken.None)));

    /// <summary>The latencies of the successful requests since the last call, in milliseconds, sorted.</summary>
    public double[] TakeLatencies()
    {
        var taken = new List<double>();
        while (latencies.TryTake(out var latency))
        {
            taken.Add(latency);
        }

        taken.Sort();
        return taken.ToArray();
    }

    /// <summary>Looks up every write the load was answered 2xx for; what it could not find is lost.</summary>
    public async Task<FleetDurability> CheckDurableAsync(string connectionString)
    {
        // Unpooled: a pooled connection may predate a PostgreSQL restart, and the server has closed it.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        var events = appendedEvents.ToArray();
        var created = createdKeys.ToArray();
        var revoked = revokedKeys.ToArray();
        var eventsFound = await CountAsync(connection, "SELECT count(*) FROM audit_events WHERE id = ANY(@ids)", events);
        var keysFound = await CountAsync(connection, "SELECT count(*) FROM api_keys WHERE id::text = ANY(@ids)", created);
        var revokedFound = await CountAsync(connection, "SELECT count(*) FROM api_keys WHERE id::text = ANY(@ids) AND revoked_at IS NOT NULL", revoked);
        var known = toggledStatus.Where(entry => entry.Value is not null).ToList();
        var statusesFound = 0;
        foreach (var (tenant, status) in known)
        {
            await using var command = new NpgsqlCommand("SELECT status FROM tenants WHERE id::text = @id", connection);
            command.Parameters.AddWithValue("id", tenant);
            statusesFound += (string?)await command.ExecuteScalarAsync() == status ? 1 : 0;
        }

        var checkedWrites = events.Length + created.Length + revoked.Length + known.Count;
        return new FleetDurability(checkedWrites, checkedWrites - (eventsFound + keysFound + revokedFound + statusesFound));
    }

    private async Task WorkAsync(int worker, CancellationToken stop)
    {
        var random = new Random(worker);
        var ownKeys = new Queue<string>();
        while (!stop.IsCancellationRequested)
        {
            var roll = random.Next(100);
            var started = Now;
            var (operation, outcome) = roll switch
            {
                < 50 => ("verify", await SendAsync(() => balancer.PostAsJsonAsync("/v1/internal/api-keys/verify",
                    new { key = verifyKeys[random.Next(verifyKeys.Count)] }, CancellationToken.None), 200, _ => { })),
                < 70 => ("get-tenant", await SendAsync(() => balancer.GetAsync($"/v1/tenants/{tenants[random.Next(tenants.Count)]}"), 200, _ => { })),
                < 85 => ("audit-append", await SendAsync(() => balancer.PostAsJsonAsync("/v1/audit",
                    new { action = "fleet.load", actor_id = $"worker-{worker}", tenant_id = tenants[random.Next(tenants.Count)] }), 201,
                    body => appendedEvents.Add(body!["id"]!.GetValue<long>()))),
                < 90 => ("key-create", await SendAsync(() => balancer.PostAsJsonAsync("/v1/api-keys",
                    new { tenant_id = tenants[random.Next(tenants.Count)], name = "fleet-load" }), 201, body =>
                    {
                        var id = body!["api_key"]!["id"]!.GetValue<string>();
                        createdKeys.Add(id);
                        ownKeys.Enqueue(id);
                    })),
                < 95 when ownKeys.TryDequeue(out var key) => ("key-revoke", await SendAsync(() => balancer.DeleteAsync($"/v1/api-keys/{key}"), 204,
                    _ => revokedKeys.Add(key))),
                _ => await ToggleAsync(worker, random),
            };
            statuses.AddOrUpdate($"{operation} {outcome}", 1, (_, count) => count + 1);
            if (outcome is not ("200" or "201" or "204"))
            {
                failures.Add(new FleetFailure(operation, outcome, started, Now));
            }
        }
    }

    /// <summary>Cancels or activates one of the worker's own tenants. A failed call leaves its status unknown.</summary>
    private async Task<(string Operation, string Outcome)> ToggleAsync(int worker, Random random)
    {
        var tenant = toggledTenants[worker][random.Next(ToggledTenantsPerWorker)];
        var cancel = toggledStatus.GetValueOrDefault(tenant, "active") != "frozen";
        var operation = cancel ? "tenant-cancel" : "tenant-activate";
        var outcome = await SendAsync(() => balancer.PostAsync($"/v1/tenants/{tenant}/{(cancel ? "cancel" : "activate")}", null), 200,
            body => toggledStatus[tenant] = body!["status"]!.GetValue<string>());
        if (outcome != "200")
        {
            toggledStatus[tenant] = null;
        }

        return (operation, outcome);
    }

    private async Task<string> SendAsync(Func<Task<HttpResponseMessage>> send, int expected, Action<JsonNode?> onSuccess)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await send();
            var status = (int)response.StatusCode;
            if (status == expected)
            {
                onSuccess(status == 204 ? null : await response.Content.ReadFromJsonAsync<JsonNode>());
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            var servedBy = response.Headers.TryGetValues("X-Served-By", out var servers) ? servers.First() : "registry";
            return status >= 500 ? $"{status} {Source(await response.Content.ReadAsStringAsync(), servedBy)}" : status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException)
        {
            return exception.GetType().Name;
        }
    }

    /// <summary>Who gave up on a 5xx: an instance (its Error message; the balancer names it) or the balancer (its own pages).</summary>
    private static string Source(string body, string servedBy)
    {
        try
        {
            return JsonNode.Parse(body)?["message"]?.GetValue<string>() switch
            {
                { } message when message.StartsWith("No instance", StringComparison.Ordinal) => "(balancer: no instance)",
                { } message => $"({servedBy}: {message.Split(';')[0]})",
                null => "(unknown)",
            };
        }
        catch (System.Text.Json.JsonException)
        {
            return "(balancer)";
        }
    }

    private static async Task<int> CountAsync<T>(NpgsqlConnection connection, string sql, T[] ids)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("ids", ids);
        return (int)(long)(await command.ExecuteScalarAsync())!;
    }
}

/// <summary>A request that did not get its 2xx: what it was, what it got, when it started and ended (seconds).</summary>
public sealed record FleetFailure(string Operation, string Outcome, double Started, double Ended);

/// <summary>Writes answered 2xx that were looked up afterwards, and how many of them the database did not have.</summary>
public sealed record FleetDurability(int Checked, int Lost);
