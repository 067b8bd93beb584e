using System.Data;
using System.Data.Common;
using LinqToDB.Common;
using LinqToDB.Data;
using LinqToDB.Interceptors;
using Microsoft.Extensions.Options;
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
/// <para>PostgreSQL: the request opens its transaction itself and claims its key in it before anything else of it
/// reaches the store: the first statement the request sends (whatever the endpoint or its unit of change runs first)
/// goes to the server as one <see cref="NpgsqlBatch"/> behind BEGIN, the claim (the procedure
/// <c>idempotency_claim</c> of M0013: an advisory lock on scope and key, held until the transaction ends, then the look
/// for a stored answer) and the savepoint. A claim that fails (in flight, or answered) fails its statement, and a failed
/// statement skips the rest of the batch, so nothing of the request runs. The unit of change works in that
/// transaction instead of beginning one; the answer's insert and the COMMIT go as one batch too
/// (<see cref="CommitAsync"/>). So a POST audit with a key costs the round trips one without costs (its insert, which
/// returns the stored row, and its commit). Why, measured (docs/performance.md, "Idempotency: where the cost is"): the first version sent
/// eight statements, each its own round trip; the claim as a batch of its own before the endpoint ran was still one
/// round trip more than without a key, and on a machine loaded from outside every round trip waits for the scheduler.
/// Npgsql is told nothing of this transaction (it only sees the server's transaction status), and neither is linq2db,
/// whose commands run in it because a PostgreSQL transaction belongs to the connection.</para>
/// <para>SQLite (one process): the process-wide claim of <see cref="IdempotentRequests"/> keeps a second request with
/// the key out; the unit of change begins its transaction as usual and claims the key in it
/// (<see cref="ClaimInTransactionAsync"/>), which looks for an answer committed meanwhile.</para>
/// </remarks>
public sealed class IdempotentRequest(RegistryDb db, IEnumerable<IIdempotencyClaimObserver> observers, IOptions<StoreOptions> store,
    TimeProvider clock) : IAsyncDisposable
{
    /// <summary>The savepoint the work runs behind, so that a refusal undoes the work but keeps the claim.</summary>
    public const string WorkSavepoint = "before_work";

    /// <summary>The SQLSTATEs <c>idempotency_claim</c> (M0013) fails with.</summary>
    private const string InFlightState = "TRI01";
    private const string AnsweredState = "TRI02";

    /// <summary>SQLite: the unit's transaction, handed over.</summary>
    private DataConnectionTransaction? heldTransaction;

    /// <summary>PostgreSQL: sends the claim with the request's first statement, then lets every statement pass.</summary>
    private ClaimWithFirstStatement? claimer;

    /// <summary>PostgreSQL: the batch that carried the claim; its reader may still be read by linq2db.</summary>
    private NpgsqlBatch? claimBatch;

    /// <summary>PostgreSQL: the key is to be claimed, and nothing of the request has reached the store yet.</summary>
    private bool claimPending;

    /// <summary>PostgreSQL: the request's own transaction is open (BEGIN sent with its claim).</summary>
    private bool ownTransactionOpen;

    private bool unitRan;
    private Action? afterCommit;

    /// <summary>The caller's scope, the key and the request's fingerprint; null when the request carries no key.</summary>
    public (string Scope, string Key, byte[] Fingerprint)? Identity { get; private set; }

    public bool IsActive => Identity is not null;

    /// <summary>PostgreSQL: the request opens the transaction and claims its key in it; the unit of change works in it.</summary>
    public bool OwnsTransaction { get; private set; }

    /// <summary>Whether a unit of change ran for the request and waits for its answer to be recorded.</summary>
    public bool HoldsChange => afterCommit is not null;

    /// <summary>
    /// Starts serving a request with a key. On PostgreSQL the claim now waits for the first statement the request
    /// sends through <see cref="RegistryDb"/>.
    /// </summary>
    internal void Begin(string scope, string key, byte[] fingerprint)
    {
        Identity = (scope, key, fingerprint);
        if (store.Value.UsesPostgres)
        {
            OwnsTransaction = true;
            claimPending = true;
            claimer = new ClaimWithFirstStatement(this);
            db.AddInterceptor(claimer);
        }
    }

    /// <summary>
    /// PostgreSQL: BEGIN, the claim and the savepoint, then <paramref name="statements"/>, as one batch; its result is
    /// what <paramref name="execute"/> makes of the batch.
    /// </summary>
    /// <exception cref="IdempotencyPreempted">Another request holds the key, or already answered it.</exception>
    private async Task<T> ClaimWithAsync<T>(NpgsqlConnection connection, int? timeout, IEnumerable<NpgsqlBatchCommand> statements,
        Func<NpgsqlBatch, CancellationToken, Task<T>> execute, CancellationToken cancellationToken)
    {
        var (scope, key, _) = Identity ?? throw new InvalidOperationException("the request carries no Idempotency-Key");
        claimPending = false;
        claimBatch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("BEGIN"),
                new NpgsqlBatchCommand("CALL idempotency_claim(@scope, @key, @now)")
                {
                    Parameters =
                    {
                        new NpgsqlParameter("scope", scope), new NpgsqlParameter("key", key), new NpgsqlParameter("now", clock.UtcNow()),
                    },
                },
                new NpgsqlBatchCommand($"SAVEPOINT {WorkSavepoint}"),
            },
        };
        foreach (var statement in statements)
        {
            claimBatch.BatchCommands.Add(statement);
        }

        if (timeout is { } seconds)
        {
            claimBatch.Timeout = seconds;
        }

        // Set first: whatever part of the batch ran, DisposeAsync rolls it back.
        ownTransactionOpen = true;
        T result;
        try
        {
            result = await execute(claimBatch, cancellationToken);
        }
        catch (PostgresException refused) when (refused.SqlState == InFlightState)
        {
            throw new IdempotencyPreempted(null);
        }
        catch (PostgresException refused) when (refused.SqlState == AnsweredState)
        {
            throw new IdempotencyPreempted(await RollBackAndFindAnswerAsync(connection, scope, key, cancellationToken));
        }

        await ClaimedAsync(key, cancellationToken);
        return result;
    }

    /// <summary>
    /// The claim found the key answered: the failed transaction ends and the answer is read, one round trip. Null when
    /// it expired in between (the request then answers 409 in flight, and its retry runs as new).
    /// </summary>
    private async Task<StoredAnswer?> RollBackAndFindAnswerAsync(NpgsqlConnection connection, string scope, string key,
        CancellationToken cancellationToken)
    {
        var lookup = new NpgsqlBatchCommand(StoredAnswer.Lookup);
        foreach (var (name, value) in StoredAnswer.LookupParameters(usesPostgres: true, scope, key, clock.UtcNow()))
        {
            lookup.Parameters.Add(new NpgsqlParameter(name, value));
        }

        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { new NpgsqlBatchCommand("ROLLBACK"), lookup } };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        ownTransactionOpen = false;
        return await StoredAnswer.ReadAsync(reader, cancellationToken);
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
        if (OwnsTransaction)
        {
            var connection = (NpgsqlConnection)await db.OpenDbConnectionAsync(cancellationToken);
            if (claimPending)
            {
                // The change sent nothing to the store (it decided without reading): the claim goes alone, first.
                await ClaimWithAsync(connection, timeout: null, [], (batch, token) => batch.ExecuteNonQueryAsync(token), cancellationToken);
            }

            await CommitOnPostgresAsync(connection, answer, cancellationToken);
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
        if (claimer is not null)
        {
            db.RemoveInterceptor(claimer);
            claimer = null;
        }

        if (claimBatch is not null)
        {
            await claimBatch.DisposeAsync();
            claimBatch = null;
        }

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

    private async Task CommitOnPostgresAsync(NpgsqlConnection connection, IdempotencyRecordRow answer, CancellationToken cancellationToken)
    {
        var record = new NpgsqlBatchCommand(RecordAnswer);
        foreach (var (name, value) in AnswerParameters(answer, usesPostgres: true))
        {
            record.Parameters.Add(new NpgsqlParameter(name, value ?? DBNull.Value));
        }

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

    /// <summary>
    /// The linq2db interceptor that sends the claim with the request's first statement: that statement becomes the
    /// last of the claim's batch (its text, its parameters and its timeout), executed the way linq2db asked for. The
    /// synchronous forms are there so that no statement can pass the claim; the service sends none.
    /// </summary>
    private sealed class ClaimWithFirstStatement(IdempotentRequest request) : CommandInterceptor
    {
        public override Task<Option<object?>> ExecuteScalarAsync(CommandEventData eventData, DbCommand command, Option<object?> result,
            CancellationToken cancellationToken) =>
            ClaimedOrAsIs(command, result, (batch, token) => batch.ExecuteScalarAsync(token), cancellationToken);

        public override Task<Option<int>> ExecuteNonQueryAsync(CommandEventData eventData, DbCommand command, Option<int> result,
            CancellationToken cancellationToken) =>
            ClaimedOrAsIs(command, result, (batch, token) => batch.ExecuteNonQueryAsync(token), cancellationToken);

        public override Task<Option<DbDataReader>> ExecuteReaderAsync(CommandEventData eventData, DbCommand command, CommandBehavior commandBehavior,
            Option<DbDataReader> result, CancellationToken cancellationToken) =>
            ClaimedOrAsIs(command, result, async (batch, token) => (DbDataReader)await batch.ExecuteReaderAsync(commandBehavior, token), cancellationToken);

        public override Option<object?> ExecuteScalar(CommandEventData eventData, DbCommand command, Option<object?> result) =>
            ExecuteScalarAsync(eventData, command, result, CancellationToken.None).GetAwaiter().GetResult();

        public override Option<int> ExecuteNonQuery(CommandEventData eventData, DbCommand command, Option<int> result) =>
            ExecuteNonQueryAsync(eventData, command, result, CancellationToken.None).GetAwaiter().GetResult();

        public override Option<DbDataReader> ExecuteReader(CommandEventData eventData, DbCommand command, CommandBehavior commandBehavior,
            Option<DbDataReader> result) =>
            ExecuteReaderAsync(eventData, command, commandBehavior, result, CancellationToken.None).GetAwaiter().GetResult();

        private async Task<Option<T>> ClaimedOrAsIs<T>(DbCommand command, Option<T> result, Func<NpgsqlBatch, CancellationToken, Task<T>> execute,
            CancellationToken cancellationToken)
        {
            if (result.HasValue || !request.claimPending)
            {
                return result;
            }

            var statement = new NpgsqlBatchCommand(command.CommandText) { CommandType = command.CommandType };
            foreach (NpgsqlParameter parameter in command.Parameters)
            {
                statement.Parameters.Add(parameter.Clone());
            }

            return Option<T>.Some(await request.ClaimWithAsync((NpgsqlConnection)command.Connection!, command.CommandTimeout, [statement],
                execute, cancellationToken));
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
