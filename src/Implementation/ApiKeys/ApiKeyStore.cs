using System.Text.Json;
using LinqToDB;
using LinqToDB.Async;
using TenantRegistry.Audit;
using TenantRegistry.Errors;
using TenantRegistry.Store;
using TenantRegistry.Tenants;

namespace TenantRegistry.ApiKeys;

/// <summary>A key just issued: the row as stored, and the plaintext the caller sees this once.</summary>
public sealed record IssuedKey(ApiKeyRow Key, string Plaintext);

/// <summary>Issues, lists and revokes keys; each change and its audit event commit together in a unit of change.</summary>
public sealed class ApiKeyStore(RegistryDb db, UnitOfChange unit)
{
    /// <summary>
    /// The tenant (and the entitlement of a product key) is read and checked inside the transaction that inserts the
    /// key, the tenant share-locked (<see cref="TenantStore.ReadLockedAsync"/>): a key is never issued to a tenant
    /// frozen before the key's commit.
    /// </summary>
    public Task<Outcome<IssuedKey>> IssueAsync(NewApiKey request, CancellationToken cancellationToken) =>
        unit.RunAsync<IssuedKey>(async change =>
        {
            if (await TenantStore.ReadLockedAsync(change, request.TenantId) is not { } tenant)
            {
                return TenantStore.NotFound;
            }

            if (!TenantRules.MayBeIssuedKeys(tenant.Standing, change.Now))
            {
                return Refusal.InvalidState(WireMessages.TenantCannotGetKeys);
            }

            if (request.Product is { } product && !await change.Db.Entitlements
                    .Where(e => e.TenantId == request.TenantId && e.Product == product)
                    .Where(TenantRules.MayUseProduct(change.Now))
                    .AnyAsync(change.CancellationToken))
            {
                return Refusal.InvalidState(WireMessages.ProductNotEntitled(product));
            }

            var (plaintext, prefix) = ApiKeyFormat.Generate();
            var key = new ApiKeyRow
            {
                Id = Guid.CreateVersion7(change.Now),
                TenantId = request.TenantId,
                Name = request.Name,
                Product = request.Product,
                Scopes = JsonSerializer.Serialize(request.Scopes),
                Prefix = prefix,
                SecretHash = ApiKeyFormat.Hash(plaintext),
                CreatedBy = request.CreatedBy,
                CreatedAt = change.Now,
            };
            await change.Db.InsertAsync(key, token: change.CancellationToken);
            change.Record(KeyEvent("api_key.created", key) with { ActorId = key.CreatedBy });
            return new IssuedKey(key, plaintext);
        }, cancellationToken);

    public async Task<Outcome<List<ApiKeyRow>>> ListAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        if (!await db.Tenants.AnyAsync(t => t.Id == tenantId, cancellationToken))
        {
            return TenantStore.NotFound;
        }

        return await db.ApiKeys.Where(k => k.TenantId == tenantId)
            .OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Revoking a revoked key changes nothing and succeeds.</summary>
    public Task<Outcome<Guid>> RevokeAsync(Guid id, CancellationToken cancellationToken) =>
        unit.RunAsync<Guid>(async change =>
        {
            var revoked = await change.Db.ApiKeys
                .Where(k => k.Id == id && k.RevokedAt == null)
                .Set(k => k.RevokedAt, change.Now)
                .UpdateAsync(change.CancellationToken);
            if (revoked == 0)
            {
                return await change.Db.ApiKeys.AnyAsync(k => k.Id == id, change.CancellationToken) ? id : NotFound;
            }

            RecordRevocation(change, await change.Db.ApiKeys.FirstAsync(k => k.Id == id, change.CancellationToken));
            return id;
        }, cancellationToken);

    private static readonly Refusal NotFound = Refusal.NotFound(WireMessages.ApiKeyNotFound);

    /// <summary>The `api_key.revoked` event of a key this change revoked, and the verdict it changes.</summary>
    internal static void RecordRevocation(Change change, ApiKeyRow key)
    {
        change.Record(KeyEvent("api_key.revoked", key));
        change.Affects(VerdictSubject.Key(key.Prefix));
    }

    private static AuditEntry KeyEvent(string action, ApiKeyRow key) =>
        new(action, key.TenantId, new AuditTarget("api_key", key.Id.ToString("D"), key.Name),
            new { id = key.Id, name = key.Name, prefix = key.Prefix, scopes = JsonSerializer.Deserialize<List<string>>(key.Scopes) },
            key.Product);
}
