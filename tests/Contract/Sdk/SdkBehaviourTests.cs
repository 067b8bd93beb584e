using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TenantRegistry.Client;
using TenantRegistry.Contract.Tests.Infrastructure;

namespace TenantRegistry.Contract.Tests.Sdk;

/// <summary>Issue 21: what a product team relies on beyond single calls. Runs once per store.</summary>
public abstract class SdkBehaviourTests(RegistryFixture registry)
{
    private readonly HttpClient fixtureClient = registry.CreateClient();

    [Fact]
    public async Task Audit_time_filters_select_by_instant_whatever_offset_and_fraction_the_caller_uses()
    {
        var audit = new TenantRegistryClient(fixtureClient).Audit;
        var actor = "sdk-actor-" + Guid.NewGuid().ToString("N")[..12];
        var first = await AppendAtAsync(audit, actor, TimeSpan.Zero);
        var second = await AppendAtAsync(audit, actor, TimeSpan.FromTicks(1_234_560));
        var third = await AppendAtAsync(audit, actor, TimeSpan.FromTicks(2_500_010));
        var since = second.CreatedAt.ToOffset(new TimeSpan(5, 30, 0));
        var until = third.CreatedAt.ToOffset(TimeSpan.FromHours(-7));

        var fromSecond = await audit.ListAuditEventsAsync(actorId: actor, since: since);
        var beforeThird = await audit.ListAuditEventsAsync(actorId: actor, until: until);
        var between = await audit.ListAuditEventsAsync(actorId: actor, since: since, until: until);

        Assert.NotEqual(0, since.Ticks % TimeSpan.TicksPerSecond);
        Assert.Equal([third.Id, second.Id], fromSecond.Items!.Select(item => item.Id));
        Assert.Equal([second.Id, first.Id], beforeThird.Items!.Select(item => item.Id));
        Assert.Equal([second.Id], between.Items!.Select(item => item.Id));
    }

    [Fact]
    public async Task Errors_carry_the_servers_code_message_and_status()
    {
        var sdk = new TenantRegistryClient(fixtureClient);
        var slug = "sdk-" + Guid.NewGuid().ToString("N")[..16];
        var tenant = await sdk.Tenants.CreateTenantAsync(new TenantCreate { Slug = slug, Name = "Errors" });
        var product = (await sdk.Catalog.ListCatalogAsync()).Items!.First(entry => entry.SupportsTrial).Key;
        await sdk.Catalog.StartTrialAsync(new CatalogRequest { TenantId = tenant.Id, Product = product });

        var conflict = await Assert.ThrowsAsync<TenantRegistryApiException<ApiError>>(
            () => sdk.Tenants.CreateTenantAsync(new TenantCreate { Slug = slug, Name = "Again" }));
        var invalidInput = await Assert.ThrowsAsync<TenantRegistryApiException<ApiError>>(() => sdk.Audit.ListAuditEventsAsync(limit: 0));
        var invalidState = await Assert.ThrowsAsync<TenantRegistryApiException<ApiError>>(
            () => sdk.Catalog.StartTrialAsync(new CatalogRequest { TenantId = tenant.Id, Product = product }));

        await ExpectAsync(conflict, 409, "conflict", await fixtureClient.PostJsonAsync("/v1/tenants", $$"""{"slug":"{{slug}}","name":"Raw"}"""));
        await ExpectAsync(invalidInput, 400, "invalid_input", await fixtureClient.GetAsync("/v1/audit?limit=0"));
        await ExpectAsync(invalidState, 400, "invalid_state",
            await fixtureClient.PostJsonAsync("/v1/catalog/trial-request", $$"""{"tenant_id":"{{tenant.Id}}","product":"{{product}}"}"""));
        Assert.Null(conflict.RetryAfter);
    }

    [Theory]
    [InlineData("http://localhost/registry")]
    [InlineData("http://localhost/registry/")]
    public async Task A_base_address_with_a_path_keeps_it_with_or_without_a_trailing_slash(string baseAddress)
    {
        var recorder = new RecordingHandler(fixtureClient) { PathBase = "/registry" };
        using var http = new HttpClient(recorder) { BaseAddress = new Uri(baseAddress) };

        var created = await new TenantRegistryClient(http).Tenants.CreateTenantAsync(new TenantCreate { Slug = "sdk-" + Guid.NewGuid().ToString("N")[..16], Name = "Behind a gateway" });

        Assert.Equal("/registry/v1/tenants", Assert.Single(recorder.Exchanges).Request.RequestUri!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Created, recorder.Exchanges[0].Status);
        Assert.Equal("Behind a gateway", created.Name);
    }

    [Fact]
    public async Task AddTenantRegistryClient_serves_the_entry_point_and_every_feature_client_with_the_bearer_token()
    {
        var recorder = new RecordingHandler(fixtureClient) { PathBase = "/registry" };
        var services = new ServiceCollection();
        services.AddTenantRegistryClient(options =>
            {
                options.BaseAddress = new Uri("http://localhost/registry");
                options.AccessTokenProvider = (_, _) => ValueTask.FromResult<string?>("token-from-provider");
            })
            .ConfigurePrimaryHttpMessageHandler(() => recorder);
        await using var provider = services.BuildServiceProvider();

        var created = await provider.GetRequiredService<ITenantsClient>().CreateTenantAsync(new TenantCreate { Slug = "sdk-" + Guid.NewGuid().ToString("N")[..16], Name = "Via DI" });
        var read = await provider.GetRequiredService<TenantRegistryClient>().Tenants.GetTenantAsync(created.Id);
        var keys = await provider.GetRequiredService<IApiKeysClient>().ListApiKeysAsync(created.Id);

        Assert.Equal(created.Id, read.Id);
        Assert.Empty(keys.Items!);
        Assert.Equal(3, recorder.Exchanges.Count);
        Assert.All(recorder.Exchanges, exchange => Assert.Equal("Bearer token-from-provider", exchange.Request.Headers.Authorization?.ToString()));
        foreach (var (service, _) in TenantRegistryClientFeatures())
        {
            Assert.NotNull(provider.GetRequiredService(service));
        }
    }

    [Fact]
    public void AddTenantRegistryClient_without_a_base_address_says_what_is_missing()
    {
        var services = new ServiceCollection();
        services.AddTenantRegistryClient(_ => { });
        using var provider = services.BuildServiceProvider();

        var refused = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<TenantRegistryClient>());

        Assert.Contains("TenantRegistryClientOptions.BaseAddress", refused.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<(Type Service, string Property)> TenantRegistryClientFeatures() =>
        typeof(TenantRegistryClient).GetProperties().Select(property => (property.PropertyType, property.Name));

    private static async Task ExpectAsync(TenantRegistryApiException<ApiError> error, int status, string code, HttpResponseMessage raw)
    {
        var body = await raw.ReadObjectAsync();
        Assert.Equal(status, (int)raw.StatusCode);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal(code, error.ErrorCode);
        Assert.Equal(code, error.Result.Error);
        Assert.Equal((string?)body["message"], error.ErrorMessage);
        Assert.False(string.IsNullOrWhiteSpace(error.ErrorMessage));
        Assert.Equal($"{code}: {error.ErrorMessage} (HTTP {status})", error.Message);
    }

    private async Task<AuditEvent> AppendAtAsync(IAuditClient audit, string actor, TimeSpan afterNextSecond)
    {
        var clock = registry.App.Clock;
        var now = clock.GetUtcNow();
        clock.SetUtcNow(new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero).AddSeconds(1) + afterNextSecond);
        var appended = await audit.AppendAuditEventAsync(new AuditAppend { Action = "sdk.timed", ActorId = actor });
        Assert.Equal(clock.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.ffffff", CultureInfo.InvariantCulture), appended.CreatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffff", CultureInfo.InvariantCulture));
        return appended;
    }
}

public sealed class SdkBehaviourTestsOnSqlite(SqliteRegistry registry) : SdkBehaviourTests(registry), IClassFixture<SqliteRegistry>;

public sealed class SdkBehaviourTestsOnPostgres(PostgresRegistry registry) : SdkBehaviourTests(registry), IClassFixture<PostgresRegistry>;
