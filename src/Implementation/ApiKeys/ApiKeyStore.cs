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

/// <summary>Issues, lists, rotates and revokes keys; each change and its audit events commit together in a unit of change.
/// Verify verdicts about a key are announced by the database itself (triggers, M0006) whatever changes it.</summary>
public sealed class ApiKeyStore(RegistryDb db, UnitOfChange unit, KeyIssuer issuer)
{
    /// <summary>
    /// The tenant (and the entitlement of a product key) is read and checked inside the transaction that inserts the
    /// key, the tenant share-locked (<see cref="TenantStore.ReadLockedAsync"/>): a key is never issued to a tenant
    /// frozen before the key's commit.
    /// </summary>
    public async Task<Outcome<IssuedKey>> IssueAsync(NewApiKey request, CancellationToken cancellationToken)
    {
        var issuerSecret = await issuer.SecretAsync(cancellationToken);
        return await unit.RunAsync<IssuedKey>(async change =>
        {
            if (await TenantStore.ReadLockedAsync(change, request.TenantId) is not { } tenant)
            {
                return TenantStore.NotFound;
            }

            if (!TenantRules.MayBeIssuedKeys(tenant.Standing, change.Now))
            {
                return Refusal.InvalidState(WireMessages.TenantCannotGetKeys(TenantRules.WhyShutOff(tenant.Standing, change.Now)!.Value));
            }

            if (request.Product is { } product && !await change.Db.Entitlements
                    .Where(e => e.TenantId == request.TenantId && e.Product == product)
                    .Where(TenantRules.MayUseProduct(change.Now))
                    .AnyAsync(change.CancellationToken))
            {
                return Refusal.InvalidState(WireMessages.ProductNotEntitled(product));
            }

            var issued = NewKey(issuerSecret, request.TenantId, request.Name, request.Product, JsonSerializer.Serialize(request.Scopes),
                request.CreatedBy, request.ExpiresAt, rotatedFrom: null, change.Now);
            await change.Db.InsertAsync(issued.Key, token: change.CancellationToken);
            change.Record(KeyEvent("api_key.created", issued.Key) with { ActorId = issued.Key.CreatedBy });
            return issued;
        }, cancellationToken);
    }

    /// <summary>
    /// Issues the successor of a key and lets the old one expire after the grace period (0: revoked now). The old row
    /// is locked first, so concurrent rotations of one key run one after the other, and only the first one sets the
    /// old key's expiry: rotating again issues another key and leaves that expiry as it is.
    /// </summary>
    public async Task<Outcome<IssuedKey>> RotateAsync(Guid id, int gracePeriodSeconds, CancellationToken cancellationToken)
    {
        var issuerSecret = await issuer.SecretAsync(cancellationToken);
        return await unit.RunAsync<IssuedKey>(async change =>
        {
            var locked = await change.Db.ApiKeys.Where(k => k.Id == id).Set(k => k.CreatedAt, k => k.CreatedAt).UpdateAsync(change.CancellationToken);
            if (locked == 0)
            {
                return NotFound;
            }

            var old = await change.Db.ApiKeys.FirstAsync(k => k.Id == id, change.CancellationToken);
            if (old.RevokedAt is not null || old.ExpiresAt <= change.Now)
            {
                return Refusal.InvalidState(WireMessages.KeyCannotBeRotated);
            }

            // The key's tenant exists (a foreign key); it must still be one that may be issued keys.
            if (await TenantStore.ReadLockedAsync(change, old.TenantId) is { } tenant && TenantRules.WhyShutOff(tenant.Standing, change.Now) is { } why)
            {
                return Refusal.InvalidState(WireMessages.TenantCannotGetKeys(why));
            }

            var rotatedBefore = await change.Db.ApiKeys.AnyAsync(k => k.RotatedFrom == id, change.CancellationToken);
            if (!rotatedBefore)
            {
                var graceEnds = change.Now.AddSeconds(gracePeriodSeconds);
                if (gracePeriodSeconds == 0)
                {
                    old.RevokedAt = change.Now;
                }
                else if (!(old.ExpiresAt < graceEnds))
                {
                    old.ExpiresAt = graceEnds;
                }

                await change.Db.ApiKeys.Where(k => k.Id == id)
                    .Set(k => k.ExpiresAt, old.ExpiresAt)
                    .Set(k => k.RevokedAt, old.RevokedAt)
                    .UpdateAsync(change.CancellationToken);
                change.Affects(VerdictSubject.Key(old.Prefix));
            }

            var issued = NewKey(issuerSecret, old.TenantId, old.Name, old.Product, old.Scopes, old.CreatedBy, expiresAt: null,
                rotatedFrom: id, change.Now);
            await change.Db.InsertAsync(issued.Key, token: change.CancellationToken);
            change.Record(KeyEvent("api_key.created", issued.Key) with { ActorId = issued.Key.CreatedBy });
            change.Record(KeyEvent("api_key.rotated", old) with
            {
                Metadata = new
                {
                    id = old.Id,
                    prefix = old.Prefix,
                    new_key_id = issued.Key.Id,
                    new_prefix = issued.Key.Prefix,
                    grace_period_seconds = gracePeriodSeconds,
                    expires_at = old.ExpiresAt,
                    revoked = old.RevokedAt is not null,
                    rotated_before = rotatedBefore,
                },
            });
            return issued;
        }, cancellationToken);
    }

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

    private static IssuedKey NewKey(byte[] issuerSecret, Guid tenantId, string name, string? product, string scopes, string? createdBy,
        DateTimeOffset? expiresAt, Guid? rotatedFrom, DateTimeOffset now)
    {
        var (plaintext, prefix) = ApiKeyFormat.Generate(issuerSecret);
        return new IssuedKey(new ApiKeyRow
        {
            Id = Guid.CreateVersion7(now),
            TenantId = tenantId,
            Name = name,
            Product = product,
            Scopes = scopes,
            Prefix = prefix,
            SecretHash = ApiKeyFormat.Hash(plaintext),
            CreatedBy = createdBy,
            CreatedAt = now,
            ExpiresAt = expiresAt,
            RotatedFrom = rotatedFrom,
        }, plaintext);
    }
}
