using System.Text.Json.Nodes;

namespace TenantRegistry.Contract.Tests.Security;

/// <summary>Every kind of bearer credential the matrix sends, from none to a tenant administrator of another tenant.</summary>
public enum TokenKind
{
    None,
    Expired,
    WrongIssuer,
    WrongAudience,
    ForeignKey,
    AlgNone,
    Hs256WithPublicKey,
    Admin,
    Product,
    TenantAdminOfTenant,
    TenantAdminOfOtherTenant,
}

/// <summary>
/// Keycloak-shaped access tokens of a <see cref="TestRealm"/>. Dated by the wall clock, as Keycloak dates them: token
/// lifetimes are checked against the system clock, not the service's (test-movable) TimeProvider.
/// </summary>
public sealed class Tokens(TestRealm realm, Func<DateTimeOffset> now)
{
    public const string ProductClient = "scanner-backend";

    public static bool IsRefused(TokenKind kind) => kind < TokenKind.Admin;

    /// <summary>A person signed in through the admin console, with client roles of the audience client.</summary>
    public JsonObject User(string username, string[] roles, string[]? organizations = null)
    {
        var payload = Common("user-" + username, username, "admin-console");
        payload["resource_access"] = new JsonObject
        {
            [TestRealm.Audience] = new JsonObject { ["roles"] = Strings(roles) },
            ["account"] = new JsonObject { ["roles"] = Strings(["manage-account", "view-profile"]) },
        };
        if (organizations is not null)
        {
            payload["organization"] = Strings(organizations);
        }

        return payload;
    }

    /// <summary>A client-credentials token of a product's service account.</summary>
    public JsonObject ServiceAccount(string clientId, string[] roles)
    {
        var payload = Common("svc-" + clientId, "service-account-" + clientId, clientId);
        payload["client_id"] = clientId;
        payload["resource_access"] = new JsonObject { [TestRealm.Audience] = new JsonObject { ["roles"] = Strings(roles) } };
        return payload;
    }

    public string Sign(JsonObject payload) => Jwt.Rs256(payload, realm.Current);

    public string Admin() => Sign(User("ops-admin", ["admin"]));

    public string Product() => Sign(ServiceAccount(ProductClient, ["product"]));

    public string TenantAdmin(params string[] tenantSlugs) => Sign(User("customer-admin", ["tenant-admin"], tenantSlugs));

    /// <returns>The Authorization header value, or null for <see cref="TokenKind.None"/>.</returns>
    public string? Bearer(TokenKind kind, string tenantSlug)
    {
        var admin = User("ops-admin", ["admin"]);
        var token = kind switch
        {
            TokenKind.None => null,
            TokenKind.Expired => Sign(Dated(admin, issuedAgo: TimeSpan.FromMinutes(10), lifetime: TimeSpan.FromMinutes(5))),
            TokenKind.WrongIssuer => Sign(With(admin, "iss", "https://sso.test/realms/other")),
            TokenKind.WrongAudience => Sign(With(admin, "aud", "another-client")),
            TokenKind.ForeignKey => Jwt.Rs256(admin, new TestRealm.SigningKey(realm.Current.Kid, System.Security.Cryptography.RSA.Create(2048))),
            TokenKind.AlgNone => Jwt.Unsigned(admin),
            TokenKind.Hs256WithPublicKey => Jwt.Hs256WithPublicKey(admin, realm.Current),
            TokenKind.Admin => Sign(admin),
            TokenKind.Product => Product(),
            TokenKind.TenantAdminOfTenant => TenantAdmin(tenantSlug),
            TokenKind.TenantAdminOfOtherTenant => TenantAdmin("other-" + tenantSlug),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        return token is null ? null : "Bearer " + token;
    }

    public static JsonObject With(JsonObject payload, string claim, JsonNode? value)
    {
        var copy = payload.DeepClone().AsObject();
        copy[claim] = value;
        return copy;
    }

    public JsonObject Dated(JsonObject payload, TimeSpan issuedAgo, TimeSpan lifetime)
    {
        var issued = now() - issuedAgo;
        return With(With(payload, "iat", issued.ToUnixTimeSeconds()), "exp", (issued + lifetime).ToUnixTimeSeconds());
    }

    private JsonObject Common(string subject, string username, string authorizedParty)
    {
        var issued = now();
        return new JsonObject
        {
            ["exp"] = (issued + TimeSpan.FromMinutes(5)).ToUnixTimeSeconds(),
            ["iat"] = issued.ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString(),
            ["iss"] = TestRealm.Authority,
            ["aud"] = new JsonArray(TestRealm.Audience, "account"),
            ["sub"] = subject,
            ["typ"] = "Bearer",
            ["azp"] = authorizedParty,
            ["scope"] = "openid profile email organization",
            ["preferred_username"] = username,
            ["realm_access"] = new JsonObject { ["roles"] = Strings(["offline_access", "uma_authorization"]) },
        };
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(value => (JsonNode)value)]);
}
