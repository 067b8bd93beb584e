using LinqToDB.Data;
using Microsoft.Extensions.Options;
using TenantRegistry.Store;

namespace TenantRegistry.Audit;

/// <summary>
/// Whether a time window of the audit log can be read as an id range: on PostgreSQL, where the store keeps
/// <c>created_at</c> rising with <c>id</c> (Store/Migrations/M0010_AuditTimeOrder.cs), for every window that starts
/// after the events written out of order before that guarantee, if there were any. Read from the store once per
/// process: the migration wrote it, and nothing changes it afterwards.
/// </summary>
public sealed class AuditTimeOrder(IOptions<StoreOptions> store)
{
    private Known? known;

    public async ValueTask<bool> IsIdRangeAsync(RegistryDb db, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        if (!store.Value.UsesPostgres)
        {
            return false;
        }

        known ??= new Known(await db.ExecuteAsync<DateTimeOffset?>("SELECT unordered_until FROM audit_time_order WHERE id = 1", cancellationToken));
        return known.UnorderedUntil is not { } unorderedUntil || since > unorderedUntil;
    }

    private sealed record Known(DateTimeOffset? UnorderedUntil);
}
