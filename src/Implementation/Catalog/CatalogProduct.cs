namespace TenantRegistry.Catalog;

/// <summary>One product of the catalog, as configured under <c>Catalog:Products</c>.</summary>
public sealed class CatalogProduct
{
    /// <summary>The product's identifier: what requests, entitlements and API keys name.</summary>
    public string Key { get; set; } = "";

    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    /// <summary>The plans a tenant needs to buy the product; empty when any plan will do.</summary>
    public List<string> PlansRequired { get; set; } = [];

    public string? DemoUrl { get; set; }

    public bool SupportsTrial { get; set; }
}
