using System.Net;
using TenantRegistry.Contract.Tests.Infrastructure;

namespace TenantRegistry.Contract.Tests.Hostile;

/// <summary>
/// Issue 23, "answers that help": the exact texts a newcomer meets for the mistakes the issue names (the slug's
/// pattern, an enum's values, a `+` left unencoded in a query timestamp, which of frozen, archived, trial ended or a
/// cancellation taken effect applies). The generated cases only check that a message names its field and is not
/// vague; these pin the words. Over Kestrel with a token, like the rest of the hostile suite; runs once per store.
/// </summary>
public abstract class MessageTextTests(MessageTextRegistry registry)
{
    private const string SlugRule = "slug must match ^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$: 3 to 40 lower-case letters, digits and hyphens, starting and ending with a letter or digit";

    [Theory]
    [InlineData("""{"slug":"Acme","name":"Acme"}""", SlugRule)]
    [InlineData("""{"slug":"ab","name":"Too short"}""", SlugRule)]
    [InlineData("""{"slug":"kind-partner","name":"x","kind":"partner"}""", "kind must be one of customer, demo")]
    public async Task A_bad_tenant_body_names_the_field_and_what_is_allowed(string body, string expected)
    {
        using var client = registry.CreateClient();

        var response = await client.PostJsonAsync("/v1/tenants", body);

        Assert.Equal(expected, await response.AssertErrorAsync(HttpStatusCode.BadRequest, "invalid_input"));
    }

    [Theory]
    [InlineData("/v1/tenants?status=Active", "status must be one of demo, trial, active, frozen, archived")]
    [InlineData("/v1/tenants?kind=partner", "kind must be one of customer, demo")]
    [InlineData("/v1/audit?since=2026-01-31T10:30:00+01:00",
        "since must be an RFC 3339 timestamp (like 2026-01-31T09:30:00Z); a '+' in a query string must be sent as %2B (since=2026-01-31T10:30:00%2B01:00)")]
    [InlineData("/v1/audit?until=yesterday", "until must be an RFC 3339 timestamp (like 2026-01-31T09:30:00Z)")]
    public async Task A_bad_query_value_names_the_parameter_and_what_is_allowed(string path, string expected)
    {
        using var client = registry.CreateClient();

        var response = await client.GetAsync(path);

        Assert.Equal(expected, await response.AssertErrorAsync(HttpStatusCode.BadRequest, "invalid_input"));
    }

    [Fact]
    public async Task A_key_refused_for_the_tenants_state_says_which_state_and_what_to_do()
    {
        using var client = registry.CreateClient();
        var frozen = await client.CreateFrozenTenantAsync();
        var archived = await client.CreateArchivedTenantAsync();

        Assert.Equal("the tenant cannot get new keys: it is frozen; activate it first", await KeyRefusalAsync(client, frozen.Id()));
        Assert.Equal("the tenant cannot get new keys: it is archived, which is final", await KeyRefusalAsync(client, archived.Id()));
        var trialRequest = await client.PostJsonAsync("/v1/catalog/trial-request", $$"""{"tenant_id":"{{frozen.Id()}}","product":"compliance-scanner"}""");
        Assert.Equal("the tenant cannot start a trial: it is frozen; activate it first", await trialRequest.AssertErrorAsync(HttpStatusCode.BadRequest, "invalid_state"));
    }

    [Fact]
    public async Task A_key_refused_before_the_sweep_says_the_trial_ended_or_the_cancellation_took_effect()
    {
        using var client = registry.CreateClient();
        var today = DateOnly.FromDateTime(registry.Clock.GetUtcNow().UtcDateTime);
        var trial = await client.CreateTenantAsync();
        var cancelled = await client.CreateActiveTenantAsync(contractEnd: today.AddDays(1).ToString("yyyy-MM-dd"));
        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync($"/v1/tenants/{cancelled["id"]}/cancel", """{"at_period_end":true}""")).StatusCode);

        // Past the trial's end and the cancellation's day; the sweeper of this fixture does not wake before the request.
        registry.Clock.Advance(TimeSpan.FromDays(15));

        Assert.Equal("the tenant cannot get new keys: its trial has ended (it is frozen at the next sweep); activate it first",
            await KeyRefusalAsync(client, trial.Id()));
        Assert.Equal("the tenant cannot get new keys: its scheduled cancellation has taken effect (it is frozen at the next sweep); activate it to take the cancellation back",
            await KeyRefusalAsync(client, cancelled.Id()));
    }

    private static async Task<string> KeyRefusalAsync(HttpClient client, Guid tenantId) =>
        await (await client.PostJsonAsync("/v1/api-keys", $$"""{"tenant_id":"{{tenantId}}","name":"refused"}"""))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "invalid_state");
}

/// <summary>
/// The hostile suite's service, with a sweeper that does not wake when a test moves the clock by days, so a state
/// the sweep would change (a trial past its end, a cancellation due) can be seen before it does.
/// </summary>
public abstract class MessageTextRegistry : HostileRegistry
{
    protected static readonly (string Key, string Value) SleepingSweeper = ("Sweeper:Interval", "30.00:00:00");
}

public sealed class MessageTextSqliteRegistry : MessageTextRegistry
{
    protected override Task<IReadOnlyDictionary<string, string?>> CreateStoreAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(StoreSettings.FreshSqlite(SleepingSweeper));
}

public sealed class MessageTextPostgresRegistry : MessageTextRegistry
{
    protected override async Task<IReadOnlyDictionary<string, string?>> CreateStoreAsync() => await StoreSettings.FreshPostgresAsync(SleepingSweeper);
}

public sealed class MessageTextTestsOnSqlite(MessageTextSqliteRegistry registry) : MessageTextTests(registry), IClassFixture<MessageTextSqliteRegistry>;

public sealed class MessageTextTestsOnPostgres(MessageTextPostgresRegistry registry) : MessageTextTests(registry), IClassFixture<MessageTextPostgresRegistry>;
