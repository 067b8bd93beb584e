using Microsoft.AspNetCore.Mvc;
using TenantRegistry.Audit;
using TenantRegistry.Errors;
using TenantRegistry.Generated;
using TenantRegistry.Security;

namespace TenantRegistry.Tenants;

[ApiController]
public sealed class TenantsController(TenantStore tenants, TenantBoundary boundary) : TenantsControllerBase
{
    public override async Task<ActionResult<Tenant>> CreateTenant(TenantCreate body, CancellationToken cancellationToken)
    {
        if (TenantInput.Problem(body) is { } problem)
        {
            return ApiErrors.InvalidInput(problem);
        }

        var created = await tenants.CreateAsync(new TenantRow
        {
            Slug = body.Slug,
            Name = body.Name,
            Kind = body.Kind == TenantCreateKind.Demo ? TenantStates.DemoKind : TenantStates.CustomerKind,
            Plan = body.Plan ?? TenantStates.DefaultPlan,
            SalesOwner = body.Sales_owner,
        }, RequestOrigin.Of(HttpContext), cancellationToken);

        return created is null
            ? ApiErrors.Conflict($"a tenant with slug '{body.Slug}' already exists")
            : CreatedAtRoute("getTenant", new { id = created.Id }, created.ToResponse());
    }

    public override async Task<ActionResult<Tenant>> GetTenant(Guid id, CancellationToken cancellationToken)
    {
        if (!await boundary.AllowsAsync(id, cancellationToken))
        {
            return Forbid();
        }

        return await tenants.FindAsync(id, cancellationToken) is { } tenant ? tenant.ToResponse() : TenantNotFound();
    }

    public override async Task<ActionResult<Tenant>> GetTenantBySlug(string slug, CancellationToken cancellationToken)
    {
        if (!boundary.AllowsSlug(slug))
        {
            return Forbid();
        }

        return await tenants.FindBySlugAsync(slug, cancellationToken) is { } tenant ? tenant.ToResponse() : TenantNotFound();
    }

    public override async Task<ActionResult<Tenant>> ActivateTenant(Guid id, TenantActivate? body, CancellationToken cancellationToken)
    {
        if (TenantInput.Problem(body) is { } problem)
        {
            return ApiErrors.InvalidInput(problem);
        }

        var activation = new TenantActivation(body?.Plan, body?.Contract_start, body?.Contract_end, body?.Erp_customer_id);
        var change = await tenants.ActivateAsync(id, activation, RequestOrigin.Of(HttpContext), cancellationToken);
        return change.Outcome switch
        {
            TenantChangeOutcome.NotFound => TenantNotFound(),
            TenantChangeOutcome.Archived => ApiErrors.InvalidState("an archived tenant cannot be activated"),
            TenantChangeOutcome.ContractEndsBeforeStart => ApiErrors.InvalidInput("contract_end is before contract_start"),
            _ => change.Tenant!.ToResponse(),
        };
    }

    public override async Task<ActionResult<Tenant>> CancelTenant(Guid id, TenantCancel? body, CancellationToken cancellationToken)
    {
        if (TenantInput.Problem(body) is { } problem)
        {
            return ApiErrors.InvalidInput(problem);
        }

        var change = await tenants.CancelAsync(id, body?.Reason, body?.At_period_end ?? false, RequestOrigin.Of(HttpContext), cancellationToken);
        return change.Outcome == TenantChangeOutcome.NotFound ? TenantNotFound() : change.Tenant!.ToResponse();
    }

    private static ObjectResult TenantNotFound() => ApiErrors.NotFound("tenant not found");
}
