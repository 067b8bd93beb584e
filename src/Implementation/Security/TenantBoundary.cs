using LinqToDB;
using LinqToDB.Async;
using TenantRegistry.Errors;
using TenantRegistry.Store;

namespace TenantRegistry.Security;

/// <summary>
/// The tenants a request may touch. Unrestricted unless the only role that opened the operation is
/// `tenant-admin`; then only the tenants whose slugs the token's `organization` claim names. A tenant outside them is
/// refused whether or not it exists, so a refusal tells the caller nothing about other tenants.
/// </summary>
public sealed class TenantBoundary(RegistryDb db)
{
    private static readonly Refusal Outside = Refusal.Forbidden(WireMessages.OutsideTokenTenants);
    private IReadOnlySet<string>? slugs;

    public bool IsRestricted => slugs is not null;

    /// <summary>The slugs of the tenants a restricted request may touch; null when it may touch all.</summary>
    public IReadOnlySet<string>? Slugs => slugs;

    /// <summary>Called once per request by <see cref="OperationAccessFilter"/>, before the action runs.</summary>
    internal void RestrictTo(IReadOnlySet<string> organizations) => slugs = organizations;

    /// <returns>Null when the request may touch the tenant; the 403 otherwise.</returns>
    public Refusal? Check(string slug) => slugs is null || slugs.Contains(slug) ? null : Outside;

    public async Task<Refusal?> CheckAsync(Guid tenantId, CancellationToken cancellationToken) =>
        slugs is null ? null
        : await db.Tenants.Where(t => t.Id == tenantId).Select(t => t.Slug).FirstOrDefaultAsync(cancellationToken) is { } slug ? Check(slug)
        : Outside;

    /// <summary>A key is inside when its tenant is; an unknown key is outside, so key ids cannot be probed either.</summary>
    public async Task<Refusal?> CheckKeyAsync(Guid keyId, CancellationToken cancellationToken) =>
        slugs is null ? null
        : await db.ApiKeys.Where(k => k.Id == keyId).Select(k => (Guid?)k.TenantId).FirstOrDefaultAsync(cancellationToken) is { } tenantId
            ? await CheckAsync(tenantId, cancellationToken)
            : Outside;

    /// <summary>
    /// The tenant a list means when it names none: unrestricted, none (all); restricted, the token's one tenant.
    /// A token of several tenants must name one (400); a token whose tenant does not exist is outside (403).
    /// </summary>
    public async Task<Outcome<Guid?>> ListedTenantAsync(Guid? named, CancellationToken cancellationToken)
    {
        if (slugs is null)
        {
            return named;
        }

        if (named is { } tenantId)
        {
            return await CheckAsync(tenantId, cancellationToken) is { } refusal ? refusal : named;
        }

        if (slugs.Count > 1)
        {
            return Refusal.InvalidInput(WireMessages.TenantIdRequiredForSeveralTenants);
        }

        var slug = slugs.FirstOrDefault();
        return await db.Tenants.Where(t => t.Slug == slug).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(cancellationToken) is { } own
            ? own
            : Outside;
    }
}
