using System.Globalization;
using System.Text.Json.Nodes;
using FluentMigrator.Runner;
using Microsoft.Extensions.DependencyInjection;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.Audit;

/// <summary>
/// PostgreSQL keeps created_at rising with id (M0010_AuditTimeOrder), which lets a time window be read as an id range.
/// These tests hold the store to the guarantee under clocks that disagree and appends that race, and hold every window
/// page to what the plain filter over all events gives, also on a log written out of order before the guarantee.
/// </summary>
public sealed class AuditTimeOrderOnPostgresTests
{
    [Fact]
    public async Task An_event_whose_clock_is_behind_the_newest_event_gets_the_newest_time()
    {
        var settings = await StoreSettings.FreshPostgresAsync();
        await using var app = new RegistryApp(settings);
        using var client = app.CreateDefaultClient(new ValidatingHandler());
        var first = await client.AppendAuditAsync(new JsonObject { ["action"] = "clock.now" });
        var ahead = Timestamp(app.Clock.GetUtcNow().AddHours(1));
        await using (var raw = await RawStoreConnection.OpenAsync(settings))
        {
            await raw.ExecuteAsync($"INSERT INTO audit_events (action, created_at) VALUES ('clock.ahead', '{ahead}')");
        }

        var behind = await client.AppendAuditAsync(new JsonObject { ["action"] = "clock.behind" });

        Assert.Equal(DateTimeOffset.Parse(ahead, CultureInfo.InvariantCulture), DateTimeOffset.Parse((string)behind["created_at"]!, CultureInfo.InvariantCulture));
        Assert.True((long)behind["id"]! > (long)first["id"]!);
        Assert.Equal(["clock.behind", "clock.ahead"],
            (await client.ListAuditAsync($"since={Encoded(ahead)}")).Items().Select(item => (string)item["action"]!));
        Assert.Equal(["clock.now"], (await client.ListAuditAsync($"until={Encoded(ahead)}")).Items().Select(item => (string)item["action"]!));
    }

    [Fact]
    public async Task Racing_appends_from_instances_whose_clocks_disagree_keep_time_rising_with_id_and_every_window_exact()
    {
        var settings = await StoreSettings.FreshPostgresAsync();
        await using var behind = new RegistryApp(settings);
        await using var ahead = new RegistryApp(settings);
        ahead.Clock.Advance(TimeSpan.FromSeconds(30));
        var clients = new[] { behind.CreateDefaultClient(), ahead.CreateDefaultClient() };

        await Task.WhenAll(Enumerable.Range(0, 8).Select(async writer =>
        {
            for (var i = 0; i < 15; i++)
            {
                await clients[(writer + i) % 2].AppendAuditAsync(new JsonObject { ["action"] = $"race.{writer}" });
                (writer % 2 == 0 ? behind : ahead).Clock.Advance(TimeSpan.FromMilliseconds(700));
            }
        }));

        var events = await AllEventsAsync(settings);
        Assert.Equal(120, events.Count);
        Assert.All(events.Zip(events.Skip(1)), pair => Assert.True(pair.First.CreatedAt <= pair.Second.CreatedAt,
            $"event {pair.Second.Id} at {pair.Second.CreatedAt:O} is earlier than event {pair.First.Id} at {pair.First.CreatedAt:O}"));
        await AssertEveryWindowIsExactAsync(clients[0], events);
    }

    [Fact]
    public async Task Windows_over_a_log_written_out_of_order_before_the_guarantee_stay_exact()
    {
        var settings = await StoreSettings.FreshPostgresAsync();
        await using var app = new RegistryApp(settings);
        using var client = app.CreateDefaultClient(new ValidatingHandler());
        _ = app.Server;
        using (var scope = app.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<IMigrationRunner>().MigrateDown(9);
        }

        var start = app.Clock.GetUtcNow().AddDays(-1);
        await using (var raw = await RawStoreConnection.OpenAsync(settings))
        {
            // Ids and times out of step: each event is an hour before the one written before it.
            for (var i = 0; i < 12; i++)
            {
                await raw.ExecuteAsync($"INSERT INTO audit_events (action, created_at) VALUES ('legacy.{i}', '{Timestamp(start.AddHours(-i))}')");
            }
        }

        using (var scope = app.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<IMigrationRunner>().MigrateUp();
        }

        for (var i = 0; i < 6; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(20));
            await client.AppendAuditAsync(new JsonObject { ["action"] = $"after.{i}" });
        }

        await AssertEveryWindowIsExactAsync(client, await AllEventsAsync(settings));
    }

    /// <summary>Every window between two event times (and one past the last), alone and with since or until only.</summary>
    private static async Task AssertEveryWindowIsExactAsync(HttpClient client, List<StoredEvent> events)
    {
        var times = events.Select(e => e.CreatedAt).Distinct().Order().ToList();
        var stride = Math.Max(1, times.Count / 6);
        var edges = times.Where((_, index) => index % stride == 0).Append(times[^1].AddTicks(10)).Prepend(times[0].AddTicks(-10)).ToList();
        foreach (var since in edges)
        {
            Assert.Equal(Expected(events, since, null), (await client.ListAuditAsync($"limit=500&since={Encoded(since)}")).Ids());
            Assert.Equal(Expected(events, null, since), (await client.ListAuditAsync($"limit=500&until={Encoded(since)}")).Ids());
            foreach (var until in edges.Where(until => until >= since))
            {
                Assert.Equal(Expected(events, since, until),
                    (await client.ListAuditAsync($"limit=500&since={Encoded(since)}&until={Encoded(until)}")).Ids());
            }
        }

        // A page behind a cursor inside a window continues where the first page stopped.
        var wide = (await client.ListAuditAsync($"limit=5&since={Encoded(times[1])}")).Ids();
        Assert.Equal(Expected(events, times[1], null).Skip(5).Take(5),
            (await client.ListAuditAsync($"limit=5&since={Encoded(times[1])}&cursor={wide[^1]}")).Ids());
    }

    private static List<long> Expected(List<StoredEvent> events, DateTimeOffset? since, DateTimeOffset? until) =>
        events.Where(e => (since is null || e.CreatedAt >= since) && (until is null || e.CreatedAt < until))
            .Select(e => e.Id).OrderDescending().ToList();

    private static async Task<List<StoredEvent>> AllEventsAsync(IReadOnlyDictionary<string, string?> settings)
    {
        await using var raw = await RawStoreConnection.OpenAsync(settings);
        var ids = await raw.QueryAsync<long>("SELECT id FROM audit_events ORDER BY id");
        var times = await raw.QueryAsync<DateTime>("SELECT created_at FROM audit_events ORDER BY id");
        return ids.Zip(times, (id, at) => new StoredEvent(id, new DateTimeOffset(at, TimeSpan.Zero))).ToList();
    }

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static string Encoded(DateTimeOffset at) => Uri.EscapeDataString(Timestamp(at));

    private static string Encoded(string timestamp) => Uri.EscapeDataString(timestamp);

    private sealed record StoredEvent(long Id, DateTimeOffset CreatedAt);
}
