using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using TenantRegistry.ApiKeys;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.ApiKeys;

/// <summary>
/// Verify under abuse, on each store: forged but well-formed keys cost no store reads, the cache stays within its
/// bound, and one caller over its rate gets 429 while another is served.
/// </summary>
public abstract class ApiKeyVerifyDefenceTests(RegistryFixture registry)
{
    private const int ForgedKeys = 2_000;

    private readonly HttpClient client = registry.CreateClient();

    [Fact]
    public async Task A_flood_of_forged_well_formed_keys_reads_the_store_for_under_one_percent_of_them()
    {
        var tenantId = (await client.CreateTenantAsync()).Id();
        var real = (string)(await client.IssueKeyAsync(tenantId))["plaintext"]!;
        Assert.True(await client.IsValidAsync(real));
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(registry.App.Services.GetRequiredService<UntaggedKeys>().Complete)),
            "the untagged-key set never became complete");
        using var reads = StoreReads(registry.App);

        // Untagged forgeries, and forgeries that reuse a real key's tagged public id with another secret.
        var forged = Enumerable.Range(0, ForgedKeys).Select(i => i % 2 == 0 ? ApiKeyFormat.Generate().Plaintext : Reforged(real)).ToList();
        var verdicts = new List<string>();
        foreach (var chunk in forged.Chunk(50))
        {
            verdicts.AddRange(await Task.WhenAll(chunk.Select(key => client.VerifyAsync(key))));
        }

        Assert.All(verdicts, verdict => Assert.Equal("""{"valid":false}""", verdict));
        var storeReads = reads.GetMeasurementSnapshot().Sum(m => m.Value);
        Assert.True(storeReads < ForgedKeys / 100, $"{ForgedKeys} forged keys caused {storeReads} store reads");
        Assert.True(await client.IsValidAsync(real));
    }

    [Fact]
    public async Task The_cache_holds_at_most_CacheMaxKeys_keys_and_an_evicted_key_still_verifies()
    {
        await using var small = registry.App.WithWebHostBuilder(host => host.UseSetting("ApiKeys:CacheMaxKeys", "20"));
        using var smallClient = small.CreateDefaultClient(new ValidatingHandler());
        // Keys verified before the instance is ready are forgotten when its listener starts listening, in the
        // background after start: they were gone when counted (seen once in a fresh clone's .ci/run).
        Assert.True(await RegistryFixture.BecomesReadyAsync(small), "the small-cache instance did not become ready");
        var tenantId = (await client.CreateTenantAsync()).Id();
        var keys = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            keys.Add((string)(await client.IssueKeyAsync(tenantId))["plaintext"]!);
        }

        foreach (var key in keys.Concat(keys))
        {
            Assert.True(await smallClient.IsValidAsync(key));
        }

        Assert.InRange(small.Services.GetRequiredService<VerdictCache>().KeyCount, 1, 20);
    }

    [Fact]
    public async Task A_caller_over_its_verify_rate_gets_429_with_Retry_After_and_others_are_still_served()
    {
        await using var limited = registry.App.WithWebHostBuilder(host => host
            .UseSetting("ApiKeys:VerifyRateLimit", "5")
            .ConfigureServices(services => services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(new PeerFromHeader())));
        using var limitedClient = limited.CreateDefaultClient(new ValidatingHandler());
        var tenantId = (await client.CreateTenantAsync()).Id();
        var key = (string)(await client.IssueKeyAsync(tenantId))["plaintext"]!;

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 30; i++)
        {
            answers.Add(await VerifyAsAsync(limitedClient, "198.51.100.1", key));
        }

        var other = await VerifyAsAsync(limitedClient, "198.51.100.2", key);

        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(refused);
        Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.OK) >= 5);
        foreach (var answer in refused)
        {
            Assert.Equal("rate_limited", await answer.ErrorCodeAsync());
            Assert.True(int.Parse(answer.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        }

        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.True((bool)(await other.ReadObjectAsync())["valid"]!);
        Assert.Equal(HttpStatusCode.OK, (await limitedClient.GetAsync("/healthz")).StatusCode);
    }

    internal static MetricCollector<long> StoreReads(WebApplicationFactory<Program> app) =>
        new(app.Services.GetRequiredService<IMeterFactory>(), KeyLookup.MeterName, KeyLookup.StoreReadsInstrument);

    /// <summary>A key with a real key's public id (tag included), a made-up secret and a valid checksum: what a forger
    /// who saw a prefix in a list can make.</summary>
    private static string Reforged(string real)
    {
        var other = ApiKeyFormat.Generate().Plaintext;
        var body = real[..ApiKeyFormat.PrefixLength] + other[ApiKeyFormat.PrefixLength..(ApiKeyFormat.KeyLength - ApiKeyFormat.ChecksumLength)];
        var forged = body + ChecksumOf(body);
        Assert.True(ApiKeyFormat.IsWellFormed(forged));
        return forged;
    }

    private static string ChecksumOf(string body)
    {
        const string base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        var crc = System.IO.Hashing.Crc32.HashToUInt32(System.Text.Encoding.ASCII.GetBytes(body));
        var checksum = new char[ApiKeyFormat.ChecksumLength];
        for (var i = checksum.Length - 1; i >= 0; i--)
        {
            checksum[i] = base62[(int)(crc % 62)];
            crc /= 62;
        }

        return new string(checksum);
    }

    private static Task<HttpResponseMessage> VerifyAsAsync(HttpClient client, string peer, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/internal/api-keys/verify")
        {
            Content = JsonContent(new JsonObject { ["key"] = key }),
        };
        request.Headers.Add(PeerFromHeader.Header, peer);
        return client.SendAsync(request);
    }

    private static StringContent JsonContent(JsonNode json) => new(json.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
}

public sealed class ApiKeyVerifyDefenceTestsOnSqlite(SqliteRegistry registry) : ApiKeyVerifyDefenceTests(registry), IClassFixture<SqliteRegistry>;

public sealed class ApiKeyVerifyDefenceTestsOnPostgres(PostgresRegistry registry) : ApiKeyVerifyDefenceTests(registry), IClassFixture<PostgresRegistry>;
