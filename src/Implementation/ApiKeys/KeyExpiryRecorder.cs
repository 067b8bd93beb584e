using LinqToDB;
using LinqToDB.Async;
using TenantRegistry.Audit;
using TenantRegistry.Lifecycle;
using TenantRegistry.Store;

namespace TenantRegistry.ApiKeys;

/// <summary>
/// Writes <c>api_key.expired</c> once per key whose <c>expires_at</c> has passed (a sweep step). Verify does not need
/// it — a cached entry knows its own expiry — it is the record of the key's end. A key revoked before it expired
/// ended by its revocation and gets no expiry event. Each key is its own unit of change; the conditional UPDATE of
/// <c>expiry_recorded_at</c> makes two racing sweeps record a key once.
/// </summary>
public sealed class KeyExpiryRecorder(RegistryDb db, UnitOfChange unit) : ISweepStep
{
    public async Task<int> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = await db.ApiKeys
            .Where(k => k.ExpiresAt != null && k.ExpiryRecordedAt == null && k.ExpiresAt <= now)
            .Select(k => k.Id)
            .ToListAsync(cancellationToken);
        var recorded = 0;
        foreach (var id in due)
        {
            var outcome = await unit.RunAsync<bool>(async change =>
            {
                var marked = await change.Db.ApiKeys
                    .Where(k => k.Id == id && k.ExpiryRecordedAt == null && k.ExpiresAt <= now)
                    .Set(k => k.ExpiryRecordedAt, change.Now)
                    .UpdateAsync(change.CancellationToken);
                if (marked == 0)
                {
                    return false;
                }

                var key = await change.Db.ApiKeys.FirstAsync(k => k.Id == id, change.CancellationToken);
                if (key.RevokedAt is null || key.RevokedAt > key.ExpiresAt)
                {
                    change.Record(new AuditEntry("api_key.expired", key.TenantId, new AuditTarget("api_key", key.Id.ToString("D"), key.Name),
                        new { id = key.Id, name = key.Name, prefix = key.Prefix, expires_at = key.ExpiresAt }, key.Product));
                }

                return true;
            }, cancellationToken);
            recorded += outcome.Succeeded && outcome.Value ? 1 : 0;
        }

        return recorded;
    }
}
