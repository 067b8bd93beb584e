using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using TenantRegistry.Audit;
using TenantRegistry.Catalog;
using TenantRegistry.Errors;
using TenantRegistry.Generated;
using TenantRegistry.Tenants;

namespace TenantRegistry.ApiKeys;

[ApiController]
public sealed class ApiKeysController(ApiKeyStore keys, TenantStore tenants, ApiKeyVerifier verifier, ProductCatalog catalog, TimeProvider clock)
    : ApiKeysControllerBase
{
    public override async Task<ActionResult<APIKeyList>> ListApiKeys(Guid tenant_id, CancellationToken cancellationToken)
    {
        if (!await tenants.ExistsAsync(tenant_id, cancellationToken))
        {
            return ApiErrors.NotFound("tenant not found");
        }

        var rows = await keys.ListAsync(tenant_id, cancellationToken);
        return new APIKeyList { Items = [.. rows.Select(row => row.ToResponse())] };
    }

    public override async Task<ActionResult<APIKeyCreated>> CreateApiKey(APIKeyCreate body, CancellationToken cancellationToken)
    {
        if (ApiKeyInput.Problem(body, product => catalog.Find(product) is not null, clock.GetUtcNow()) is { } problem)
        {
            return ApiErrors.InvalidInput(problem);
        }

        var request = new NewApiKey(body.Tenant_id, body.Name, body.Product, body.Scopes ?? [], body.Created_by, body.Expires_at);
        return Answer(await keys.IssueAsync(request, RequestOrigin.Of(HttpContext), cancellationToken));
    }

    public override async Task<ActionResult<APIKeyCreated>> RotateApiKey(Guid id, APIKeyRotate? body = null, CancellationToken cancellationToken = default) =>
        Answer(await keys.RotateAsync(id, body?.Grace_period_seconds ?? ApiKeyInput.DefaultGracePeriodSeconds, RequestOrigin.Of(HttpContext),
            cancellationToken));

    public override async Task<IActionResult> RevokeApiKey(Guid id, CancellationToken cancellationToken) =>
        await keys.RevokeAsync(id, RequestOrigin.Of(HttpContext), cancellationToken)
            ? NoContent()
            : ApiErrors.NotFound("API key not found");

    private ActionResult<APIKeyCreated> Answer(KeyIssue issue) => issue.Outcome switch
    {
        KeyIssueOutcome.TenantNotFound => ApiErrors.NotFound("tenant not found"),
        KeyIssueOutcome.KeyNotFound => ApiErrors.NotFound("API key not found"),
        KeyIssueOutcome.TenantNotUsable => ApiErrors.InvalidState("a frozen or archived tenant cannot get new keys"),
        KeyIssueOutcome.KeyNotRotatable => ApiErrors.InvalidState("a revoked or expired key cannot be rotated"),
        _ => StatusCode(StatusCodes.Status201Created, new APIKeyCreated
        {
            Api_key = issue.Key!.ToResponse(),
            Plaintext = issue.Plaintext!,
            Warning = ApiKeyResponses.ShownOnceWarning,
        }),
    };

    [InvalidBodyMeansInvalidKey]
    [EnableRateLimiting(VerifyRateLimit.Policy)]
    public override async Task<ActionResult<APIKeyVerify>> VerifyApiKey(APIKeyVerifyRequest body, CancellationToken cancellationToken) =>
        await verifier.VerifyAsync(body?.Key, cancellationToken);
}
