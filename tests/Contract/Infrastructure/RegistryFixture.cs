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
        app = CreateApp(Settings);
        if (!await BecomesReadyAsync(app))
        {
            throw new InvalidOperationException($"the service on {StoreName} did not become ready");
        }
    }

    /// <summary>
    /// As a balancer does: no test traffic before an instance says it is ready (its verify cache is warm, and on
    /// PostgreSQL its listener hears changes; it forgets what it cached before that). Probes are open whatever the
    /// authentication.
    /// </summary>
    public static async Task<bool> BecomesReadyAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> instance)
    {
        using var probe = instance.CreateClient();
        return await Eventually.HoldsAsync(async () => (await probe.GetAsync("/readyz")).IsSuccessStatusCode, TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    public HttpClient CreateClient(bool acceptUnavailable = false) => CreateClientOf(App, acceptUnavailable);

    /// <summary>A client like <see cref="CreateClient"/> (the fixture's handlers, e.g. its token) for another instance
    /// made from the fixture's app, such as a restarted one.</summary>
    public HttpClient CreateClientOf(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> instance, bool acceptUnavailable = false) =>
        instance.CreateDefaultClient([new ValidatingHandler { AcceptUnavailable = acceptUnavailable }, .. ClientHandlers()]);

    /// <summary>Direct store access, for arranging states the API cannot reach and for checking what was written.</summary>
    public async Task<T> WithStoreAsync<T>(Func<RegistryDb, Task<T>> work)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<RegistryDb>());
    }

    protected abstract Task<IReadOnlyDictionary<string, string?>> CreateStoreAsync();

    protected virtual RegistryApp CreateApp(IReadOnlyDictionary<string, string?> settings) => new(settings);

    /// <summary>Handlers between the contract check and the service, e.g. one that signs every request with a token.</summary>
    protected virtual IEnumerable<DelegatingHandler> ClientHandlers() => [];
}

public class SqliteRegistry : RegistryFixture
{
    public override string StoreName => "SQLite";

    protected override Task<IReadOnlyDictionary<string, string?>> CreateStoreAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(StoreSettings.FreshSqlite());
}

public class PostgresRegistry : RegistryFixture
{
    public override string StoreName => "PostgreSQL";

    protected override async Task<IReadOnlyDictionary<string, string?>> CreateStoreAsync() =>
        await StoreSettings.FreshPostgresAsync();
}
