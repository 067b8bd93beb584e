using Microsoft.AspNetCore.Mvc;
using TenantRegistry.Catalog;
using TenantRegistry.Errors;
using TenantRegistry.Generated;
using TenantRegistry.Store;

namespace TenantRegistry.ApiKeys;

[ApiController]
public sealed class ApiKeysController(ApiKeyStore keys, ApiKeyVerifier verifier, ProductCatalog catalog) : ApiKeysControllerBase
{
    public override async Task<ActionResult<APIKeyList>> ListApiKeys(Guid tenant_id, CancellationToken cancellationToken) =>
        (await keys.ListAsync(tenant_id, cancellationToken)).Respond(rows => new APIKeyList { Items = [.. rows.Select(row => row.ToResponse())] });

    public override async Task<ActionResult<APIKeyCreated>> CreateApiKey(APIKeyCreate body, CancellationToken cancellationToken)
    {
        if (ApiKeyInput.Problem(body, product => catalog.Find(product) is not null) is { } problem)
        {
            return Refusal.InvalidInput(problem).ToResult();
        }

        var request = new NewApiKey(body.Tenant_id, body.Name, body.Product, body.Scopes ?? [], body.Created_by);
        return (await keys.IssueAsync(request, cancellationToken)).RespondWith(issued => StatusCode(StatusCodes.Status201Created, new APIKeyCreated
        {
            Api_key = issued.Key.ToResponse(),
            Plaintext = issued.Plaintext,
            Warning = ApiKeyResponses.ShownOnceWarning,
        }));
    }

    public override async Task<IActionResult> RevokeApiKey(Guid id, CancellationToken cancellationToken) =>
        (await keys.RevokeAsync(id, cancellationToken)).RespondWith(_ => NoContent());

    [InvalidBodyMeansInvalidKey]
    [OwnStoreResilience]
    public override async Task<ActionResult<APIKeyVerify>> VerifyApiKey(APIKeyVerifyRequest body, CancellationToken cancellationToken) =>
        await verifier.VerifyAsync(body?.Key, cancellationToken);
}
