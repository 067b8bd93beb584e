using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using TenantRegistry.Contract.Tests.Infrastructure;

namespace TenantRegistry.Contract.Tests.Security;

/// <summary>
/// The service with authentication on: `Auth:Authority` names the <see cref="TestRealm"/>, whose discovery document
/// and JWKS reach the real JwtBearer handler through its backchannel. Nothing else differs from production.
/// </summary>
public static class SecuredHost
{
    public static RegistryApp Create(IReadOnlyDictionary<string, string?> settings, TestRealm realm, Microsoft.Extensions.Logging.ILoggerProvider? logSink = null) =>
        new(new Dictionary<string, string?>(settings) { ["Auth:Authority"] = TestRealm.Authority }, logSink, services =>
            services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt => jwt.BackchannelHttpHandler = realm));
}

/// <summary>A registry fixture that authenticates, and the realm whose tokens it accepts.</summary>
public interface ISecuredRegistry
{
    TestRealm Realm { get; }

    Tokens Tokens { get; }
}

/// <summary>SQLite, authenticated; the default client is platform staff (`admin`).</summary>
public sealed class SecuredSqliteRegistry : SqliteRegistry, ISecuredRegistry
{
    public TestRealm Realm { get; } = new();

    public Tokens Tokens => new(Realm, TimeProvider.System.GetUtcNow);

    protected override RegistryApp CreateApp(IReadOnlyDictionary<string, string?> settings) => SecuredHost.Create(settings, Realm);

    protected override IEnumerable<DelegatingHandler> ClientHandlers() => [AdminBearer.For(Tokens)];
}

/// <summary>PostgreSQL, authenticated; the default client is platform staff (`admin`).</summary>
public sealed class SecuredPostgresRegistry : PostgresRegistry, ISecuredRegistry
{
    public TestRealm Realm { get; } = new();

    public Tokens Tokens => new(Realm, TimeProvider.System.GetUtcNow);

    protected override RegistryApp CreateApp(IReadOnlyDictionary<string, string?> settings) => SecuredHost.Create(settings, Realm);

    protected override IEnumerable<DelegatingHandler> ClientHandlers() => [AdminBearer.For(Tokens)];
}

/// <summary>The SDK's own handler, asked for a fresh admin token on every request, so a long test never sends an expired one.</summary>
internal static class AdminBearer
{
    public static DelegatingHandler For(Tokens tokens) =>
        new TenantRegistry.Client.BearerTokenHandler(_ => ValueTask.FromResult<string?>(tokens.Admin()));
}
