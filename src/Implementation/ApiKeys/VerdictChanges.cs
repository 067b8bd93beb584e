using LinqToDB.Data;
using Microsoft.Extensions.Options;
using TenantRegistry.Store;

namespace TenantRegistry.ApiKeys;

/// <summary>
/// Tells every instance that a verdict may have changed. <see cref="AnnounceAsync"/> runs inside the change's
/// transaction: PostgreSQL delivers a NOTIFY only when that transaction commits, so other instances never hear of
/// a change that did not happen and never miss one that did. <see cref="Forget"/> runs after the commit, so this
/// instance's next verify reads the new state.
/// </summary>
public sealed class VerdictChanges(VerdictCache cache, IOptions<StoreOptions> store)
{
    public const string Channel = "tenant_registry_verdicts";

    public async Task AnnounceAsync(RegistryDb db, VerdictSubject subject, CancellationToken cancellationToken)
    {
        if (store.Value.UsesPostgres)
        {
            await db.ExecuteAsync("SELECT pg_notify(@channel, @payload)", cancellationToken,
                new DataParameter("channel", Channel), new DataParameter("payload", subject.Payload));
        }
    }

    public void Forget(VerdictSubject subject) => cache.Forget(subject);
}
