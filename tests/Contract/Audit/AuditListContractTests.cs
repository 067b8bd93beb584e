using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using TenantRegistry.Contract.Tests.Infrastructure;

namespace TenantRegistry.Contract.Tests.Audit;

/// <summary>
/// GET /v1/audit: filters, time bounds, limits, cursors and paging; runs once per store. Each test tags its events
/// with a fresh actor or tenant, so it sees only its own events in the shared store.
/// </summary>
public abstract class AuditListContractTests(RegistryFixture registry)
{
    private readonly HttpClient client = registry.CreateClient();

    [Fact]
    public async Task Events_come_newest_first_with_the_default_limit_of_50()
    {
        var actor = NewActor();
        var appended = await AppendManyAsync(51, actor);

        var page = await client.ListAuditAsync($"actor_id={actor}");

        Assert.Equal(appended.AsEnumerable().Reverse().Take(50), page.Ids());
        Assert.Equal(appended[1], (long)page["next_cursor"]!);
    }

    [Fact]
    public async Task Every_filter_matches_exactly_and_filters_combine_with_and()
    {
        var (tenantA, tenantB) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        var (actorA, actorB) = (NewActor(), NewActor());
        var (productA, productB) = ("p-" + Guid.NewGuid().ToString("N")[..8], "p-" + Guid.NewGuid().ToString("N")[..8]);
        var (actionA, actionB) = ("a." + Guid.NewGuid().ToString("N")[..8], "a." + Guid.NewGuid().ToString("N")[..8]);
        var events = new List<(long Id, string Tenant, string Actor, string Product, string Action)>();
        foreach (var tenant in new[] { tenantA, tenantB })
        {
            foreach (var actor in new[] { actorA, actorB })
            {
                foreach (var product in new[] { productA, productB })
                {
                    foreach (var action in new[] { actionA, actionB })
                    {
                        var created = await client.AppendAuditAsync(new JsonObject
                        {
                            ["tenant_id"] = tenant, ["actor_id"] = actor, ["product"] = product, ["action"] = action,
                        });
                        events.Add(((long)created["id"]!, tenant, actor, product, action));
                    }
                }
            }
        }

        async Task ExpectAsync(string query, Func<(long Id, string Tenant, string Actor, string Product, string Action), bool> matches)
        {
            var expected = events.Where(matches).Select(e => e.Id).OrderDescending().ToList();
            Assert.Equal(expected, (await client.ListAuditAsync(query + "&limit=500")).Ids());
        }

        await ExpectAsync($"tenant_id={tenantA}", e => e.Tenant == tenantA);
        await ExpectAsync($"actor_id={actorB}", e => e.Actor == actorB);
        await ExpectAsync($"product={productA}&tenant_id={tenantB}", e => e.Product == productA && e.Tenant == tenantB);
        await ExpectAsync($"action={actionB}&actor_id={actorA}", e => e.Action == actionB && e.Actor == actorA);
        await ExpectAsync($"tenant_id={tenantA}&action={actionA}", e => e.Tenant == tenantA && e.Action == actionA);
        await ExpectAsync($"tenant_id={tenantB}&actor_id={actorB}&product={productB}&action={actionA}",
            e => e.Tenant == tenantB && e.Actor == actorB && e.Product == productB && e.Action == actionA);
        await ExpectAsync($"product={productB}", e => e.Product == productB);
        await ExpectAsync($"action={actionA}", e => e.Action == actionA);
        await ExpectAsync($"tenant_id={tenantA}&actor_id={NewActor()}", _ => false);
    }

    [Fact]
    public async Task Filters_are_exact_not_prefix_or_case_insensitive()
    {
        var actor = NewActor();
        await client.AppendAuditAsync(new JsonObject { ["action"] = "Exact.Match", ["actor_id"] = actor });

        Assert.Single((await client.ListAuditAsync($"actor_id={actor}&action=Exact.Match")).Items());
        Assert.Empty((await client.ListAuditAsync($"actor_id={actor}&action=exact.match")).Items());
        Assert.Empty((await client.ListAuditAsync($"actor_id={actor}&action=Exact")).Items());
        Assert.Empty((await client.ListAuditAsync($"actor_id={actor[..^1]}")).Items());
    }

    [Theory]
    [InlineData("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'")]
    [InlineData("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'")]
    [InlineData("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'")]
    [InlineData("yyyy-MM-dd't'HH:mm:ss.ffffff'z'")]
    [InlineData("yyyy-MM-dd HH:mm:ss.ffffff'Z'")]
    [InlineData("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'")]
    [InlineData("yyyy-MM-dd'T'HH:mm:ss.ffffff'-00:00'")]
    [InlineData("yyyy-MM-dd'T'HH:mm:ss.ffffff000'Z'")]
    public async Task Since_is_inclusive_and_until_exclusive_in_every_rfc3339_form(string format)
    {
        var actor = NewActor();
        var (first, second, third, fourth) = (await AppendAtAsync(actor, 0), await AppendAtAsync(actor, 1_123_456), await AppendAtAsync(actor, 2_000_000), await AppendAtAsync(actor, 3_000_000));

        var since = Encoded(second.At.ToString(format, CultureInfo.InvariantCulture));
        var until = Encoded(fourth.At.ToString(format, CultureInfo.InvariantCulture));

        Assert.Equal([fourth.Id, third.Id, second.Id], (await client.ListAuditAsync($"actor_id={actor}&since={since}")).Ids());
        Assert.Equal([third.Id, second.Id, first.Id], (await client.ListAuditAsync($"actor_id={actor}&until={until}")).Ids());
        Assert.Equal([third.Id, second.Id], (await client.ListAuditAsync($"actor_id={actor}&since={since}&until={until}")).Ids());
    }

    [Theory]
    [InlineData(2, 0)]
    [InlineData(-5, -30)]
    [InlineData(14, 0)]
    public async Task Bounds_with_any_offset_mean_the_same_instant(int offsetHours, int offsetMinutes)
    {
        var actor = NewActor();
        var (first, second) = (await AppendAtAsync(actor, 0), await AppendAtAsync(actor, 1_500_000));
        var offset = new TimeSpan(offsetHours, offsetMinutes, 0);

        var since = Encoded(second.At.ToOffset(offset).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture));

        Assert.Equal([second.Id], (await client.ListAuditAsync($"actor_id={actor}&since={since}")).Ids());
        Assert.Equal([first.Id], (await client.ListAuditAsync($"actor_id={actor}&until={since}")).Ids());
    }

    [Fact]
    public async Task Whole_seconds_without_a_fraction_are_accepted()
    {
        var actor = NewActor();
        var (first, second) = (await AppendAtAsync(actor, 0), await AppendAtAsync(actor, 1_000_000));

        Assert.Equal([second.Id], (await client.ListAuditAsync($"actor_id={actor}&since={second.At:yyyy-MM-dd'T'HH:mm:ss'Z'}")).Ids());
        Assert.Equal([first.Id], (await client.ListAuditAsync($"actor_id={actor}&until={second.At:yyyy-MM-dd'T'HH:mm:ss}%2B00:00")).Ids());
    }

    [Fact]
    public async Task Bounds_finer_than_a_microsecond_stay_exact()
    {
        var actor = NewActor();
        var (first, second) = (await AppendAtAsync(actor, 0), await AppendAtAsync(actor, 1_123_456));
        var justAfter = second.At.AddTicks(1).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        var oneNanosecondAfter = second.At.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "001Z";

        Assert.Empty((await client.ListAuditAsync($"actor_id={actor}&since={justAfter}")).Items());
        Assert.Empty((await client.ListAuditAsync($"actor_id={actor}&since={oneNanosecondAfter}")).Items());
        Assert.Equal([second.Id, first.Id], (await client.ListAuditAsync($"actor_id={actor}&until={justAfter}")).Ids());
        Assert.Equal([second.Id, first.Id], (await client.ListAuditAsync($"actor_id={actor}&until={oneNanosecondAfter}")).Ids());
    }

    [Fact]
    public async Task Equal_since_and_until_give_an_empty_page_and_since_after_until_is_refused()
    {
        var actor = NewActor();
        var only = await AppendAtAsync(actor, 0);
        var at = only.At.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        var later = only.At.AddMicroseconds(1).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

        var empty = await client.ListAuditAsync($"actor_id={actor}&since={at}&until={at}");
        var reversed = await client.GetAsync($"/v1/audit?actor_id={actor}&since={later}&until={at}");

        Assert.Empty(empty.Items());
        Assert.False(empty.ContainsKey("next_cursor"));
        Assert.Equal(HttpStatusCode.BadRequest, reversed.StatusCode);
        Assert.Equal("since must not be later than until", (string?)(await reversed.ReadObjectAsync())["message"]);
    }

    [Theory]
    [InlineData("since=2026-05-01T10:00:00+00:00")]
    [InlineData("since=2026-05-01T10:00:00")]
    [InlineData("since=2026-05-01")]
    [InlineData("since=05/01/2026%2010:00:00")]
    [InlineData("since=2026-02-30T00:00:00Z")]
    [InlineData("since=2026-05-01T24:00:00Z")]
    [InlineData("since=2026-05-01T10:00:60Z")]
    [InlineData("since=2026-05-01T10:00:00.Z")]
    [InlineData("since=2026-05-01T10:00:00%2B2:00")]
    [InlineData("until=0001-01-01T00:00:00%2B01:00")]
    [InlineData("until=yesterday")]
    [InlineData("tenant_id=not-a-uuid")]
    [InlineData("tenant_id=12345")]
    [InlineData("limit=abc")]
    [InlineData("limit=1.5")]
    [InlineData("limit=99999999999")]
    [InlineData("cursor=abc")]
    [InlineData("cursor=1e3")]
    [InlineData("cursor=9223372036854775808")]
    [InlineData("action=nul%00")]
    [InlineData("product=%00")]
    [InlineData("actor_id=a%00b")]
    [InlineData("tenant_id=")]
    [InlineData("since=")]
    [InlineData("until=")]
    [InlineData("limit=")]
    [InlineData("cursor=")]
    [InlineData("limit=%2B5")]
    [InlineData("cursor=0x10")]
    [InlineData("limit=5&limit=6")]
    public async Task Malformed_query_parameters_are_bad_input(string query)
    {
        var response = await client.GetAsync("/v1/audit?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.ReadObjectAsync();
        Assert.Equal("invalid_input", (string?)error["error"]);
        Assert.Contains(query.Split('=')[0], (string?)error["message"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(501)]
    public async Task Limit_outside_1_to_500_is_refused(int limit)
    {
        var response = await client.GetAsync($"/v1/audit?limit={limit}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("limit must be between 1 and 500", (string?)(await response.ReadObjectAsync())["message"]);
    }

    [Fact]
    public async Task Limits_1_and_500_are_honoured()
    {
        var actor = NewActor();
        var appended = await AppendManyAsync(501, actor);

        var one = await client.ListAuditAsync($"actor_id={actor}&limit=1");
        var most = await client.ListAuditAsync($"actor_id={actor}&limit=500");

        Assert.Equal([appended[^1]], one.Ids());
        Assert.Equal(appended[^1], (long)one["next_cursor"]!);
        Assert.Equal(appended.AsEnumerable().Reverse().Take(500), most.Ids());
        Assert.Equal(appended[1], (long)most["next_cursor"]!);
    }

    [Fact]
    public async Task Next_cursor_is_omitted_when_the_last_page_is_exactly_full()
    {
        var actor = NewActor();
        var appended = await AppendManyAsync(6, actor);

        var first = await client.ListAuditAsync($"actor_id={actor}&limit=3");
        var second = await client.ListAuditAsync($"actor_id={actor}&limit=3&cursor={first["next_cursor"]}");

        Assert.Equal([appended[5], appended[4], appended[3]], first.Ids());
        Assert.Equal(appended[3], (long)first["next_cursor"]!);
        Assert.Equal([appended[2], appended[1], appended[0]], second.Ids());
        Assert.False(second.ContainsKey("next_cursor"));
    }

    [Fact]
    public async Task Cursor_is_exclusive_and_may_name_any_id()
    {
        var actor = NewActor();
        var appended = await AppendManyAsync(4, actor);

        Assert.Equal([appended[1], appended[0]], (await client.ListAuditAsync($"actor_id={actor}&cursor={appended[2]}")).Ids());
        Assert.Equal([appended[0]], (await client.ListAuditAsync($"actor_id={actor}&cursor={appended[0] + 1}")).Ids());
        Assert.Empty((await client.ListAuditAsync($"actor_id={actor}&cursor={appended[0]}")).Items());
    }

    [Theory]
    [InlineData("9223372036854775807")]
    [InlineData("1000000000")]
    public async Task Cursor_beyond_the_newest_event_gives_the_first_page(string cursor)
    {
        var actor = NewActor();
        var appended = await AppendManyAsync(3, actor);

        var page = await client.ListAuditAsync($"actor_id={actor}&cursor={cursor}");

        Assert.Equal(appended.AsEnumerable().Reverse(), page.Ids());
        Assert.False(page.ContainsKey("next_cursor"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(long.MinValue)]
    public async Task Cursor_at_or_below_the_first_id_gives_an_empty_last_page(long cursor)
    {
        await client.AppendAuditAsync(new JsonObject { ["action"] = "first.ever" });

        var page = await client.ListAuditAsync($"cursor={cursor}");

        Assert.Empty(page.Items());
        Assert.False(page.ContainsKey("next_cursor"));
    }

    /// <summary>
    /// Issue 16: a parameter given empty is given (docs/behaviour.md, "Input rules"). Left out, it is no filter; an
    /// empty text filter matches exactly, and every event has a non-blank action.
    /// </summary>
    [Fact]
    public async Task An_empty_text_filter_matches_exactly_and_a_left_out_one_is_no_filter()
    {
        var actor = NewActor();
        var appended = await AppendManyAsync(2, actor);

        Assert.Equal(appended.AsEnumerable().Reverse(), (await client.ListAuditAsync($"actor_id={actor}")).Ids());
        Assert.Empty((await client.ListAuditAsync($"actor_id={actor}&action=")).Items());
    }

    [Fact]
    public async Task Paging_sees_every_event_once_while_new_events_arrive()
    {
        var actor = NewActor();
        var before = await AppendManyAsync(60, actor);
        using var stop = new CancellationTokenSource();
        var appendedDuringWalk = 0;
        var appender = Task.Run(async () =>
        {
            var writer = registry.CreateClient();
            while (!stop.IsCancellationRequested)
            {
                await writer.AppendAuditAsync(new JsonObject { ["action"] = "during.walk", ["actor_id"] = actor });
                Interlocked.Increment(ref appendedDuringWalk);
            }
        });

        var pages = new List<JsonObject>();
        while (Volatile.Read(ref appendedDuringWalk) < 5)
        {
            await Task.Delay(5);
        }

        pages.Add(await client.ListAuditAsync($"actor_id={actor}&limit=7"));
        while (pages[^1]["next_cursor"] is { } cursor)
        {
            pages.Add(await client.ListAuditAsync($"actor_id={actor}&limit=7&cursor={cursor}"));
            await Task.Delay(2);
        }

        await stop.CancelAsync();
        await appender;

        var walked = pages.SelectMany(page => page.Ids()).ToList();
        var all = (await client.ListAllPagesAsync($"actor_id={actor}&limit=500")).SelectMany(page => page.Ids()).ToList();
        Assert.True(all.Count > before.Count + 5, "events were appended while the walk ran");
        Assert.Equal(walked.Distinct().Count(), walked.Count);
        Assert.Equal(walked.OrderDescending(), walked);
        Assert.Equal(all.Where(id => id <= walked[0]), walked);
        Assert.Subset(walked.ToHashSet(), before.ToHashSet());
        Assert.All(pages.SkipLast(1), page => Assert.Equal(7, page.Items().Count));
    }

    private static string NewActor() => "actor-" + Guid.NewGuid().ToString("N")[..12];

    private static string Encoded(string timestamp) => Uri.EscapeDataString(timestamp);

    private async Task<List<long>> AppendManyAsync(int count, string actor)
    {
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            ids.Add((long)(await client.AppendAuditAsync(new JsonObject { ["action"] = "bulk", ["actor_id"] = actor }))["id"]!);
        }

        return ids;
    }

    /// <summary>Appends at a whole second plus <paramref name="microseconds"/>, moving the shared clock forward.</summary>
    private async Task<(long Id, DateTimeOffset At)> AppendAtAsync(string actor, long microseconds)
    {
        var clock = registry.App.Clock;
        var now = clock.GetUtcNow();
        var nextSecond = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero).AddSeconds(1);
        clock.SetUtcNow(nextSecond.AddMicroseconds(microseconds % 1_000_000));
        var created = await client.AppendAuditAsync(new JsonObject { ["action"] = "timed", ["actor_id"] = actor });
        return ((long)created["id"]!, DateTimeOffset.Parse((string)created["created_at"]!, CultureInfo.InvariantCulture));
    }
}

public sealed class AuditListContractTestsOnSqlite(SqliteRegistry registry) : AuditListContractTests(registry), IClassFixture<SqliteRegistry>;

public sealed class AuditListContractTestsOnPostgres(PostgresRegistry registry) : AuditListContractTests(registry), IClassFixture<PostgresRegistry>;
