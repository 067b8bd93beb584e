using Microsoft.AspNetCore.Mvc;
using TenantRegistry.Audit;
using TenantRegistry.Catalog;
using TenantRegistry.Errors;
using TenantRegistry.Generated;
using TenantRegistry.Security;
using TenantRegistry.Tenants;

namespace TenantRegistry.ApiKeys;

[ApiController]
public sealed class ApiKeysController(ApiKeyStore keys, TenantStore tenants, ApiKeyVerifier verifier, ProductCatalog catalog, TenantBoundary boundary) : ApiKeysControllerBase
{
    public override async Task<ActionResult<APIKeyList>> ListApiKeys(Guid tenant_id, CancellationToken cancellationToken)
    {
        if (!await boundary.AllowsAsync(tenant_id, cancellationToken))
        {
            return Forbid();
        }

        if (!await tenants.ExistsAsync(tenant_id, cancellationToken))
        {
            return ApiErrors.NotFound("tenant not found");
        }

        var rows = await keys.ListAsync(tenant_id, cancellationToken);
        return new APIKeyList { Items = [.. rows.Select(row => row.ToResponse())] };
    }

    public override async Task<ActionResult<APIKeyCreated>> CreateApiKey(APIKeyCreate body, CancellationToken cancellationToken)
    {
        if (!await boundary.AllowsAsync(body.Tenant_id, cancellationToken))
        {
            return Forbid();
        }

        if (ApiKeyInput.Problem(body, product => catalog.Find(product) is not null) is { } problem)
        {
            return ApiErrors.InvalidInput(problem);
        }

        var request = new NewApiKey(body.Tenant_id, body.Name, body.Product, body.Scopes ?? [], body.Created_by);
        var issue = await keys.IssueAsync(request, RequestOrigin.Of(HttpContext), cancellationToken);
        return issue.Outcome switch
        {
            KeyIssueOutcome.TenantNotFound => ApiErrors.NotFound("tenant not found"),
            KeyIssueOutcome.TenantNotUsable => ApiErrors.InvalidState("a frozen or archived tenant cannot get new keys"),
            _ => StatusCode(StatusCodes.Status201Created, new APIKeyCreated
            {
                Api_key = issue.Key!.ToResponse(),
                Plaintext = issue.Plaintext!,
                Warning = ApiKeyResponses.ShownOnceWarning,
            }),
        };
    }

    public override async Task<IActionResult> RevokeApiKey(Guid id, CancellationToken cancellationToken)
    {
        // A restricted caller learns nothing about keys outside its tenants, not even whether they exist.
        if (boundary.IsRestricted && !(await keys.TenantOfAsync(id, cancellationToken) is { } tenantId && await boundary.AllowsAsync(tenantId, cancellationToken)))
        {
            return Forbid();
        }

        return await keys.RevokeAsync(id, RequestOrigin.Of(HttpContext), cancellationToken)
            ? NoContent()
            : ApiErrors.NotFound("API key not found");
    }

    [InvalidBodyMeansInvalidKey]
    public override async Task<ActionResult<APIKeyVerify>> VerifyApiKey(APIKeyVerifyRequest body, CancellationToken cancellationToken) =>
        await verifier.VerifyAsync(body?.Key, cancellationToken);
}
