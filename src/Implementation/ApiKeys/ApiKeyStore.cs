using System.Text.Json;
using LinqToDB;
using LinqToDB.Async;
using TenantRegistry.Audit;
using TenantRegistry.Store;
using TenantRegistry.Tenants;

namespace TenantRegistry.ApiKeys;

public enum KeyIssueOutcome
{
    Issued,
    TenantNotFound,
    TenantNotUsable,
    KeyNotFound,
    KeyNotRotatable,
}

public sealed record KeyIssue(KeyIssueOutcome Outcome, ApiKeyRow? Key = null, string? Plaintext = null);

/// <summary>Issues, lists and revokes keys; each change and its audit event commit together.</summary>
public sealed class ApiKeyStore(RegistryDb db, AuditTrail audit, VerdictChanges verdicts, KeyIssuer issuer, TimeProvider clock)
{
    public async Task<KeyIssue> IssueAsync(NewApiKey request, RequestOrigin origin, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Id == request.TenantId, cancellationToken);
        if (tenant is null)
        {
            return new KeyIssue(KeyIssueOutcome.TenantNotFound);
        }

        if (TenantStates.IsShutOff(tenant.Status))
        {
            return new KeyIssue(KeyIssueOutcome.TenantNotUsable);
        }

        var now = clock.UtcNow();
        var (key, plaintext) = NewKey(await issuer.SecretAsync(cancellationToken), request.TenantId, request.Name, request.Product,
            JsonSerializer.Serialize(request.Scopes), request.CreatedBy, request.ExpiresAt, rotatedFrom: null, now);

        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        await db.InsertAsync(key, token: cancellationToken);
        await audit.RecordAsync(db, KeyEvent("api_key.created", key, now, origin, key.CreatedBy), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new KeyIssue(KeyIssueOutcome.Issued, key, plaintext);
    }

    /// <summary>
    /// Issues the successor of a key and lets the old one expire after the grace period (0: revoked now). The old row
    /// is locked first, so concurrent rotations of one key run one after the other and only the first sets its expiry.
    /// </summary>
    public async Task<KeyIssue> RotateAsync(Guid id, int gracePeriodSeconds, RequestOrigin origin, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow();
        var secret = await issuer.SecretAsync(cancellationToken);
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        var locked = await db.ApiKeys.Where(k => k.Id == id).Set(k => k.CreatedAt, k => k.CreatedAt).UpdateAsync(cancellationToken);
        if (locked == 0)
        {
            return new KeyIssue(KeyIssueOutcome.KeyNotFound);
        }

        var old = await db.ApiKeys.FirstAsync(k => k.Id == id, cancellationToken);
        if (old.RevokedAt is not null || old.ExpiresAt <= now)
        {
            return new KeyIssue(KeyIssueOutcome.KeyNotRotatable);
        }

        var tenant = await db.Tenants.FirstAsync(t => t.Id == old.TenantId, cancellationToken);
        if (TenantStates.IsShutOff(tenant.Status))
        {
            return new KeyIssue(KeyIssueOutcome.TenantNotUsable);
        }

        var rotatedBefore = await db.ApiKeys.AnyAsync(k => k.RotatedFrom == id, cancellationToken);
        if (!rotatedBefore)
        {
            if (gracePeriodSeconds == 0)
            {
                old.RevokedAt = now;
            }
            else
            {
                var graceEnds = now.AddSeconds(gracePeriodSeconds);
                old.ExpiresAt = old.ExpiresAt < graceEnds ? old.ExpiresAt : graceEnds;
            }

            await db.ApiKeys.Where(k => k.Id == id)
                .Set(k => k.ExpiresAt, old.ExpiresAt)
                .Set(k => k.RevokedAt, old.RevokedAt)
                .UpdateAsync(cancellationToken);
        }

        var (key, plaintext) = NewKey(secret, old.TenantId, old.Name, old.Product, old.Scopes, old.CreatedBy, expiresAt: null,
            rotatedFrom: id, now);
        await db.InsertAsync(key, token: cancellationToken);
        await audit.RecordAsync(db, KeyEvent("api_key.created", key, now, origin, key.CreatedBy), cancellationToken);
        var rotated = KeyEvent("api_key.rotated", old, now, origin, actorId: null);
        rotated.Metadata = JsonSerializer.Serialize(new
        {
            id = old.Id,
            new_key_id = key.Id,
            new_prefix = key.Prefix,
            grace_period_seconds = gracePeriodSeconds,
            expires_at = old.ExpiresAt,
            revoked = old.RevokedAt is not null,
            rotated_before = rotatedBefore,
        });
        await audit.RecordAsync(db, rotated, cancellationToken);
        await verdicts.CommitAsync(db, transaction, VerdictSubject.Key(old.Prefix), cancellationToken);
        return new KeyIssue(KeyIssueOutcome.Issued, key, plaintext);
    }

    private static (ApiKeyRow Key, string Plaintext) NewKey(byte[] issuerSecret, Guid tenantId, string name, string? product, string scopes,
        string? createdBy, DateTimeOffset? expiresAt, Guid? rotatedFrom, DateTimeOffset now)
    {
        var (plaintext, prefix) = ApiKeyFormat.Generate(issuerSecret);
        return (new ApiKeyRow
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

    public Task<List<ApiKeyRow>> ListAsync(Guid tenantId, CancellationToken cancellationToken) =>
        db.ApiKeys.Where(k => k.TenantId == tenantId).OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id).ToListAsync(cancellationToken);

    /// <returns>False when no such key exists. Revoking a revoked key changes nothing and succeeds.</returns>
    public async Task<bool> RevokeAsync(Guid id, RequestOrigin origin, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow();
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        var revoked = await db.ApiKeys
            .Where(k => k.Id == id && k.RevokedAt == null)
            .Set(k => k.RevokedAt, now)
            .UpdateAsync(cancellationToken);
        if (revoked == 0)
        {
            return await db.ApiKeys.AnyAsync(k => k.Id == id, cancellationToken);
        }

        var key = await db.ApiKeys.FirstAsync(k => k.Id == id, cancellationToken);
        await audit.RecordAsync(db, KeyEvent("api_key.revoked", key, now, origin, actorId: null), cancellationToken);
        await verdicts.CommitAsync(db, transaction, VerdictSubject.Key(key.Prefix), cancellationToken);
        return true;
    }

    private static AuditEventRow KeyEvent(string action, ApiKeyRow key, DateTimeOffset at, RequestOrigin origin, string? actorId) => new()
    {
        TenantId = key.TenantId,
        ActorType = AuditTrail.ApiActorType,
        ActorId = actorId,
        Action = action,
        TargetId = key.Id.ToString("D"),
        TargetType = "api_key",
        TargetName = key.Name,
        Product = key.Product,
        Metadata = JsonSerializer.Serialize(new { id = key.Id, name = key.Name, prefix = key.Prefix, scopes = JsonSerializer.Deserialize<List<string>>(key.Scopes) }),
        SourceIp = origin.SourceIp,
        UserAgent = origin.UserAgent,
        CreatedAt = at,
    };
}
