using Microsoft.AspNetCore.Mvc;
using TenantRegistry.Errors;
using TenantRegistry.Generated;

namespace TenantRegistry.Catalog;

[ApiController]
public sealed class CatalogController : CatalogControllerBase
{
    public override Task<ActionResult<CatalogList>> ListCatalog(CancellationToken cancellationToken) =>
        Task.FromResult<ActionResult<CatalogList>>(ApiErrors.NotImplemented());

    public override Task<IActionResult> RequestProduct(CatalogRequest body, CancellationToken cancellationToken) =>
        Task.FromResult<IActionResult>(ApiErrors.NotImplemented());

    public override Task<ActionResult<TenantProduct>> StartTrial(CatalogRequest body, CancellationToken cancellationToken) =>
        Task.FromResult<ActionResult<TenantProduct>>(ApiErrors.NotImplemented());
}
