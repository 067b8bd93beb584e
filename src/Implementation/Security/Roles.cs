namespace TenantRegistry.Security;

/// <summary>The client roles of the audience client that open operations (spec: `x-required-roles`).</summary>
public static class Roles
{
    /// <summary>Platform staff: every operation, any tenant.</summary>
    public const string Admin = "admin";

    /// <summary>A product's service account: verify, append audit events, read tenants and what they may use.</summary>
    public const string Product = "product";

    /// <summary>A customer's administrator: only the tenants the token's `organization` claim names.</summary>
    public const string TenantAdmin = "tenant-admin";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Admin, Product, TenantAdmin };
}
