namespace TenantRegistry.Contract.Tests.Infrastructure;

/// <summary>
/// A service on a PostgreSQL cluster of its own, for the tests of a class that stop, start or kill the server
/// (doing that to the shared cluster would break every other test running at the time).
/// </summary>
public sealed class DedicatedPostgres : IAsyncLifetime
{
    public PostgresCluster Cluster { get; private set; } = null!;

    public IReadOnlyDictionary<string, string?> Settings { get; private set; } = null!;

    public RegistryApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cluster = PostgresCluster.StartDedicated();
        Settings = StoreSettings.Postgres(await Cluster.CreateDatabaseAsync());
        App = new RegistryApp(Settings);
        _ = App.Server;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        Cluster.Dispose();
    }
}
