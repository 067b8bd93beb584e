using System.Net;
using System.Net.Http.Headers;
using TenantRegistry.Contract.Tests.Infrastructure;

namespace TenantRegistry.Contract.Tests.Security;

/// <summary>
/// Keycloak rotates its signing keys without telling anyone: a token with a key id the service has not seen makes
/// it fetch the JWKS again, at most once per refresh interval. Each test starts its own service, because the refresh
/// budget is the service's state.
/// </summary>
public sealed class KeyRotationTests
{
    [Fact]
    public async Task A_rotated_signing_key_is_accepted_at_once_after_one_key_refresh()
    {
        var realm = new TestRealm();
        await using var app = SecuredHost.Create(StoreSettings.FreshSqlite(), realm);
        using var client = app.CreateDefaultClient(new Validation.ValidatingHandler());
        var tokens = new Tokens(realm, TimeProvider.System.GetUtcNow);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, tokens.Admin()));
        var fetchesBefore = realm.KeyFetches;

        realm.Rotate();

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, tokens.Admin()));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, tokens.Admin()));
        Assert.Equal(fetchesBefore + 1, realm.KeyFetches);
    }

    [Fact]
    public async Task Tokens_with_unknown_key_ids_cannot_make_the_service_hammer_the_realm()
    {
        var realm = new TestRealm();
        await using var app = SecuredHost.Create(StoreSettings.FreshSqlite(), realm);
        using var client = app.CreateDefaultClient(new Validation.ValidatingHandler());
        var tokens = new Tokens(realm, TimeProvider.System.GetUtcNow);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, tokens.Admin()));
        using var unknownRsa = System.Security.Cryptography.RSA.Create(2048);
        var fetchesBefore = realm.KeyFetches;
        var watch = System.Diagnostics.Stopwatch.StartNew();

        for (var attempt = 0; attempt < 20; attempt++)
        {
            var unknownKey = new TestRealm.SigningKey("kid-unknown-" + attempt, unknownRsa);
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(client, Jwt.Rs256(tokens.User("ops-admin", ["admin"]), unknownKey)));
        }

        // One refresh per interval at most: on a loaded machine the loop itself may outlast an interval.
        var allowed = 1 + (int)(watch.Elapsed / TenantRegistry.Security.SecurityRegistration.KeyRefreshInterval);
        Assert.InRange(realm.KeyFetches - fetchesBefore, 0, allowed);
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/catalog");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
