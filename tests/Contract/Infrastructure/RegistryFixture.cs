using Microsoft.Extensions.DependencyInjection;
using TenantRegistry.Contract.Tests.Validation;
using TenantRegistry.Store;

namespace TenantRegistry.Contract.Tests.Infrastructure;

/// <summary>One running service on one store, shared by the tests of a class. Every client it hands out validates
/// each response against spec/openapi.yaml.</summary>
public abstract class RegistryFixture : IAsyncLifetime
{
    private RegistryApp? app;

    public abstract string StoreName { get; }

    public RegistryApp App => app ?? throw new InvalidOperationException("fixture not started");

    public IReadOnlyDictionary<string, string?> Settings { get; private set; } = new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        Settings = await CreateStoreAsync();
        app = new RegistryApp(Settings);
        _ = app.Server;
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    public HttpClient CreateClient(bool acceptUnavailable = false) =>
        App.CreateDefaultClient(new ValidatingHandler { AcceptUnavailable = acceptUnavailable });

    /// <summary>Direct store access, for arranging states the API cannot reach and for checking what was written.</summary>
    public async Task<T> WithStoreAsync<T>(Func<RegistryDb, Task<T>> work)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<RegistryDb>());
    }

    protected abstract Task<IReadOnlyDictionary<string, string?>> CreateStoreAsync();
}

public sealed class SqliteRegistry : RegistryFixture
{
    public override string StoreName => "SQLite";

    protected override Task<IReadOnlyDictionary<string, string?>> CreateStoreAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(StoreSettings.FreshSqlite());
}

public sealed class PostgresRegistry : RegistryFixture
{
    public override string StoreName => "PostgreSQL";

    protected override async Task<IReadOnlyDictionary<string, string?>> CreateStoreAsync() =>
        await StoreSettings.FreshPostgresAsync();
}
