namespace TenantRegistry.Contract.Tests.Infrastructure;

/// <summary>Two service instances on one PostgreSQL database, as a fleet runs.</summary>
public sealed class FleetOfTwo : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = null!;

    public RegistryApp First { get; private set; } = null!;

    public RegistryApp Second { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ConnectionString = await PostgresCluster.Shared.CreateDatabaseAsync();
        var settings = StoreSettings.Postgres(ConnectionString);
        First = new RegistryApp(settings);
        Second = new RegistryApp(settings);
        _ = First.Server;
        _ = Second.Server;
    }

    public async Task DisposeAsync()
    {
        await First.DisposeAsync();
        await Second.DisposeAsync();
    }
}
