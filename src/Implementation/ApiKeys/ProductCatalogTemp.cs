namespace TenantRegistry.ApiKeys;

public sealed class ProductCatalog
{
    public bool Contains(string product) => product.Length > 0;
}
