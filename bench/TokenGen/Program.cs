using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

// Serves a realm at http://127.0.0.1:PORT/realms/bench (discovery document and JWKS, as Keycloak does) and writes an
// RS256 access token of that realm for the tenant-registry audience with the admin role, valid for two hours, to
// TOKEN_FILE. Runs until it is stopped.
//   TokenGen PORT TOKEN_FILE
if (args is not [var portText, var tokenPath] || !int.TryParse(portText, out var port))
{
    Console.Error.WriteLine("usage: TokenGen PORT TOKEN_FILE");
    return 2;
}

var realm = $"http://127.0.0.1:{port}/realms/bench";
using var rsa = RSA.Create(2048);
const string kid = "bench-key";
var now = DateTimeOffset.UtcNow;
var header = new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = kid };
var payload = new JsonObject
{
    ["iss"] = realm,
    ["aud"] = "tenant-registry",
    ["azp"] = "bench-product",
    ["sub"] = "bench-service-account",
    ["preferred_username"] = "service-account-bench-product",
    ["client_id"] = "bench-product",
    ["iat"] = now.ToUnixTimeSeconds(),
    ["exp"] = now.AddHours(2).ToUnixTimeSeconds(),
    ["resource_access"] = new JsonObject { ["tenant-registry"] = new JsonObject { ["roles"] = new JsonArray("admin", "product") } },
};
var signingInput = Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()));
var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
File.WriteAllText(tokenPath, signingInput + "." + Base64Url(signature));

var key = rsa.ExportParameters(includePrivateParameters: false);
var documents = new Dictionary<string, string>
{
    ["/realms/bench/.well-known/openid-configuration"] = new JsonObject { ["issuer"] = realm, ["jwks_uri"] = realm + "/protocol/openid-connect/certs" }.ToJsonString(),
    ["/realms/bench/protocol/openid-connect/certs"] = new JsonObject
    {
        ["keys"] = new JsonArray(new JsonObject { ["kid"] = kid, ["kty"] = "RSA", ["alg"] = "RS256", ["use"] = "sig", ["n"] = Base64Url(key.Modulus!), ["e"] = Base64Url(key.Exponent!) }),
    }.ToJsonString(),
};

using var listener = new HttpListener();
listener.Prefixes.Add($"http://127.0.0.1:{port}/");
listener.Start();
while (true)
{
    var context = await listener.GetContextAsync();
    var found = documents.TryGetValue(context.Request.Url!.AbsolutePath, out var body);
    context.Response.StatusCode = found ? 200 : 404;
    context.Response.ContentType = "application/json";
    await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(body ?? "{}"));
    context.Response.Close();
}

static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
