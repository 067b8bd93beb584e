using Microsoft.AspNetCore.Mvc;
using TenantRegistry.Errors;
using TenantRegistry.Generated;
using TenantRegistry.Security;
using TenantRegistry.Store;

namespace TenantRegistry.Tenants;

[ApiController]
public sealed class TenantsController(TenantStore tenants, TenantListing listing, TenantBoundary boundary) : TenantsControllerBase
{
    public override async Task<ActionResult<TenantPage>> ListTenants(TenantStatusFilter? status, TenantKindFilter? kind, string? plan, string? q,
        int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var pageSize = limit ?? TenantListQuery.DefaultLimit;
        if (TenantListing.Problem(pageSize, plan, q, cursor) is { } problem)
        {
            return Refusal.InvalidInput(problem).ToResult();
        }

        var query = new TenantListQuery(status?.ToString().ToLowerInvariant(), kind?.ToString().ToLowerInvariant(), plan, q, pageSize,
            cursor is null ? null : TenantCursor.Parse(cursor), boundary.Slugs);
        var (page, moreFollow) = await listing.ListAsync(query, cancellationToken);
        return new TenantPage
        {
            Items = [.. page.Select(tenant => tenant.ToResponse())],
            Next_cursor = moreFollow ? TenantCursor.Of(page[^1]).ToString() : null,
        };
    }

    public override async Task<ActionResult<Tenant>> CreateTenant(TenantCreate body, CancellationToken cancellationToken)
    {
        if (TenantInput.Problem(body) is { } problem)
        {
            return Refusal.InvalidInput(problem).ToResult();
        }

        var created = await tenants.CreateAsync(new TenantRow
        {
            Slug = body.Slug,
            Name = body.Name,
            Kind = body.Kind == TenantCreateKind.Demo ? TenantStates.DemoKind : TenantStates.CustomerKind,
            Plan = body.Plan ?? TenantStates.DefaultPlan,
            SalesOwner = body.Sales_owner,
        }, cancellationToken);
        return created.RespondWith(tenant => CreatedAtRoute("getTenant", new { id = tenant.Id }, tenant.ToResponse()));
    }

    public override async Task<ActionResult<Tenant>> GetTenant(Guid id, CancellationToken cancellationToken) =>
        await boundary.CheckAsync(id, cancellationToken) is { } outside
            ? outside.ToResult()
            : (await tenants.FindAsync(id, cancellationToken)).Respond(tenant => tenant.ToResponse());

    public override async Task<ActionResult<Tenant>> GetTenantBySlug(string slug, CancellationToken cancellationToken) =>
        boundary.Check(slug) is { } outside
            ? outside.ToResult()
            : (await tenants.FindBySlugAsync(slug, cancellationToken)).Respond(tenant => tenant.ToResponse());

    public override async Task<ActionResult<Tenant>> ActivateTenant(Guid id, TenantActivate? body, CancellationToken cancellationToken)
    {
        if (TenantInput.Problem(body) is { } problem)
        {
            return Refusal.InvalidInput(problem).ToResult();
        }

        var activation = new TenantActivation(body?.Plan, body?.Contract_start, body?.Contract_end, body?.Erp_customer_id);
        return (await tenants.ActivateAsync(id, activation, cancellationToken)).Respond(tenant => tenant.ToResponse());
    }

    public override async Task<ActionResult<Tenant>> CancelTenant(Guid id, TenantCancel? body, CancellationToken cancellationToken)
    {
        if (TenantInput.Problem(body?.Reason) is { } problem)
        {
            return Refusal.InvalidInput(problem).ToResult();
        }

        return (await tenants.CancelAsync(id, body?.Reason, body?.At_period_end ?? false, cancellationToken)).Respond(tenant => tenant.ToResponse());
    }

    public override async Task<ActionResult<Tenant>> ArchiveTenant(Guid id, TenantArchive? body, CancellationToken cancellationToken)
    {
        if (TenantInput.Problem(body?.Reason) is { } problem)
        {
            return Refusal.InvalidInput(problem).ToResult();
        }

        return (await tenants.ArchiveAsync(id, body?.Reason, cancellationToken)).Respond(tenant => tenant.ToResponse());
    }
}
