using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using TenantRegistry.Catalog;
using TenantRegistry.Errors;
using TenantRegistry.Generated;
using TenantRegistry.Hosting;
using TenantRegistry.Idempotency;
using TenantRegistry.Security;
using TenantRegistry.Store;

namespace TenantRegistry.ApiKeys;

[ApiController]
public sealed class ApiKeysController(ApiKeyStore keys, ApiKeyVerifier verifier, ProductCatalog catalog, TenantBoundary boundary, TimeProvider clock)
    : ApiKeysControllerBase
{
    public override async Task<ActionResult<APIKeyList>> ListApiKeys(Guid tenant_id, CancellationToken cancellationToken) =>
        await boundary.CheckAsync(tenant_id, cancellationToken) is { } outside
            ? outside.ToResult()
            : (await keys.ListAsync(tenant_id, cancellationToken)).Respond(rows => new APIKeyList { Items = [.. rows.Select(row => row.ToResponse())] });

    /// <summary>201 with the plaintext (never cached) and the key's own address, the one DELETE revokes.</summary>
    [NoStore]
    public override async Task<ActionResult<APIKeyCreated>> CreateApiKey(APIKeyCreate body, CancellationToken cancellationToken)
    {
        if (await boundary.CheckAsync(body.Tenant_id, cancellationToken) is { } outside)
        {
            return outside.ToResult();
        }

        if (ApiKeyInput.Problem(body, product => catalog.Find(product) is not null, clock.GetUtcNow()) is { } problem)
        {
            return Refusal.InvalidInput(problem).ToResult();
        }

        var request = new NewApiKey(body.Tenant_id, body.Name, body.Product, body.Scopes ?? [], body.Created_by, body.Expires_at);
        return (await keys.IssueAsync(request, cancellationToken)).RespondWith(Created);
    }

    /// <summary>201 with the successor's plaintext (never cached) and its own address, like create.</summary>
    [NoStore]
    public override async Task<ActionResult<APIKeyCreated>> RotateApiKey(Guid id, APIKeyRotate? body = null, CancellationToken cancellationToken = default) =>
        await boundary.CheckKeyAsync(id, cancellationToken) is { } outside
            ? outside.ToResult()
            : (await keys.RotateAsync(id, body?.Grace_period_seconds ?? ApiKeyInput.DefaultGracePeriodSeconds, cancellationToken)).RespondWith(Created);

    public override async Task<IActionResult> RevokeApiKey(Guid id, CancellationToken cancellationToken) =>
        await boundary.CheckKeyAsync(id, cancellationToken) is { } outside
            ? outside.ToResult()
            : (await keys.RevokeAsync(id, cancellationToken)).RespondWith(_ => NoContent());

    /// <summary>201 with the key's address (the one DELETE revokes) as Location, like tenant create.</summary>
    private CreatedAtRouteResult Created(IssuedKey issued) => CreatedAtRoute("revokeApiKey", new { id = issued.Key.Id }, new APIKeyCreated
    {
        Api_key = issued.Key.ToResponse(),
        Plaintext = issued.Plaintext,
        Warning = ApiKeyResponses.ShownOnceWarning,
    });

    [InvalidBodyMeansInvalidKey]
    [EnableRateLimiting(VerifyRateLimit.Policy)]
    [OwnStoreResilience]
    [NeverReplayed]
    public override async Task<ActionResult<APIKeyVerify>> VerifyApiKey(APIKeyVerifyRequest body, CancellationToken cancellationToken) =>
        await verifier.VerifyAsync(body?.Key, cancellationToken);
}
