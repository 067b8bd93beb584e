using TenantRegistry.Audit;

namespace TenantRegistry.Store;

/// <summary>
/// One change in progress, handed to the work a <see cref="UnitOfChange"/> runs: the connection whose transaction is
/// open, the one timestamp of the change, and what the change records (audit events) and affects (verify verdicts).
/// Nothing recorded here is written or announced unless the work succeeds and the transaction commits.
/// </summary>
public sealed class Change(RegistryDb db, DateTimeOffset now, bool usesPostgres, IServiceProvider services, CancellationToken cancellationToken)
{
    private readonly List<AuditEntry> events = [];
    private readonly HashSet<VerdictSubject> affected = [];

    public RegistryDb Db => db;

    /// <summary>When the change happens: its rows' timestamps and its events' created_at.</summary>
    public DateTimeOffset Now => now;

    public bool UsesPostgres => usesPostgres;

    public CancellationToken CancellationToken => cancellationToken;

    public IReadOnlyList<AuditEntry> Events => events;

    public IReadOnlyCollection<VerdictSubject> Affected => affected;

    public void Record(AuditEntry entry) => events.Add(entry);

    /// <summary>Verdicts about this subject may differ once the change commits; every instance forgets them then.</summary>
    public void Affects(VerdictSubject subject) => affected.Add(subject);

    /// <summary>
    /// Lets other features take part in this change, in this transaction, without this feature knowing them: every
    /// <see cref="IChangeHandler{TEvent}"/> registered for the event runs now, on this change.
    /// </summary>
    public async Task RaiseAsync<TEvent>(TEvent happened)
    {
        foreach (var handler in services.GetServices<IChangeHandler<TEvent>>())
        {
            await handler.HandleAsync(happened, this);
        }
    }
}

/// <summary>A feature's part in another feature's change, done inside that change's transaction.</summary>
public interface IChangeHandler<in TEvent>
{
    Task HandleAsync(TEvent happened, Change change);
}

/// <summary>Told what a change affected, after it committed (the verify cache forgets those verdicts).</summary>
public interface IChangeSubscriber
{
    void Committed(IReadOnlyCollection<VerdictSubject> affected);
}
