using TenantRegistry.Audit;
using TenantRegistry.Store;
using TenantRegistry.Tenants;

namespace TenantRegistry.Catalog;

/// <summary>
/// A tenant asking for a product. Nothing is granted: the `catalog.requested` audit event is the request, and sales
/// follows up from it, so it names the tenant, the product and who asked from where.
/// </summary>
public sealed class ProductRequests(UnitOfChange unit, ProductCatalog catalog)
{
    public Task<Outcome<CatalogProduct>> RecordAsync(Guid tenantId, string productKey, CancellationToken cancellationToken) =>
        unit.RunAsync<CatalogProduct>(async change =>
        {
            if (await change.Db.Tenants.Where(t => t.Id == tenantId).FirstOrNullAsync(change.CancellationToken) is not { } tenant)
            {
                return TenantStore.NotFound;
            }

            if (catalog.Find(productKey) is not { } product)
            {
                return ProductCatalog.NotInCatalog;
            }

            change.Record(AuditEntry.ForTenant("catalog.requested", tenant.Id, tenant.Slug, new
            {
                product_name = product.Name,
                tenant_status = tenant.Status,
                plan = tenant.Plan,
                sales_owner = tenant.SalesOwner,
            }, product.Key));
            return product;
        }, cancellationToken);
}
