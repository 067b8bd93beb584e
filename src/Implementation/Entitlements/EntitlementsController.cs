using Microsoft.AspNetCore.Mvc;
using TenantRegistry.Errors;
using TenantRegistry.Generated;
using TenantRegistry.Json;
using TenantRegistry.Security;
using TenantRegistry.Store;

namespace TenantRegistry.Entitlements;

[ApiController]
public sealed class EntitlementsController(EntitlementStore entitlements, EntitlementGrants grants, TenantBoundary boundary, TimeProvider clock) : EntitlementsControllerBase
{
    public override async Task<ActionResult<EntitlementList>> ListEntitlements(Guid tenant_id, CancellationToken cancellationToken) =>
        await boundary.CheckAsync(tenant_id, cancellationToken) is { } outside
            ? outside.ToResult()
            : (await entitlements.ListAsync(tenant_id, cancellationToken)).Respond(rows => new EntitlementList { Items = [.. rows.Select(row => row.ToResponse())] });

    public override async Task<ActionResult<TenantProduct>> PutEntitlement(Guid tenant_id, string product, EntitlementPut body, CancellationToken cancellationToken)
    {
        if (EntitlementInput.Problem(body, clock.GetUtcNow()) is { } problem)
        {
            return Refusal.InvalidInput(problem).ToResult();
        }

        var grant = new EntitlementGrant(tenant_id, product, body.Enabled,
            JsonObjectBounds.ToStoredText(body.Config) ?? EntitlementRow.EmptyConfig, body.Expires_at);
        return (await grants.PutAsync(grant, cancellationToken)).RespondWith(granted => granted.Created
            ? StatusCode(StatusCodes.Status201Created, granted.Entitlement.ToResponse())
            : Ok(granted.Entitlement.ToResponse()));
    }
}
