using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using TenantRegistry.Contract.Tests.ApiKeys;
using TenantRegistry.Contract.Tests.Idempotency;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;
using Xunit.Abstractions;

namespace TenantRegistry.Contract.Tests.Reliability;

/// <summary>
/// Retries with an Idempotency-Key are exactly-once across crashes: 8 writers append audit events, create tenants
/// and create API keys, each logical write with its own key, retrying every 503, in-flight 409 or broken connection
/// with the same key until it gets an answer, while the PostgreSQL server is killed with SIGKILL and restarted twice.
/// Afterwards every logical write exists exactly once, and asking again for any of them (a key create included)
/// replays the answer the writer got. Uses a cluster of its own, because it kills the server.
/// </summary>
public sealed class ExactlyOnceTests(DedicatedPostgres store, ITestOutputHelper output) : IClassFixture<DedicatedPostgres>
{
    private const int Writers = 8;
    private const int WritesBetweenCrashes = 24;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Every_logical_write_exists_once_after_two_server_crashes()
    {
        // Arranged with keys and retries as well: on a busy machine the first requests to a fresh cluster may be 503.
        using var arrange = store.App.CreateDefaultClient(new ValidatingHandler { AcceptUnavailable = true });
        var tenants = new List<Guid>();
        for (var writer = 0; writer < Writers; writer++)
        {
            var tenant = LogicalWrite.Next(writer, 1, Guid.Empty);
            await tenant.SendUntilAnsweredAsync(arrange);
            tenants.Add(Guid.Parse((string)JsonNode.Parse(tenant.Answer)!["id"]!));
        }

        var answered = new ConcurrentBag<LogicalWrite>();
        var retried = 0;
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, Writers)
            .Select(writer => Task.Run(async () =>
            {
                using var client = store.App.CreateDefaultClient(new ValidatingHandler { AcceptUnavailable = true });
                for (var sequence = 0; !stop.IsCancellationRequested; sequence++)
                {
                    var write = LogicalWrite.Next(writer, sequence, tenants[writer]);
                    var attempts = await write.SendUntilAnsweredAsync(client);
                    if (attempts > 1)
                    {
                        Interlocked.Increment(ref retried);
                    }

                    answered.Add(write);
                }
            }))
            .ToList();

        for (var crash = 0; crash < 2; crash++)
        {
            await WaitForAsync(() => answered.Count >= (crash + 1) * WritesBetweenCrashes);
            store.Cluster.Kill();
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            await StartAgainAsync();
        }

        await WaitForAsync(() => answered.Count >= 3 * WritesBetweenCrashes);
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        output.WriteLine($"{answered.Count} logical writes answered, {retried} of them after a retry");

        Assert.True(retried > 0, "no write needed a retry: the crashes did not hit the writers");
        await using var database = await RawStoreConnection.OpenAsync(store.Settings);
        foreach (var write in answered)
        {
            Assert.Equal([1L], await database.QueryAsync<long>(write.CountSql));
        }

        using var checker = store.App.CreateDefaultClient(new ValidatingHandler { AcceptUnavailable = true });
        foreach (var write in answered)
        {
            var first = write.Answer;
            var replayed = await write.SendUntilAnsweredAsync(checker);
            Assert.True(write.Replayed, $"{write.Marker} ran again instead of replaying ({replayed} attempts)");
            Assert.Equal(first, write.Answer);
            if (write.Kind == WriteKind.ApiKey)
            {
                Assert.True(await checker.IsValidAsync((string)JsonNode.Parse(write.Answer)!["plaintext"]!), $"the key of {write.Marker} does not verify");
            }
        }
    }

    private async Task StartAgainAsync()
    {
        // The killed postmaster's backends notice its death and exit; until they have, a new start is refused.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                store.Cluster.Start();
                return;
            }
            catch (Exception exception) when (attempt < 20)
            {
                output.WriteLine($"start attempt {attempt}: {exception.GetType().Name}");
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
        }
    }

    private static Task WaitForAsync(Func<bool> condition) => Eventually.HoldsAsync(() => Task.FromResult(condition()), Patience);

    private enum WriteKind
    {
        Audit,
        Tenant,
        ApiKey,
    }

    private sealed class LogicalWrite
    {
        public required WriteKind Kind { get; init; }
        public required string Marker { get; init; }
        public required string Path { get; init; }
        public required string Body { get; init; }
        public string Key { get; } = IdempotencyHttp.NewKey();
        public byte[] Answer { get; private set; } = [];

        /// <summary>Whether the last answer was a replay of a stored one.</summary>
        public bool Replayed { get; private set; }

        /// <summary>How many rows the store holds for this write: exactly one is right.</summary>
        public string CountSql => Kind switch
        {
            WriteKind.Audit => $"SELECT count(*) FROM audit_events WHERE target_id = '{Marker}'",
            WriteKind.Tenant => $"SELECT count(*) FROM tenants WHERE slug = '{Marker}'",
            _ => $"SELECT count(*) FROM api_keys WHERE name = '{Marker}'",
        };

        public static LogicalWrite Next(int writer, int sequence, Guid tenant)
        {
            var marker = $"x{writer}-{sequence}-{Guid.NewGuid().ToString("N")[..8]}";
            return (sequence % 3) switch
            {
                0 => new() { Kind = WriteKind.Audit, Marker = marker, Path = "/v1/audit", Body = $$"""{"action":"exactly_once.probe","target_id":"{{marker}}"}""" },
                1 => new() { Kind = WriteKind.Tenant, Marker = marker, Path = "/v1/tenants", Body = $$"""{"slug":"{{marker}}","name":"Exactly once"}""" },
                _ => new() { Kind = WriteKind.ApiKey, Marker = marker, Path = "/v1/api-keys", Body = $$"""{"tenant_id":"{{tenant}}","name":"{{marker}}"}""" },
            };
        }

        /// <returns>How many attempts it took.</returns>
        public async Task<int> SendUntilAnsweredAsync(HttpClient client)
        {
            var giveUp = DateTime.UtcNow + Patience;
            for (var attempt = 1; ; attempt++)
            {
                Assert.True(DateTime.UtcNow < giveUp, $"{Marker}: no answer after {attempt - 1} attempts");
                HttpResponseMessage response;
                try
                {
                    response = await client.PostWithKeyAsync(Path, Body, Key);
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50));
                    continue;
                }

                // Nothing committed (503), or the first attempt still runs (409 in flight): the same key again.
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable
                    || (response.StatusCode == HttpStatusCode.Conflict && await response.ErrorCodeAsync() == "idempotency_in_flight"))
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50));
                    continue;
                }

                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                Answer = await response.Content.ReadAsByteArrayAsync();
                Replayed = response.Headers.Contains(IdempotencyHttp.ReplayedHeader);
                return attempt;
            }
        }
    }
}
