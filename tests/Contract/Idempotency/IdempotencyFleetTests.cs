using System.Net;
using LinqToDB.Async;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;
using TenantRegistry.Idempotency;
using static TenantRegistry.Contract.Tests.Idempotency.IdempotencyHttp;

namespace TenantRegistry.Contract.Tests.Idempotency;

/// <summary>
/// Two instances on one PostgreSQL database receiving the same key: exactly one runs. The claim is a transaction's
/// advisory lock, so it holds across instances, where the in-process claim cannot.
/// </summary>
public sealed class IdempotencyFleetTests(FleetOfTwo fleet) : IClassFixture<FleetOfTwo>
{
    private const int Races = 20;

    [Fact]
    public async Task A_key_held_by_one_instance_is_in_flight_on_the_other_and_then_replayed_there()
    {
        var hold = new HeldClaims();
        // The held request must outlast the other instance's request however slow the machine: a long request timeout.
        await using var first = fleet.First.WithWebHostBuilder(host => host
            .UseSetting("Store:RequestTimeout", "00:01:00")
            .ConfigureTestServices(services => services.AddSingleton<IIdempotencyClaimObserver>(hold)));
        using var one = first.CreateDefaultClient(new ValidatingHandler());
        using var other = fleet.Second.CreateDefaultClient(new ValidatingHandler());
        var key = NewKey();
        var marker = Guid.NewGuid().ToString("N");
        var body = $$"""{"action":"idem.fleet","target_id":"{{marker}}"}""";

        var running = one.PostWithKeyAsync("/v1/audit", body, key);
        await hold.Claimed.WaitAsync(TimeSpan.FromSeconds(10));
        var meanwhile = await other.PostWithKeyAsync("/v1/audit", body, key);
        hold.Release();
        var answered = await (await running).AnswerAsync();
        var retried = await (await other.PostWithKeyAsync("/v1/audit", body, key)).AnswerAsync();

        await meanwhile.AssertErrorAsync(HttpStatusCode.Conflict, "idempotency_in_flight");
        Assert.Equal(201, answered.Status);
        Assert.Equal("true", retried.Replayed);
        Assert.Equal(answered.Body, retried.Body);
        Assert.Equal(1, await CountAsync(marker));
    }

    [Fact]
    public async Task The_same_key_sent_to_both_instances_at_once_runs_exactly_once()
    {
        using var one = fleet.First.CreateDefaultClient(new ValidatingHandler());
        using var other = fleet.Second.CreateDefaultClient(new ValidatingHandler());
        var markers = new List<string>();
        for (var race = 0; race < Races; race++)
        {
            var key = NewKey();
            var marker = Guid.NewGuid().ToString("N");
            markers.Add(marker);
            var body = $$"""{"action":"idem.race","target_id":"{{marker}}"}""";
            var answers = await Task.WhenAll(one.PostWithKeyAsync("/v1/audit", body, key), other.PostWithKeyAsync("/v1/audit", body, key));

            Assert.All(answers, answer => Assert.Contains(answer.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
            Assert.Contains(answers, answer => answer.StatusCode == HttpStatusCode.Created);
        }

        foreach (var marker in markers)
        {
            Assert.Equal(1, await CountAsync(marker));
        }
    }

    private async Task<int> CountAsync(string marker)
    {
        await using var scope = fleet.First.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TenantRegistry.Store.RegistryDb>().AuditEvents.CountAsync(e => e.TargetId == marker);
    }
}
