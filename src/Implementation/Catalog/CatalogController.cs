using Microsoft.AspNetCore.Mvc;
using TenantRegistry.Audit;
using TenantRegistry.Entitlements;
using TenantRegistry.Errors;
using TenantRegistry.Generated;
using TenantRegistry.Security;

namespace TenantRegistry.Catalog;

[ApiController]
public sealed class CatalogController(ProductCatalog catalog, ProductRequests requests, TrialStarter trials, TenantBoundary boundary) : CatalogControllerBase
{
    public override Task<ActionResult<CatalogList>> ListCatalog(CancellationToken cancellationToken) =>
        Task.FromResult<ActionResult<CatalogList>>(new CatalogList { Items = [.. catalog.Products.Select(product => product.ToResponse())] });

    public override async Task<IActionResult> RequestProduct(CatalogRequest body, CancellationToken cancellationToken)
    {
        if (!await boundary.AllowsAsync(body.Tenant_id, cancellationToken))
        {
            return Forbid();
        }

        if (string.IsNullOrWhiteSpace(body.Product))
        {
            return BlankProduct();
        }

        var outcome = await requests.RecordAsync(body.Tenant_id, body.Product, RequestOrigin.Of(HttpContext), cancellationToken);
        return outcome == CatalogOutcome.Done ? Accepted() : Refused(outcome);
    }

    public override async Task<ActionResult<TenantProduct>> StartTrial(CatalogRequest body, CancellationToken cancellationToken)
    {
        if (!await boundary.AllowsAsync(body.Tenant_id, cancellationToken))
        {
            return Forbid();
        }

        if (string.IsNullOrWhiteSpace(body.Product))
        {
            return BlankProduct();
        }

        var start = await trials.StartAsync(body.Tenant_id, body.Product, RequestOrigin.Of(HttpContext), cancellationToken);
        return start.Entitlement is { } trial
            ? CreatedAtRoute("listEntitlements", new { tenant_id = trial.TenantId }, trial.ToResponse())
            : Refused(start.Outcome);
    }

    private static ObjectResult BlankProduct() => ApiErrors.InvalidInput("product must not be blank");

    private static ObjectResult Refused(CatalogOutcome outcome) => outcome switch
    {
        CatalogOutcome.TenantNotFound => ApiErrors.NotFound("tenant not found"),
        CatalogOutcome.ProductNotFound => ApiErrors.NotFound("product is not in the catalog"),
        CatalogOutcome.TrialNotOffered => ApiErrors.InvalidInput("product does not offer a self-served trial"),
        CatalogOutcome.TenantNotEligible => ApiErrors.InvalidState("the tenant is frozen, archived or past the end of its own trial"),
        CatalogOutcome.AlreadyEntitled => ApiErrors.InvalidState("the tenant already has or had this product; there is one trial per product"),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "not a refusal"),
    };
}
