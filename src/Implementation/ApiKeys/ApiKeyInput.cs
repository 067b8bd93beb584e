using TenantRegistry.Errors;
using TenantRegistry.Generated;

namespace TenantRegistry.ApiKeys;

/// <summary>Checks on a key request the generated annotations cannot express; returns the problem or null.</summary>
internal static class ApiKeyInput
{
    public const int MaxNameLength = 100;
    public const int MaxScopes = 50;
    public const int MaxScopeLength = 100;
    public const int MaxCreatedByLength = 255;
    public const int MaxProductLength = 100;

    /// <summary>How far ahead a key's expiry may be set.</summary>
    public static readonly TimeSpan LongestLifetime = TimeSpan.FromDays(2 * 365);

    public const int DefaultGracePeriodSeconds = 86_400;

    public static string? Problem(APIKeyCreate body, Func<string, bool> isCatalogProduct, DateTimeOffset now) => body switch
    {
        { Expires_at: { } expiresAt } when expiresAt <= now => WireMessages.KeyExpiryInThePast,
        { Expires_at: { } expiresAt } when expiresAt > now + LongestLifetime => WireMessages.KeyExpiryTooFar,
        { Name: var name } when string.IsNullOrWhiteSpace(name) => "name must not be blank",
        { Name.Length: > MaxNameLength } => $"name is longer than {MaxNameLength} characters",
        { Product.Length: > MaxProductLength } => "product is not in the catalog",
        { Product: { } product } when !isCatalogProduct(product) => $"product '{product}' is not in the catalog",
        { Scopes.Count: > MaxScopes } => $"at most {MaxScopes} scopes are allowed",
        { Scopes: { } scopes } when scopes.Any(scope => string.IsNullOrWhiteSpace(scope) || scope.Length > MaxScopeLength) =>
            $"each scope must be 1..{MaxScopeLength} characters and not blank",
        { Created_by.Length: > MaxCreatedByLength } => $"created_by is longer than {MaxCreatedByLength} characters",
        _ => null,
    };
}
