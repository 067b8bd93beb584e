namespace TenantRegistry.Catalog;

/// <summary>The product catalog; read once at start (a change takes a restart).</summary>
public sealed class CatalogOptions
{
    public const string SectionName = "Catalog";

    /// <summary>The products in the order GET /v1/catalog lists them.</summary>
    public List<CatalogProduct> Products { get; set; } = [];
}
