using Microsoft.Extensions.Options;

namespace TenantRegistry.Catalog;

/// <summary>The configured products, looked up by their exact key.</summary>
public sealed class ProductCatalog(IOptions<CatalogOptions> options)
{
    private readonly Dictionary<string, CatalogProduct> byKey = options.Value.Products.ToDictionary(product => product.Key, StringComparer.Ordinal);

    public IReadOnlyList<CatalogProduct> Products => options.Value.Products;

    public CatalogProduct? Find(string key) => byKey.GetValueOrDefault(key);
}
