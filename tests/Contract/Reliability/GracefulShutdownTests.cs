using System.Net;
using System.Text;
using LinqToDB;
using TenantRegistry.Contract.Tests.ApiKeys;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.Reliability;

/// <summary>
/// SIGTERM stops the service gracefully: a request that is still arriving completes, pending last_used_at writes
/// are flushed, then the process exits.
/// </summary>
public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Sigterm_lets_in_flight_requests_finish_and_flushes_key_usage_before_exit()
    {
        var settings = StoreSettings.FreshSqlite(("ApiKeys:UsageFlushInterval", "01:00:00"));
        await using var service = await ServiceProcess.StartAsync(settings);
        using var client = new HttpClient(new ValidatingHandler { InnerHandler = new HttpClientHandler() }) { BaseAddress = service.Address };
        var tenantId = (await client.CreateTenantAsync()).Id();
        var key = await client.IssueKeyAsync(tenantId);
        Assert.True(await client.IsValidAsync((string)key["plaintext"]!));

        var halfSent = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var inFlight = client.PostAsync("/v1/audit", new HalfThenRest("""{"action":"shutdown.in_flight","actor_id":"graceful"}""", halfSent, release.Task));
        await halfSent.Task;
        service.Terminate();
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        release.SetResult();
        var response = await inFlight;
        var exitCode = await service.ExitCodeAsync(TimeSpan.FromSeconds(20));

        Assert.True(response.StatusCode == HttpStatusCode.Created, $"in-flight request got {response.StatusCode}:\n{service.Output}");
        Assert.True(exitCode is not null, "the process did not exit after SIGTERM:\n" + service.Output);
        await using var store = await RawStoreConnection.OpenAsync(settings);
        var lastUsed = await store.QueryAsync<string>($"SELECT last_used_at FROM api_keys WHERE id = '{key["api_key"]!["id"]}' AND last_used_at IS NOT NULL");
        Assert.Single(lastUsed);
        Assert.Equal([1L], await store.QueryAsync<long>("SELECT count(*) FROM audit_events WHERE action = 'shutdown.in_flight'"));
    }

    /// <summary>A JSON body sent in two parts, so the request is provably in flight when the signal arrives.</summary>
    private sealed class HalfThenRest(string json, TaskCompletionSource halfSent, Task release) : HttpContent
    {
        private readonly byte[] bytes = Encoding.UTF8.GetBytes(json);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var half = bytes.Length / 2;
            await stream.WriteAsync(bytes.AsMemory(0, half));
            await stream.FlushAsync();
            halfSent.SetResult();
            await release;
            await stream.WriteAsync(bytes.AsMemory(half));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = bytes.Length;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            return true;
        }
    }
}
