using LinqToDB.Data;
using Microsoft.Extensions.Options;
using TenantRegistry.Audit;
using TenantRegistry.Idempotency;

namespace TenantRegistry.Store;

/// <summary>
/// The one way state changes (the shape of eShop's ResilientTransaction): <see cref="RunAsync{T}"/> opens a
/// transaction, runs the change's work on a <see cref="Change"/>, and if the work succeeded writes the audit events
/// it recorded, announces the verdict subjects it affected and commits, all together. A refusal rolls everything back.
/// </summary>
/// <remarks>
/// <para>Announcing: on PostgreSQL the database announces every committed change of what verify reads, with triggers
/// that NOTIFY on <see cref="Channel"/> inside the changing transaction (M0006), whatever made the change — this
/// service, a migration or a support engineer's SQL; PostgreSQL delivers a notification only when its transaction
/// commits (ApiKeys/VerdictChangeListener listens). After the commit every <see cref="IChangeSubscriber"/> of this
/// instance is told what the change affected, so its own next verify reads the new state without waiting for the
/// notification (on SQLite, one process, that is all there is).</para>
/// <para>Who: every event is stamped with the actor of <see cref="CallerContext"/>, the same for all events of one
/// change.</para>
/// <para>Idempotency: when the request carries an Idempotency-Key, the key is claimed in the transaction before the
/// work runs (on PostgreSQL by the request itself, which opens the transaction and claims the key in the batch of the
/// first statement it sends; on SQLite here, <see cref="IdempotentRequest.ClaimInTransactionAsync"/>), and the work
/// runs behind a savepoint, so that a refusal undoes the work but keeps the claim. The unit then does not commit: it
/// hands the open transaction, with the events and the announcement in it, to the request, which records the answer
/// the client is about to get in the same transaction and commits it (Idempotency/IdempotentRequests). Refusals by
/// the store's state (not found, conflict, invalid state) are recorded too; bad input is not.</para>
/// <para>Rehearsal: a request the instance sends itself before it is ready (<see cref="Rehearsal"/>) runs every
/// statement of its change, audit events included, and is rolled back where it would commit; nobody is told.</para>
/// </remarks>
public sealed class UnitOfChange(RegistryDb db, CallerContext caller, AuditTrail audit, IEnumerable<IChangeSubscriber> subscribers,
    IOptions<StoreOptions> store, IdempotentRequest request, IServiceProvider services, TimeProvider clock, BusinessEvents business,
    IHttpContextAccessor http)
{
    public const string Channel = "tenant_registry_verdicts";

    public async Task<Outcome<T>> RunAsync<T>(Func<Change, Task<Outcome<T>>> work, CancellationToken cancellationToken)
    {
        var change = new Change(db, clock.UtcNow(), store.Value.UsesPostgres, services, cancellationToken);
        // On PostgreSQL a request with an Idempotency-Key opens a transaction of its own, with its claim, in the batch
        // of its first statement; the work runs in that one (Idempotency/IdempotentRequest explains why).
        var transaction = request.OwnsTransaction ? null : await db.BeginTransactionAsync(cancellationToken);
        try
        {
            if (request.OwnsTransaction)
            {
                request.UnitStarted();
            }
            else if (request.IsActive)
            {
                await request.ClaimInTransactionAsync(change.Now, cancellationToken);
            }

            var outcome = await work(change);
            if (!outcome.Succeeded)
            {
                // Bad input is not an answer of the store's state: it is not recorded, and a corrected retry runs.
                if (request.IsActive && outcome.Refusal!.Kind != RefusalKind.InvalidInput)
                {
                    await db.ExecuteAsync($"ROLLBACK TO SAVEPOINT {IdempotentRequest.WorkSavepoint}", cancellationToken);
                    request.Hold(transaction, () => { });
                    transaction = null;
                }

                return outcome;
            }

            foreach (var entry in change.Events)
            {
                await audit.RecordAsync(db, entry, caller.Actor, change.Now, cancellationToken);
            }

            if (Rehearsal.Of(http))
            {
                // A rehearsal sends no Idempotency-Key, so this unit opened the transaction and may end it.
                await (transaction ?? throw new InvalidOperationException("a rehearsed request must not carry an Idempotency-Key"))
                    .RollbackAsync(cancellationToken);
                return outcome;
            }

            if (request.IsActive)
            {
                request.Hold(transaction, () => Committed(change));
                transaction = null;
                return outcome;
            }

            await transaction!.CommitAsync(cancellationToken);
            Committed(change);
            return outcome;
        }
        finally
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }
        }
    }

    private void Committed(Change change)
    {
        business.Committed(change.Events, caller.Actor);
        if (change.Affected.Count > 0)
        {
            foreach (var subscriber in subscribers)
            {
                subscriber.Committed(change.Affected);
            }
        }
    }
}
