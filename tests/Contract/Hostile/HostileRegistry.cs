using System.Net;
using TenantRegistry.Contract.Tests.Infrastructure;

namespace TenantRegistry.Contract.Tests.Hostile;

/// <summary>One running service on one store, plus the tenant that otherwise good hostile requests refer to.</summary>
public sealed class HostileRegistry<TStore> : IAsyncLifetime where TStore : RegistryFixture, new()
{
    private HostileTargets? targets;

    public TStore Store { get; } = new();

    public HostileTargets Targets => targets ?? throw new InvalidOperationException("fixture not started");

    public async Task InitializeAsync()
    {
        await Store.InitializeAsync();
        using var client = Store.CreateClient();
        var slug = "hostile-" + Guid.NewGuid().ToString("N")[..16];
        var response = await client.PostJsonAsync("/v1/tenants", $$"""{"slug":"{{slug}}","name":"Hostile target"}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        targets = new HostileTargets(Guid.Parse((string)(await response.ReadObjectAsync())["id"]!));
    }

    public Task DisposeAsync() => Store.DisposeAsync();
}
