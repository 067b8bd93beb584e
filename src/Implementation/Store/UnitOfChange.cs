using LinqToDB.Data;
using Microsoft.Extensions.Options;
using TenantRegistry.Audit;

namespace TenantRegistry.Store;

/// <summary>
/// The one way state changes (the shape of eShop's ResilientTransaction): <see cref="RunAsync{T}"/> opens a
/// transaction, runs the change's work on a <see cref="Change"/>, and if the work succeeded writes the audit events
/// it recorded, announces the verdict subjects it affected and commits, all together. A refusal rolls everything back.
/// </summary>
/// <remarks>
/// <para>Announcing: on PostgreSQL a NOTIFY on <see cref="Channel"/> is sent inside the transaction, and PostgreSQL
/// delivers it only when that transaction commits, so other instances never hear of a change that did not happen and
/// never miss one that did (ApiKeys/VerdictChangeListener listens). After the commit every
/// <see cref="IChangeSubscriber"/> of this instance is told, so its own next verify reads the new state.</para>
/// <para>Who: every event is stamped with the actor of <see cref="CallerContext"/>, the same for all events of one
/// change. Later writes that must commit with the change (an idempotency record of the request, Issue 13) are
/// written here too, after the events and before the commit, from the same scope.</para>
/// </remarks>
public sealed class UnitOfChange(RegistryDb db, CallerContext caller, AuditTrail audit, IEnumerable<IChangeSubscriber> subscribers,
    IOptions<StoreOptions> store, IServiceProvider services, TimeProvider clock)
{
    public const string Channel = "tenant_registry_verdicts";

    public async Task<Outcome<T>> RunAsync<T>(Func<Change, Task<Outcome<T>>> work, CancellationToken cancellationToken)
    {
        var change = new Change(db, clock.UtcNow(), store.Value.UsesPostgres, services, cancellationToken);
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        var outcome = await work(change);
        if (!outcome.Succeeded)
        {
            return outcome;
        }

        foreach (var entry in change.Events)
        {
            await audit.RecordAsync(db, entry, caller.Actor, change.Now, cancellationToken);
        }

        if (change.UsesPostgres)
        {
            foreach (var subject in change.Affected)
            {
                await db.ExecuteAsync("SELECT pg_notify(@channel, @payload)", cancellationToken,
                    new DataParameter("channel", Channel), new DataParameter("payload", subject.Payload));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        if (change.Affected.Count > 0)
        {
            foreach (var subscriber in subscribers)
            {
                subscriber.Committed(change.Affected);
            }
        }

        return outcome;
    }
}
