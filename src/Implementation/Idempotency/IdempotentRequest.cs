using LinqToDB;
using LinqToDB.Data;
using Npgsql;
using TenantRegistry.Store;

namespace TenantRegistry.Idempotency;

/// <summary>
/// The Idempotency-Key of the request this scope serves, and the transaction its change runs in: the key is claimed
/// in that transaction, the change runs behind the savepoint <see cref="WorkSavepoint"/>, and instead of committing,
/// <see cref="UnitOfChange"/> hands the change over here. <see cref="IdempotentRequests"/> then writes the answer the
/// request got into the same transaction and commits it: the change and the record of its answer commit together or
/// not at all.
/// </summary>
/// <remarks>
/// <para>PostgreSQL: the request claims its key before the endpoint runs (<see cref="ClaimOnPostgresAsync"/>), in a
/// transaction it opens itself with BEGIN in the claim's batch, and the unit of change works in that transaction
/// instead of beginning one. The answer's insert and the COMMIT go as one batch too (<see cref="CommitAsync"/>). So a
/// POST audit with a key costs four round trips (claim; the append's insert and read-back; answer and commit) where
/// one without costs three. Why, measured (docs/performance.md, "Idempotency: where the cost is"): the first version
/// sent eight statements, each its own round trip, and linq2db built the SQL of both lookups and of the answer's
/// insert on every request; the profile of the Bench's POST audit with a key showed that SQL building at 20 % of the
/// service's CPU and the round trips as most of the rest, while Data Protection (1.5 %) and the fingerprint (1 %) were
/// small. Npgsql is told nothing of this transaction (it only sees the server's transaction status), and neither is
/// linq2db, whose commands run in it because a PostgreSQL transaction belongs to the connection.</para>
/// <para>SQLite (one process): the process-wide claim of <see cref="IdempotentRequests"/> keeps a second request with
/// the key out; the unit of change begins its transaction as usual and claims the key in it
/// (<see cref="ClaimInTransactionAsync"/>), which looks for an answer committed meanwhile.</para>
/// </remarks>
public sealed class IdempotentRequest(RegistryDb db, IEnumerable<IIdempotencyClaimObserver> observers) : IAsyncDisposable
{
    /// <summary>The savepoint the work runs behind, so that a refusal undoes the work but keeps the claim.</summary>
    public const string WorkSavepoint = "before_work";

    /// <summary>SQLite: the unit's transaction, handed over.</summary>
    private DataConnectionTransaction? heldTransaction;

    /// <summary>PostgreSQL: the request's own transaction is open (BEGIN sent with its claim).</summary>
    private bool ownTransactionOpen;

    private bool unitRan;
    private Action? afterCommit;

    /// <summary>The caller's scope, the key and the request's fingerprint; null when the request carries no key.</summary>
    public (string Scope, string Key, byte[] Fingerprint)? Identity { get; private set; }

    public bool IsActive => Identity is not null;

    /// <summary>PostgreSQL: the key is claimed in a transaction this request opened; the unit of change works in it.</summary>
    public bool OwnsTransaction => ownTransactionOpen;

    /// <summary>Whether a unit of change ran for the request and waits for its answer to be recorded.</summary>
    public bool HoldsChange => afterCommit is not null;

    internal void Begin(string scope, string key, byte[] fingerprint) => Identity = (scope, key, fingerprint);

    /// <summary>
    /// PostgreSQL, before the endpoint runs: BEGIN, an advisory lock on the scope and key held until the transaction
    /// ends (so two instances receiving the key at once cannot both run; a crash releases it), the lookup of an answer
    /// committed meanwhile (replayed instead of running again) and the savepoint, as one <see cref="NpgsqlBatch"/>:
    /// one round trip. The lookup runs after the lock statement, so it sees every answer committed before the lock was
    /// granted; when the lock was refused, its row is ignored.
    /// </summary>
    /// <exception cref="IdempotencyPreempted">Another request holds the key, or already answered it.</exception>
    internal async Task ClaimOnPostgresAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (scope, key, _) = Identity ?? throw new InvalidOperationException("the request carries no Idempotency-Key");
        var connection = (NpgsqlConnection)await db.OpenDbConnectionAsync(cancellationToken);
        var lookup = new NpgsqlBatchCommand(StoredAnswer.Lookup);
        foreach (var (name, value) in StoredAnswer.LookupParameters(usesPostgres: true, scope, key, now))
        {
            lookup.Parameters.Add(new NpgsqlParameter(name, value));
        }

        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("BEGIN"),
                new NpgsqlBatchCommand("SELECT pg_try_advisory_xact_lock(hashtextextended(@scope || chr(10) || @key, 0))")
                {
                    Parameters = { new NpgsqlParameter("scope", scope), new NpgsqlParameter("key", key) },
                },
                lookup,
                new NpgsqlBatchCommand($"SAVEPOINT {WorkSavepoint}"),
            },
        };
        // Set first: whatever part of the batch ran, DisposeAsync rolls it back.
        ownTransactionOpen = true;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            // The reader skips statements that return no rows (BEGIN, SAVEPOINT): it starts at the lock's result.
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

        await ClaimedAsync(key, cancellationToken);
    }

    /// <summary>
    /// SQLite, by the unit of change in its transaction: under the process-wide claim, an answer committed meanwhile
    /// is replayed instead of running the change again; then the savepoint.
    /// </summary>
    /// <exception cref="IdempotencyPreempted">The key was answered meanwhile.</exception>
    public async Task ClaimInTransactionAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (scope, key, _) = Identity ?? throw new InvalidOperationException("the request carries no Idempotency-Key");
        if (await StoredAnswer.FindAsync(db, usesPostgres: false, scope, key, now, cancellationToken) is { } answered)
        {
            throw new IdempotencyPreempted(answered);
        }

        await db.ExecuteAsync($"SAVEPOINT {WorkSavepoint}", cancellationToken);
        await ClaimedAsync(key, cancellationToken);
    }

    private async Task ClaimedAsync(string key, CancellationToken cancellationToken)
    {
        foreach (var observer in observers)
        {
            await observer.ClaimedAsync(key, cancellationToken);
        }
    }

    /// <summary>Called by the unit of change when it starts its work in the request's transaction.</summary>
    public void UnitStarted() => unitRan = true;

    /// <summary>
    /// Called by the unit of change in place of its commit: with its transaction on SQLite, with null when it worked in
    /// the request's own transaction (PostgreSQL).
    /// </summary>
    public void Hold(DataConnectionTransaction? transaction, Action committed)
    {
        if (HoldsChange)
        {
            throw new InvalidOperationException("one request with an Idempotency-Key runs one unit of change");
        }

        heldTransaction = transaction;
        afterCommit = committed;
    }

    /// <summary>Writes the answer with the change it answers, commits both, then runs what follows a commit.</summary>
    internal async Task CommitAsync(IdempotencyRecordRow answer, CancellationToken cancellationToken)
    {
        var committed = afterCommit ?? throw new InvalidOperationException("no unit of change is held");
        if (ownTransactionOpen)
        {
            await CommitOnPostgresAsync(answer, cancellationToken);
        }
        else
        {
            var transaction = heldTransaction ?? throw new InvalidOperationException("no transaction is held");
            await db.ExecuteAsync(RecordAnswer, cancellationToken, AnswerParameters(answer, usesPostgres: false)
                .Select(p => new DataParameter(p.Name, p.Value)).ToArray());
            await transaction.CommitAsync(cancellationToken);
            heldTransaction = null;
            await transaction.DisposeAsync();
        }

        afterCommit = null;
        committed();
    }

    /// <summary>
    /// The request is done and no change waits for its answer (it refused bad input, or ran no unit of change). On
    /// PostgreSQL the request's own transaction ends: rolled back when a unit of change ran in it (its work is not to
    /// be kept), committed otherwise, so that what an endpoint wrote outside a unit of change (a signed checkpoint)
    /// stays written as it would without a key.
    /// </summary>
    internal async Task EndWithoutChangeAsync(CancellationToken cancellationToken)
    {
        if (ownTransactionOpen)
        {
            ownTransactionOpen = false;
            await db.ExecuteAsync(unitRan ? "ROLLBACK" : "COMMIT", cancellationToken);
        }
    }

    /// <summary>Whatever is still open (the request failed) is rolled back.</summary>
    public async ValueTask DisposeAsync()
    {
        if (heldTransaction is { } transaction)
        {
            heldTransaction = null;
            await transaction.DisposeAsync();
        }

        if (ownTransactionOpen)
        {
            ownTransactionOpen = false;
            await RollBackOwnTransactionAsync();
        }
    }

    private async Task RollBackOwnTransactionAsync()
    {
        try
        {
            await db.ExecuteAsync("ROLLBACK");
        }
        catch (Exception exception) when (StoreFailures.IsOutage(exception))
        {
            // A broken connection took its transaction with it; the pool does not hand out a broken connector.
        }
    }

    private async Task CommitOnPostgresAsync(IdempotencyRecordRow answer, CancellationToken cancellationToken)
    {
        var record = new NpgsqlBatchCommand(RecordAnswer);
        foreach (var (name, value) in AnswerParameters(answer, usesPostgres: true))
        {
            record.Parameters.Add(new NpgsqlParameter(name, value ?? DBNull.Value));
        }

        var connection = (NpgsqlConnection)await db.OpenDbConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { record, new NpgsqlBatchCommand("COMMIT") } };
        await batch.ExecuteNonQueryAsync(cancellationToken);
        ownTransactionOpen = false;
    }

    /// <summary>
    /// Under the claim, the only record the key can have is an expired one, not yet swept: it is replaced. Plain SQL:
    /// linq2db built the text of its InsertOrReplace on every request (3 % of the CPU of an append with a key).
    /// </summary>
    private const string RecordAnswer = """
        INSERT INTO idempotency_records (scope, idem_key, fingerprint, status, content_type, location, body, created_at, expires_at)
        VALUES (@scope, @key, @fingerprint, @status, @content_type, @location, @body, @created_at, @expires_at)
        ON CONFLICT (scope, idem_key) DO UPDATE SET fingerprint = excluded.fingerprint, status = excluded.status,
            content_type = excluded.content_type, location = excluded.location, body = excluded.body,
            created_at = excluded.created_at, expires_at = excluded.expires_at
        """;

    /// <summary>The values of <see cref="RecordAnswer"/>; SQLite keeps timestamps as fixed-width text (Store/SqliteMapping).</summary>
    private static (string Name, object? Value)[] AnswerParameters(IdempotencyRecordRow answer, bool usesPostgres) =>
    [
        ("scope", answer.Scope), ("key", answer.Key), ("fingerprint", answer.Fingerprint), ("status", answer.Status),
        ("content_type", answer.ContentType), ("location", answer.Location), ("body", answer.Body),
        ("created_at", usesPostgres ? answer.CreatedAt : SqliteMapping.FormatTimestamp(answer.CreatedAt)),
        ("expires_at", usesPostgres ? answer.ExpiresAt : SqliteMapping.FormatTimestamp(answer.ExpiresAt)),
    ];
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
