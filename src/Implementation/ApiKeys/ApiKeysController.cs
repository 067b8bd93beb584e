using Microsoft.AspNetCore.Mvc;
using TenantRegistry.Errors;
using TenantRegistry.Generated;

namespace TenantRegistry.ApiKeys;

[ApiController]
public sealed class ApiKeysController : ApiKeysControllerBase
{
    public override Task<ActionResult<APIKeyList>> ListApiKeys(Guid tenant_id, CancellationToken cancellationToken) =>
        Task.FromResult<ActionResult<APIKeyList>>(ApiErrors.NotImplemented());

    public override Task<ActionResult<APIKeyCreated>> CreateApiKey(APIKeyCreate body, CancellationToken cancellationToken) =>
        Task.FromResult<ActionResult<APIKeyCreated>>(ApiErrors.NotImplemented());

    public override Task<IActionResult> RevokeApiKey(Guid id, CancellationToken cancellationToken) =>
        Task.FromResult<IActionResult>(ApiErrors.NotImplemented());

    public override Task<ActionResult<APIKeyVerify>> VerifyApiKey(APIKeyVerifyRequest body, CancellationToken cancellationToken) =>
        Task.FromResult<ActionResult<APIKeyVerify>>(ApiErrors.NotImplemented());
}
