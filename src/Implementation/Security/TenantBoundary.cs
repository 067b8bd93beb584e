using LinqToDB;
using LinqToDB.Async;
using TenantRegistry.Store;

namespace TenantRegistry.Security;

/// <summary>
/// The tenants a request may touch. Unrestricted unless the only role that opened the operation is
/// `tenant-admin`; then only the tenants whose slugs the token's `organization` claim names. A tenant outside them is
/// refused whether or not it exists, so a refusal tells the caller nothing about other tenants.
/// </summary>
public sealed class TenantBoundary(RegistryDb db)
{
    private IReadOnlySet<string>? slugs;

    public bool IsRestricted => slugs is not null;

    /// <summary>Called once per request by <see cref="OperationAccessFilter"/>, before the action runs.</summary>
    internal void RestrictTo(IReadOnlySet<string> organizations) => slugs = organizations;

    public bool AllowsSlug(string slug) => slugs is null || slugs.Contains(slug);

    public async Task<bool> AllowsAsync(Guid tenantId, CancellationToken cancellationToken) =>
        slugs is null
        || await db.Tenants.Where(t => t.Id == tenantId).Select(t => t.Slug).FirstOrDefaultAsync(cancellationToken) is { } slug
            && slugs.Contains(slug);

    /// <summary>
    /// The tenant a restricted list means when it names none: the token's one tenant. Null when the token names no
    /// tenant that exists; <see cref="NamesSeveralTenants"/> tells the ambiguous case.
    /// </summary>
    public async Task<Guid?> SoleTenantAsync(CancellationToken cancellationToken)
    {
        if (slugs is not { Count: 1 })
        {
            return null;
        }

        var slug = slugs.First();
        return await db.Tenants.Where(t => t.Slug == slug).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(cancellationToken);
    }

    public bool NamesSeveralTenants => slugs is { Count: > 1 };
}
