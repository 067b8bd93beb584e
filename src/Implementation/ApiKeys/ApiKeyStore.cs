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
}

public sealed record KeyIssue(KeyIssueOutcome Outcome, ApiKeyRow? Key = null, string? Plaintext = null);

/// <summary>Issues, lists and revokes keys; each change and its audit event commit together.</summary>
public sealed class ApiKeyStore(RegistryDb db, AuditTrail audit, VerdictChanges verdicts, TimeProvider clock)
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
        var (plaintext, prefix) = ApiKeyFormat.Generate();
        var key = new ApiKeyRow
        {
            Id = Guid.CreateVersion7(now),
            TenantId = request.TenantId,
            Name = request.Name,
            Product = request.Product,
            Scopes = JsonSerializer.Serialize(request.Scopes),
            Prefix = prefix,
            SecretHash = ApiKeyFormat.Hash(plaintext),
            CreatedBy = request.CreatedBy,
            CreatedAt = now,
        };

        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        await db.InsertAsync(key, token: cancellationToken);
        await audit.RecordAsync(db, KeyEvent("api_key.created", key, now, origin, key.CreatedBy), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new KeyIssue(KeyIssueOutcome.Issued, key, plaintext);
    }

    public Task<List<ApiKeyRow>> ListAsync(Guid tenantId, CancellationToken cancellationToken) =>
        db.ApiKeys.Where(k => k.TenantId == tenantId).OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id).ToListAsync(cancellationToken);

    public Task<Guid?> TenantOfAsync(Guid keyId, CancellationToken cancellationToken) =>
        db.ApiKeys.Where(k => k.Id == keyId).Select(k => (Guid?)k.TenantId).FirstOrDefaultAsync(cancellationToken);

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
