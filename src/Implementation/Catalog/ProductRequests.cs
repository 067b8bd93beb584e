using LinqToDB.Async;
using TenantRegistry.Audit;
using TenantRegistry.Store;

namespace TenantRegistry.Catalog;

/// <summary>
/// A tenant asking for a product. Nothing is granted: the `catalog.requested` audit event is the request, and sales
/// follows up from it, so it names the tenant, the product and who asked from where.
/// </summary>
public sealed class ProductRequests(RegistryDb db, ProductCatalog catalog, AuditTrail audit, TimeProvider clock)
{
    public async Task<CatalogOutcome> RecordAsync(Guid tenantId, string productKey, RequestOrigin origin, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Id == tenantId, cancellationToken);
        if (tenant is null)
        {
            return CatalogOutcome.TenantNotFound;
        }

        if (catalog.Find(productKey) is not { } product)
        {
            return CatalogOutcome.ProductNotFound;
        }

        var requested = AuditTrail.TenantEvent("catalog.requested", tenant.Id, tenant.Slug, clock.UtcNow(), origin, new
        {
            product_name = product.Name,
            tenant_status = tenant.Status,
            plan = tenant.Plan,
            sales_owner = tenant.SalesOwner,
        });
        requested.Product = product.Key;
        await audit.RecordAsync(db, requested, cancellationToken);
        return CatalogOutcome.Done;
    }
}
