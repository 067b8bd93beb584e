using Microsoft.AspNetCore.Mvc;
using TenantRegistry.Errors;
using TenantRegistry.Generated;

namespace TenantRegistry.Entitlements;

[ApiController]
public sealed class EntitlementsController : EntitlementsControllerBase
{
    public override Task<ActionResult<EntitlementList>> ListEntitlements(Guid tenant_id, CancellationToken cancellationToken) =>
        Task.FromResult<ActionResult<EntitlementList>>(ApiErrors.NotImplemented());
}
