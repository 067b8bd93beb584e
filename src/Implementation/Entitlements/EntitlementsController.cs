using Microsoft.AspNetCore.Mvc;
using TenantRegistry.Errors;
using TenantRegistry.Generated;

namespace TenantRegistry.Entitlements;

[ApiController]
public sealed class EntitlementsController(EntitlementStore entitlements) : EntitlementsControllerBase
{
    public override async Task<ActionResult<EntitlementList>> ListEntitlements(Guid tenant_id, CancellationToken cancellationToken) =>
        (await entitlements.ListAsync(tenant_id, cancellationToken))
            .Respond(rows => new EntitlementList { Items = [.. rows.Select(row => row.ToResponse())] });
}
