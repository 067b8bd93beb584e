using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TenantRegistry.Security;

/// <summary>
/// JwtBearer's token handler with a memory of tokens it already found valid. A product calls verify thousands of
/// times with one client-credentials token; checking its RS256 signature and claims every time cost 2.8 times the
/// CPU of the whole unauthenticated verify request (BenchAuth, docs/security.md). A valid token is remembered, by the
/// SHA-256 of its text, until it expires or for <see cref="MaxAge"/>, whichever comes first; refusals are never
/// remembered. The price: a key removed from the realm's JWKS still admits tokens already seen for up to
/// <see cref="MaxAge"/> (never beyond their own `exp`).
/// </summary>
internal sealed class ValidatedTokenCache : JsonWebTokenHandler, IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);
    private const int Capacity = 10_000;
    private readonly MemoryCache validated = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var key = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        if (validated.TryGetValue(key, out TokenValidationResult? known) && known is not null)
        {
            return known;
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is JsonWebToken { ValidTo: var expires } && expires > DateTime.MinValue)
        {
            var until = new DateTimeOffset(expires, TimeSpan.Zero);
            var cap = DateTimeOffset.UtcNow + MaxAge;
            validated.Set(key, result, new MemoryCacheEntryOptions { AbsoluteExpiration = until < cap ? until : cap, Size = 1 });
        }

        return result;
    }

    public void Dispose() => validated.Dispose();
}
