using LinqToDB;
using LinqToDB.Data;
using Npgsql;
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
    private bool usesPostgres;

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
    /// committed in the meantime is seen and replayed instead of running the change again. Then sets the savepoint
    /// <paramref name="savepoint"/>, behind which the work runs.
    /// </summary>
    /// <remarks>
    /// On PostgreSQL the lock, the lookup and the savepoint go as one <see cref="NpgsqlBatch"/>, with the transaction's
    /// BEGIN that Npgsql sends along with the first command: one round trip instead of three, and SQL text written
    /// here instead of built by linq2db per request. The lookup runs after the lock statement, so it sees every
    /// answer committed before the lock was granted; when the lock was refused its row is ignored. Profiled under the
    /// Bench's POST audit with a key (docs/performance.md, "Idempotency: where the cost is"): linq2db building the SQL
    /// of the two lookups was 14 % of the service's CPU, the round trips most of the rest of the extra cost.
    /// </remarks>
    /// <exception cref="IdempotencyPreempted">Another request holds the key, or already answered it.</exception>
    public async Task ClaimAsync(bool usesPostgres, DateTimeOffset now, string savepoint, CancellationToken cancellationToken)
    {
        var (scope, key, _) = Identity ?? throw new InvalidOperationException("the request carries no Idempotency-Key");
        this.usesPostgres = usesPostgres;
        if (usesPostgres)
        {
            await ClaimOnPostgresAsync(scope, key, now, savepoint, cancellationToken);
        }
        else
        {
            if (await StoredAnswer.FindAsync(db, usesPostgres, scope, key, now, cancellationToken) is { } answered)
            {
                throw new IdempotencyPreempted(answered);
            }

            await db.ExecuteAsync($"SAVEPOINT {savepoint}", cancellationToken);
        }

        foreach (var observer in observers)
        {
            await observer.ClaimedAsync(key, cancellationToken);
        }
    }

    private async Task ClaimOnPostgresAsync(string scope, string key, DateTimeOffset now, string savepoint, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)await db.OpenDbConnectionAsync(cancellationToken);
        var lookup = new NpgsqlBatchCommand(StoredAnswer.Lookup);
        foreach (var (name, value) in StoredAnswer.LookupParameters(usesPostgres, scope, key, now))
        {
            lookup.Parameters.Add(new NpgsqlParameter(name, value));
        }

        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("SELECT pg_try_advisory_xact_lock(hashtextextended(@scope || chr(10) || @key, 0))")
                {
                    Parameters = { new NpgsqlParameter("scope", scope), new NpgsqlParameter("key", key) },
                },
                lookup,
                new NpgsqlBatchCommand($"SAVEPOINT {savepoint}"),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var locked = await reader.ReadAsync(cancellationToken) && reader.GetBoolean(0);
        await reader.NextResultAsync(cancellationToken);
        var answered = await StoredAnswer.ReadAsync(reader, cancellationToken);
        // Read to the end, so that the savepoint's own result (and any error) is consumed before the work runs.
        while (await reader.NextResultAsync(cancellationToken))
        {
        }

        if (!locked)
        {
            throw new IdempotencyPreempted(null);
        }

        if (answered is not null)
        {
            throw new IdempotencyPreempted(answered);
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
        // Under the claim, the only record the key can have is an expired one, not yet swept: it is replaced. Raw SQL:
        // linq2db built the text of InsertOrReplace again on every request (3 % of the CPU of an append with a key).
        await db.ExecuteAsync("""
            INSERT INTO idempotency_records (scope, idem_key, fingerprint, status, content_type, location, body, created_at, expires_at)
            VALUES (@scope, @key, @fingerprint, @status, @content_type, @location, @body, @created_at, @expires_at)
            ON CONFLICT (scope, idem_key) DO UPDATE SET fingerprint = excluded.fingerprint, status = excluded.status,
                content_type = excluded.content_type, location = excluded.location, body = excluded.body,
                created_at = excluded.created_at, expires_at = excluded.expires_at
            """, cancellationToken,
            new DataParameter("scope", answer.Scope, DataType.NVarChar),
            new DataParameter("key", answer.Key, DataType.NVarChar),
            new DataParameter("fingerprint", answer.Fingerprint, DataType.VarBinary),
            new DataParameter("status", answer.Status, DataType.Int32),
            new DataParameter("content_type", answer.ContentType, DataType.NVarChar),
            new DataParameter("location", answer.Location, DataType.NVarChar),
            new DataParameter("body", answer.Body, DataType.VarBinary),
            Timestamp("created_at", answer.CreatedAt),
            Timestamp("expires_at", answer.ExpiresAt));
        await transaction.CommitAsync(cancellationToken);
        held = null;
        await transaction.DisposeAsync();
        afterCommit?.Invoke();
    }

    /// <summary>A timestamp parameter as each store keeps timestamps (SQLite: fixed-width text, Store/SqliteMapping).</summary>
    private DataParameter Timestamp(string name, DateTimeOffset value) => usesPostgres
        ? new DataParameter(name, value, DataType.DateTimeOffset)
        : new DataParameter(name, SqliteMapping.FormatTimestamp(value), DataType.NVarChar);

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
public sealed class IdempotencyPreempted(StoredAnswer? answered)
    : Exception(answered is null ? "the Idempotency-Key is in use by a request in flight" : "the Idempotency-Key was answered meanwhile")
{
    public StoredAnswer? Answered => answered;
}

/// <summary>
/// Told when a request has claimed its key, inside its transaction, before its work runs. Nothing in the service
/// registers one; tests do, to hold a request in flight and show what a second request with the same key gets.
/// </summary>
public interface IIdempotencyClaimObserver
{
    Task ClaimedAsync(string key, CancellationToken cancellationToken);
}
