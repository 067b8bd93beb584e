using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Security;
using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.Hostile;

/// <summary>
/// One running service on one store, served by Kestrel on a loopback port rather than the in-memory test server:
/// what Kestrel refuses before the service sees it (request-line and header limits, a NUL in the path, a body cut
/// short) is part of what a hostile client meets, and the in-memory server would hide it. Authentication is on, as
/// in production: every request carries a valid platform-staff (`admin`) token from the <see cref="TestRealm"/>, so
/// each case is refused for its input, not for its caller. Plus the tenant that otherwise good hostile requests
/// refer to.
/// </summary>
public abstract class HostileRegistry : IAsyncLifetime
{
    private readonly TestRealm realm = new();
    private RegistryApp? app;
    private Uri? address;
    private HostileTargets? targets;

    public HostileTargets Targets => targets ?? throw new InvalidOperationException("fixture not started");

    /// <summary>The service's clock, which moves only when a test advances it.</summary>
    public FakeTimeProvider Clock => app?.Clock ?? throw new InvalidOperationException("fixture not started");

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>(await CreateStoreAsync()) { ["urls"] = "http://127.0.0.1:0" };
        app = SecuredHost.Create(settings, realm);
        app.UseKestrel(0);
        app.StartServer();
        var listening = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        address = new Uri(listening);

        using var client = CreateClient();
        var slug = "hostile-" + Guid.NewGuid().ToString("N")[..16];
        var response = await client.PostJsonAsync("/v1/tenants", $$"""{"slug":"{{slug}}","name":"Hostile target"}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        targets = new HostileTargets(Guid.Parse((string)(await response.ReadObjectAsync())["id"]!));
    }

    /// <summary>
    /// A client over a real socket. <paramref name="validating"/> checks every answer against the contract; off only
    /// for the protocol-level cases, whose answers come from Kestrel and are outside it by definition.
    /// </summary>
    public HttpClient CreateClient(bool validating = true)
    {
        // Header values go out as UTF-8, so a non-ASCII header case reaches the server instead of failing here.
        var tokens = new Tokens(realm, TimeProvider.System.GetUtcNow);
        HttpMessageHandler transport = new TenantRegistry.Client.BearerTokenHandler(_ => ValueTask.FromResult<string?>(tokens.Admin()))
        {
            InnerHandler = new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 },
        };
        if (validating)
        {
            transport = new ValidatingHandler { InnerHandler = transport };
        }

        return new HttpClient(transport) { BaseAddress = address ?? throw new InvalidOperationException("fixture not started") };
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    protected abstract Task<IReadOnlyDictionary<string, string?>> CreateStoreAsync();
}

public sealed class HostileSqliteRegistry : HostileRegistry
{
    protected override Task<IReadOnlyDictionary<string, string?>> CreateStoreAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(StoreSettings.FreshSqlite());
}

public sealed class HostilePostgresRegistry : HostileRegistry
{
    protected override async Task<IReadOnlyDictionary<string, string?>> CreateStoreAsync() => await StoreSettings.FreshPostgresAsync();
}
