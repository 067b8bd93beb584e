using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace TenantRegistry.Contract.Tests.Security;

/// <summary>Compact JWTs written by hand, so a test can also write the ones no library would: `alg: none`, HS256.</summary>
public static class Jwt
{
    public static string Rs256(JsonObject payload, TestRealm.SigningKey key) =>
        Signed(new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = key.Kid }, payload,
            data => key.Rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    public static string Unsigned(JsonObject payload) =>
        Encode(new JsonObject { ["alg"] = "none", ["typ"] = "JWT" }) + "." + Encode(payload) + ".";

    /// <summary>The classic confusion attack: HMAC keyed with the issuer's public key, which everyone can read.</summary>
    public static string Hs256WithPublicKey(JsonObject payload, TestRealm.SigningKey key) =>
        Signed(new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT", ["kid"] = key.Kid }, payload,
            data => HMACSHA256.HashData(Encoding.ASCII.GetBytes(key.PublicKeyPem), data));

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Signed(JsonObject header, JsonObject payload, Func<byte[], byte[]> sign)
    {
        var signingInput = Encode(header) + "." + Encode(payload);
        return signingInput + "." + Base64Url(sign(Encoding.ASCII.GetBytes(signingInput)));
    }

    private static string Encode(JsonObject part) => Base64Url(Encoding.UTF8.GetBytes(part.ToJsonString()));
}
