using TenantRegistry.Errors;
using TenantRegistry.Generated;
using TenantRegistry.Json;

namespace TenantRegistry.Entitlements;

/// <summary>Checks a PUT body the generated annotations cannot: the config's bounds and an expiry in the future.</summary>
internal static class EntitlementInput
{
    public static string? Problem(EntitlementPut body, DateTimeOffset now) =>
        body.Expires_at <= now ? WireMessages.ExpiryNotInFuture
        : body.Config is null ? null
        : JsonObjectBounds.Problem(body.Config, "config");
}
