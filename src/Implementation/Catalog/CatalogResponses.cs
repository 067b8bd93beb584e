using TenantRegistry.Generated;

namespace TenantRegistry.Catalog;

internal static class CatalogResponses
{
    public static CatalogEntry ToResponse(this CatalogProduct product) => new()
    {
        Key = product.Key,
        Name = product.Name,
        Description = product.Description,
        Plans_required = [.. product.PlansRequired],
        Demo_url = string.IsNullOrEmpty(product.DemoUrl) ? null : product.DemoUrl,
        Supports_trial = product.SupportsTrial,
    };
}
