using Microsoft.Extensions.Options;
using TenantRegistry.Errors;
using TenantRegistry.Store;

namespace TenantRegistry.Catalog;

/// <summary>The configured products, looked up by their exact key.</summary>
public sealed class ProductCatalog(IOptions<CatalogOptions> options)
{
    private readonly Dictionary<string, CatalogProduct> byKey = options.Value.Products.ToDictionary(product => product.Key, StringComparer.Ordinal);

    public IReadOnlyList<CatalogProduct> Products => options.Value.Products;

    /// <summary>The refusal of a request naming a product the catalog does not have.</summary>
    public static Refusal NotInCatalog { get; } = Refusal.NotFound(WireMessages.ProductNotInCatalog);

    public CatalogProduct? Find(string key) => byKey.GetValueOrDefault(key);
}
