using Microsoft.AspNetCore.Mvc;
using TenantRegistry.Entitlements;
using TenantRegistry.Errors;
using TenantRegistry.Generated;
using TenantRegistry.Security;
using TenantRegistry.Store;

namespace TenantRegistry.Catalog;

[ApiController]
public sealed class CatalogController(ProductCatalog catalog, ProductRequests requests, TrialStarter trials, TenantBoundary boundary) : CatalogControllerBase
{
    private static readonly Refusal BlankProduct = Refusal.InvalidInput(WireMessages.ProductMustNotBeBlank);

    public override Task<ActionResult<CatalogList>> ListCatalog(CancellationToken cancellationToken) =>
        Task.FromResult<ActionResult<CatalogList>>(new CatalogList { Items = [.. catalog.Products.Select(product => product.ToResponse())] });

    public override async Task<IActionResult> RequestProduct(CatalogRequest body, CancellationToken cancellationToken) =>
        await boundary.CheckAsync(body.Tenant_id, cancellationToken) is { } outside ? outside.ToResult()
        : string.IsNullOrWhiteSpace(body.Product)
            ? BlankProduct.ToResult()
            : (await requests.RecordAsync(body.Tenant_id, body.Product, cancellationToken)).RespondWith(_ => Accepted());

    public override async Task<ActionResult<TenantProduct>> StartTrial(CatalogRequest body, CancellationToken cancellationToken) =>
        await boundary.CheckAsync(body.Tenant_id, cancellationToken) is { } outside ? outside.ToResult()
        : string.IsNullOrWhiteSpace(body.Product)
            ? BlankProduct.ToResult()
            : (await trials.StartAsync(body.Tenant_id, body.Product, cancellationToken))
                .RespondWith(trial => CreatedAtRoute("listEntitlements", new { tenant_id = trial.TenantId }, trial.ToResponse()));
}
