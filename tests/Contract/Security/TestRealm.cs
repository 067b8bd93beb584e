using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace TenantRegistry.Contract.Tests.Security;

/// <summary>
/// A Keycloak realm as the service sees it: a discovery document and a JWKS served through the JwtBearer handler's
/// backchannel, and an RSA signing key that can be rotated (new `kid`) while the service runs. Tokens are
/// Keycloak-shaped access tokens signed with the current key.
/// </summary>
public sealed class TestRealm : HttpMessageHandler
{
    public const string Authority = "https://sso.test/realms/platform";
    public const string Audience = "tenant-registry";
    public const string JwksPath = "/realms/platform/protocol/openid-connect/certs";
    private readonly Lock gate = new();
    private readonly List<SigningKey> published = [];
    private int keyFetches;

    public TestRealm() => Rotate();

    /// <summary>How often the service fetched the JWKS, to show that a rotation costs one refresh.</summary>
    public int KeyFetches => Volatile.Read(ref keyFetches);

    public SigningKey Current
    {
        get
        {
            lock (gate)
            {
                return published[^1];
            }
        }
    }

    /// <summary>Publishes a new key with a new kid and signs with it from now on; the old key stays published, as in Keycloak.</summary>
    public SigningKey Rotate()
    {
        var key = new SigningKey("kid-" + Guid.NewGuid().ToString("N")[..12], RSA.Create(2048));
        lock (gate)
        {
            published.Add(key);
        }

        return key;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        JsonObject? body = path switch
        {
            "/realms/platform/.well-known/openid-configuration" => new JsonObject
            {
                ["issuer"] = Authority,
                ["jwks_uri"] = "https://sso.test" + JwksPath,
                ["authorization_endpoint"] = Authority + "/protocol/openid-connect/auth",
                ["token_endpoint"] = Authority + "/protocol/openid-connect/token",
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            },
            JwksPath => Jwks(),
            _ => null,
        };
        if (path == JwksPath)
        {
            Interlocked.Increment(ref keyFetches);
        }

        return Task.FromResult(body is null
            ? new HttpResponseMessage(HttpStatusCode.NotFound)
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") });
    }

    private JsonObject Jwks()
    {
        lock (gate)
        {
            return new JsonObject { ["keys"] = new JsonArray([.. published.Select(key => (JsonNode)key.Jwk())]) };
        }
    }

    public sealed record SigningKey(string Kid, RSA Rsa)
    {
        public JsonObject Jwk()
        {
            var parameters = Rsa.ExportParameters(includePrivateParameters: false);
            return new JsonObject
            {
                ["kid"] = Kid,
                ["kty"] = "RSA",
                ["alg"] = "RS256",
                ["use"] = "sig",
                ["n"] = Jwt.Base64Url(parameters.Modulus!),
                ["e"] = Jwt.Base64Url(parameters.Exponent!),
            };
        }

        public string PublicKeyPem => Rsa.ExportSubjectPublicKeyInfoPem();
    }
}
