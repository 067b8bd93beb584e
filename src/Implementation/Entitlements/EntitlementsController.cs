using Microsoft.AspNetCore.Mvc;
using TenantRegistry.Errors;
using TenantRegistry.Generated;
using TenantRegistry.Security;

namespace TenantRegistry.Entitlements;

[ApiController]
public sealed class EntitlementsController(EntitlementStore entitlements, TenantBoundary boundary) : EntitlementsControllerBase
{
    public override async Task<ActionResult<EntitlementList>> ListEntitlements(Guid tenant_id, CancellationToken cancellationToken) =>
        await boundary.CheckAsync(tenant_id, cancellationToken) is { } outside
            ? outside.ToResult()
            : (await entitlements.ListAsync(tenant_id, cancellationToken)).Respond(rows => new EntitlementList { Items = [.. rows.Select(row => row.ToResponse())] });
}
