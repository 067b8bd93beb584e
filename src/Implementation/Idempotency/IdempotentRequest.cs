using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using TenantRegistry.Store;

namespace TenantRegistry.Idempotency;

/// <summary>
/// The Idempotency-Key of the request this scope serves, and the unit of change that request is running: when the
/// request carries a key, <see cref="UnitOfChange"/> claims the key inside its transaction and, instead of committing,
/// hands the open transaction here. <see cref="IdempotentRequests"/> then writes the answer the request got into that
/// transaction and commits it: the change and the record of its answer commit together or not at all.
/// </summary>
public sealed class IdempotentRequest(RegistryDb db, IEnumerable<IIdempotencyClaimObserver> observers) : IAsyncDisposable
{
    private DataConnectionTransaction? held;
    private Action? afterCommit;

    /// <summary>The caller's scope, the key and the request's fingerprint; null when the request carries no key.</summary>
    public (string Scope, string Key, byte[] Fingerprint)? Identity { get; private set; }

    public bool IsActive => Identity is not null;

    /// <summary>Whether a unit of change ran for the request and waits for its answer to be recorded.</summary>
    public bool HoldsChange => held is not null;

    internal void Begin(string scope, string key, byte[] fingerprint) => Identity = (scope, key, fingerprint);

    /// <summary>
    /// Makes this transaction the only one working under the key: on PostgreSQL through an advisory lock held until
    /// the transaction ends (so two instances receiving the key at once cannot both run; a crash releases it), on the
    /// embedded store through the process-wide claim <see cref="IdempotentRequests"/> took. Under the claim, an answer
    /// committed in the meantime is seen and replayed instead of running the change again.
    /// </summary>
    /// <exception cref="IdempotencyPreempted">Another request holds the key, or already answered it.</exception>
    public async Task ClaimAsync(bool usesPostgres, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (scope, key, _) = Identity ?? throw new InvalidOperationException("the request carries no Idempotency-Key");
        if (usesPostgres)
        {
            var locked = await db.ExecuteAsync<bool>("SELECT pg_try_advisory_xact_lock(hashtextextended(@scope || chr(10) || @key, 0))",
                cancellationToken, new DataParameter("scope", scope), new DataParameter("key", key));
            if (!locked)
            {
                throw new IdempotencyPreempted(null);
            }
        }

        // An expired record is no answer any more; CommitAsync replaces it.
        var records = db.GetTable<IdempotencyRecordRow>().Where(r => r.Scope == scope && r.Key == key && r.ExpiresAt > now);
        if (await records.FirstOrDefaultAsync(cancellationToken) is { } answered)
        {
            throw new IdempotencyPreempted(answered);
        }

        foreach (var observer in observers)
        {
            await observer.ClaimedAsync(key, cancellationToken);
        }
    }

    /// <summary>Called by the unit of change in place of its commit.</summary>
    public void Hold(DataConnectionTransaction transaction, Action committed)
    {
        if (held is not null)
        {
            throw new InvalidOperationException("one request with an Idempotency-Key runs one unit of change");
        }

        held = transaction;
        afterCommit = committed;
    }

    /// <summary>Writes the answer with the change it answers, commits both, then runs what follows a commit.</summary>
    internal async Task CommitAsync(IdempotencyRecordRow answer, CancellationToken cancellationToken)
    {
        var transaction = held ?? throw new InvalidOperationException("no unit of change is held");
        // Under the claim, the only record the key can have is an expired one, not yet swept: it is replaced.
        await db.InsertOrReplaceAsync(answer, token: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        held = null;
        await transaction.DisposeAsync();
        afterCommit?.Invoke();
    }

    /// <summary>A held change whose answer was not recorded (the request failed) is rolled back.</summary>
    public async ValueTask DisposeAsync()
    {
        if (held is { } transaction)
        {
            held = null;
            await transaction.DisposeAsync();
        }
    }
}

/// <summary>Another request holds the key (<see cref="Answered"/> is null), or has already answered it.</summary>
public sealed class IdempotencyPreempted(IdempotencyRecordRow? answered)
    : Exception(answered is null ? "the Idempotency-Key is in use by a request in flight" : "the Idempotency-Key was answered meanwhile")
{
    public IdempotencyRecordRow? Answered => answered;
}

/// <summary>
/// Told when a request has claimed its key, inside its transaction, before its work runs. Nothing in the service
/// registers one; tests do, to hold a request in flight and show what a second request with the same key gets.
/// </summary>
public interface IIdempotencyClaimObserver
{
    Task ClaimedAsync(string key, CancellationToken cancellationToken);
}
