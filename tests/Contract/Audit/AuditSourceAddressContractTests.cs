using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.Audit;

/// <summary>
/// source_ip is the connection's peer; X-Forwarded-For counts only when that peer is a configured proxy. Addresses
/// are from the documentation ranges (RFC 5737); they are header text here, nothing is sent to them.
/// </summary>
public abstract class AuditSourceAddressContractTests(RegistryFixture registry)
{
    private const string Proxy = "192.0.2.10";
    private const string Client = "203.0.113.7";
    private const string Stranger = "198.51.100.20";

    [Fact]
    public async Task Without_configured_proxies_the_peer_is_the_source_even_if_it_sends_a_forwarded_header()
    {
        await using var app = ServiceTrusting();

        Assert.Equal(Proxy, await SourceIpAsync(app, peer: Proxy, forwardedFor: Client));
    }

    [Fact]
    public async Task A_known_proxy_forwards_the_client_address()
    {
        await using var app = ServiceTrusting(("ForwardedHeaders:KnownProxies:0", Proxy));

        Assert.Equal(Client, await SourceIpAsync(app, peer: Proxy, forwardedFor: Client));
        Assert.Equal(Proxy, await SourceIpAsync(app, peer: Proxy, forwardedFor: null));
    }

    [Fact]
    public async Task A_peer_that_is_not_a_known_proxy_cannot_forge_its_address()
    {
        await using var app = ServiceTrusting(("ForwardedHeaders:KnownProxies:0", Proxy));

        Assert.Equal(Stranger, await SourceIpAsync(app, peer: Stranger, forwardedFor: Client));
    }

    [Fact]
    public async Task A_proxy_inside_a_known_network_forwards_the_client_address()
    {
        await using var app = ServiceTrusting(("ForwardedHeaders:KnownNetworks:0", "192.0.2.0/24"));

        Assert.Equal(Client, await SourceIpAsync(app, peer: "192.0.2.99", forwardedFor: Client));
        Assert.Equal(Stranger, await SourceIpAsync(app, peer: Stranger, forwardedFor: Client));
    }

    [Fact]
    public async Task Only_the_entry_the_proxy_appended_counts_not_what_the_client_claimed_before_it()
    {
        await using var app = ServiceTrusting(("ForwardedHeaders:KnownProxies:0", Proxy));

        Assert.Equal(Client, await SourceIpAsync(app, peer: Proxy, forwardedFor: $"{Stranger}, {Client}"));
    }

    [Fact]
    public async Task A_connection_without_a_peer_address_is_not_trusted_to_forward()
    {
        await using var app = ServiceTrusting(("ForwardedHeaders:KnownProxies:0", Proxy));

        Assert.Null(await SourceIpAsync(app, peer: null, forwardedFor: Client));
    }

    [Fact]
    public async Task An_ipv4_peer_on_a_dual_stack_socket_is_shown_and_trusted_as_ipv4()
    {
        await using var app = ServiceTrusting(("ForwardedHeaders:KnownProxies:0", Proxy));

        Assert.Equal(Stranger, await SourceIpAsync(app, peer: "::ffff:" + Stranger, forwardedFor: null));
        Assert.Equal(Client, await SourceIpAsync(app, peer: "::ffff:" + Proxy, forwardedFor: Client));
    }

    [Fact]
    public async Task Tenant_events_carry_the_forwarded_client_address_too()
    {
        await using var app = ServiceTrusting(("ForwardedHeaders:KnownProxies:0", Proxy));
        using var client = app.CreateDefaultClient(new ValidatingHandler());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/tenants")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new JsonObject { ["slug"] = "fwd-" + Guid.NewGuid().ToString("N")[..12], ["name"] = "Forwarded" }),
        };
        request.Headers.Add(PeerAddressStartupFilter.Header, Proxy);
        request.Headers.Add("X-Forwarded-For", Client);

        var tenant = await (await client.SendAsync(request)).ReadObjectAsync();

        var created = await client.ExpectAuditEventAsync("tenant.created", (string)tenant["id"]!, (string)tenant["id"]!);
        Assert.Equal(Client, (string?)created["source_ip"]);
    }

    [Theory]
    [InlineData("ForwardedHeaders:KnownProxies:0", "proxy.internal")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "192.0.2.0/33")]
    [InlineData("ForwardedHeaders:ForwardLimit", "0")]
    public void A_malformed_proxy_setting_stops_the_service_at_start(string key, string value)
    {
        using var app = ServiceTrusting((key, value));

        var failure = Assert.Throws<OptionsValidationException>(() => app.CreateClient());
        Assert.Contains(key.Split(':')[1], failure.Message);
    }

    /// <summary>A second service on the fixture's store, with the given proxy settings and peer addresses tests can set.</summary>
    private WebApplicationFactory<Program> ServiceTrusting(params (string Key, string Value)[] settings) =>
        registry.App.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureServices(services => services.AddTransient<IStartupFilter, PeerAddressStartupFilter>());
        });

    private static async Task<string?> SourceIpAsync(WebApplicationFactory<Program> app, string? peer, string? forwardedFor)
    {
        using var client = app.CreateDefaultClient(new ValidatingHandler());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/audit")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new JsonObject { ["action"] = "source.check" }),
        };
        if (peer is not null)
        {
            request.Headers.Add(PeerAddressStartupFilter.Header, peer);
        }

        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadObjectAsync();
        var listed = Assert.Single((await client.ListAuditAsync($"cursor={(long)created["id"]! + 1}&limit=1")).Items());
        Assert.Equal(created.ToJsonString(), listed.ToJsonString());
        return (string?)created["source_ip"];
    }
}

public sealed class AuditSourceAddressContractTestsOnSqlite(SqliteRegistry registry) : AuditSourceAddressContractTests(registry), IClassFixture<SqliteRegistry>;

public sealed class AuditSourceAddressContractTestsOnPostgres(PostgresRegistry registry) : AuditSourceAddressContractTests(registry), IClassFixture<PostgresRegistry>;
