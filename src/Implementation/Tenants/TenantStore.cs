using LinqToDB;
using LinqToDB.Async;
using LinqToDB.DataProvider.PostgreSQL;
using TenantRegistry.Audit;
using TenantRegistry.Errors;
using TenantRegistry.Store;

namespace TenantRegistry.Tenants;

/// <summary>
/// Tenant reads and lifecycle changes. Every change is one conditional UPDATE in a unit of change with its audit
/// event, so parallel requests cannot apply a transition twice or leave a change without its event.
/// </summary>
public sealed class TenantStore(RegistryDb db, UnitOfChange unit)
{
    public async Task<Outcome<TenantRow>> FindAsync(Guid id, CancellationToken cancellationToken) =>
        (await TenantById(db, id, cancellationToken)).FirstOrDefault() is { } tenant ? tenant : NotFound;

    public async Task<Outcome<TenantRow>> FindBySlugAsync(string slug, CancellationToken cancellationToken) =>
        await db.Tenants.Where(t => t.Slug == slug).FirstOrNullAsync(cancellationToken) is { } tenant ? tenant : NotFound;

    /// <summary>
    /// GET /v1/tenants/{id}'s read, compiled once: a LINQ query written inline builds its expression tree on every
    /// call (reflection for each operator) and linq2db then compares that tree with its cache before it can run.
    /// </summary>
    private static readonly Func<RegistryDb, Guid, CancellationToken, Task<List<TenantRow>>> TenantById =
        CompiledQuery.Compile((RegistryDb db, Guid id, CancellationToken cancellationToken) =>
            db.Tenants.Where(t => t.Id == id).Take(1).ToListAsync(cancellationToken));

    /// <summary>The refusal every operation on a tenant gives when there is no such tenant.</summary>
    public static Refusal NotFound { get; } = Refusal.NotFound(WireMessages.TenantNotFound);

    public Task<Outcome<TenantRow>> CreateAsync(TenantRow tenant, CancellationToken cancellationToken) =>
        unit.RunAsync<TenantRow>(async change =>
        {
            tenant.Id = Guid.CreateVersion7(change.Now);
            tenant.CreatedAt = change.Now;
            tenant.UpdatedAt = change.Now;
            tenant.Status = tenant.Kind == TenantStates.DemoKind ? TenantStates.Demo : TenantStates.Trial;
            tenant.TrialEndsAt = tenant.Status == TenantStates.Trial ? change.Now + TenantStates.TrialLength : null;
            try
            {
                await change.Db.InsertAsync(tenant, token: change.CancellationToken);
            }
            catch (Exception exception) when (StoreFailures.IsUniqueViolation(exception))
            {
                return Refusal.Conflict(WireMessages.SlugTaken(tenant.Slug));
            }

            change.Record(AuditEntry.ForTenant("tenant.created", tenant.Id, tenant.Slug,
                new { status = tenant.Status, kind = tenant.Kind, plan = tenant.Plan }));
            return tenant;
        }, cancellationToken);

    public Task<Outcome<TenantRow>> ActivateAsync(Guid id, TenantActivation activation, CancellationToken cancellationToken) =>
        unit.RunAsync<TenantRow>(async change =>
        {
            var update = change.Db.Tenants
                .Where(t => t.Id == id)
                .Where(TenantRules.MayBeActivated())
                .Set(t => t.Status, TenantStates.Active)
                .Set(t => t.TrialEndsAt, (DateTimeOffset?)null)
                .Set(t => t.FreezeScheduledOn, (DateOnly?)null)
                .Set(t => t.UpdatedAt, change.Now);
            if (activation.Plan is { } plan)
            {
                update = update.Set(t => t.Plan, plan);
            }

            if (activation.ContractStart is { } start)
            {
                update = update.Set(t => t.ContractStart, start);
            }

            if (activation.ContractEnd is { } end)
            {
                update = update.Set(t => t.ContractEnd, end);
            }

            if (activation.ErpCustomerId is { } erpCustomerId)
            {
                update = update.Set(t => t.ErpCustomerId, erpCustomerId);
            }

            if (await update.UpdateAsync(change.CancellationToken) == 0)
            {
                return await ExplainNoChangeAsync(change, id) is { Succeeded: true }
                    ? Refusal.InvalidState(WireMessages.ArchivedCannotBeActivated)
                    : NotFound;
            }

            var tenant = await ReadAsync(change, id);
            if (tenant.ContractStart is { } contractStart && tenant.ContractEnd is { } contractEnd && contractEnd < contractStart)
            {
                return Refusal.InvalidInput(WireMessages.ContractEndsBeforeStart);
            }

            change.Record(AuditEntry.ForTenant("tenant.activated", id, tenant.Slug, new
            {
                plan = tenant.Plan,
                contract_start = tenant.ContractStart,
                contract_end = tenant.ContractEnd,
                erp_customer_id = tenant.ErpCustomerId,
            }));
            change.Affects(VerdictSubject.Tenant(id));
            return tenant;
        }, cancellationToken);

    /// <summary>
    /// Freezes the tenant now, or at the end of its period when asked so (<see cref="TenantRules.PeriodEnd"/>); an
    /// already frozen or archived tenant is unchanged.
    /// </summary>
    public Task<Outcome<TenantRow>> CancelAsync(Guid id, string? reason, bool atPeriodEnd, CancellationToken cancellationToken) =>
        unit.RunAsync<TenantRow>(async change =>
        {
            var today = TenantRules.Today(change.Now);
            if (atPeriodEnd && await TryReadAsync(change, id) is { } current && TenantRules.PeriodEnd(current, today) is { } periodEnd)
            {
                var scheduled = await change.Db.Tenants
                    .Where(t => t.Id == id && t.Status == current.Status)
                    .Set(t => t.FreezeScheduledOn, periodEnd)
                    .Set(t => t.UpdatedAt, change.Now)
                    .UpdateAsync(change.CancellationToken);
                if (scheduled == 1)
                {
                    var pending = await ReadAsync(change, id);
                    change.Record(AuditEntry.ForTenant("tenant.cancel_scheduled", id, pending.Slug,
                        new { effective_date = pending.FreezeScheduledOn, reason }));
                    change.Affects(VerdictSubject.Tenant(id));
                    return pending;
                }
            }

            var frozen = await change.Db.Tenants
                .Where(t => t.Id == id && TenantRules.Cancellable.Contains(t.Status))
                .Set(t => t.Status, TenantStates.Frozen)
                .Set(t => t.FreezeScheduledOn, (DateOnly?)null)
                .Set(t => t.UpdatedAt, change.Now)
                .UpdateAsync(change.CancellationToken);
            if (frozen == 0)
            {
                return await ExplainNoChangeAsync(change, id);
            }

            var tenant = await ReadAsync(change, id);
            change.Record(AuditEntry.ForTenant("tenant.cancelled", id, tenant.Slug, new { reason, at_period_end = atPeriodEnd }));
            change.Affects(VerdictSubject.Tenant(id));
            return tenant;
        }, cancellationToken);

    /// <summary>
    /// Archives a frozen tenant: its live keys are revoked and its entitlements disabled in the same transaction (by
    /// the handlers of <see cref="TenantArchived"/>). Archiving an archived tenant changes nothing and succeeds.
    /// </summary>
    public Task<Outcome<TenantRow>> ArchiveAsync(Guid id, string? reason, CancellationToken cancellationToken) =>
        unit.RunAsync<TenantRow>(async change =>
        {
            var archived = await change.Db.Tenants
                .Where(t => t.Id == id)
                .Where(TenantRules.MayBeArchived())
                .Set(t => t.Status, TenantStates.Archived)
                .Set(t => t.UpdatedAt, change.Now)
                .UpdateAsync(change.CancellationToken);
            if (archived == 0)
            {
                var unchanged = await ExplainNoChangeAsync(change, id);
                return unchanged is { Succeeded: true, Value.Status: not TenantStates.Archived }
                    ? Refusal.InvalidState(WireMessages.OnlyFrozenCanBeArchived)
                    : unchanged;
            }

            var tenant = await ReadAsync(change, id);
            change.Record(AuditEntry.ForTenant("tenant.archived", id, tenant.Slug, new { reason }));
            await change.RaiseAsync(new TenantArchived(id));
            change.Affects(VerdictSubject.Tenant(id));
            return tenant;
        }, cancellationToken);

    /// <summary>
    /// Reads a tenant inside a change that depends on its state (a key issue, an entitlement grant), share-locked on
    /// PostgreSQL: a concurrent freeze or archive either waits for that change's commit or has committed before the
    /// read and is seen. The lock comes with the read, one statement. SQLite, which ignores PostgreSQL's hint, holds
    /// the write lock from the transaction's start.
    /// </summary>
    public static Task<TenantRow?> ReadLockedAsync(Change change, Guid tenantId) =>
        change.Db.Tenants.Where(t => t.Id == tenantId).AsPostgreSQL().ForShareHint().FirstOrNullAsync(change.CancellationToken);

    private static Task<TenantRow> ReadAsync(Change change, Guid id) =>
        change.Db.Tenants.FirstAsync(t => t.Id == id, change.CancellationToken);

    private static Task<TenantRow?> TryReadAsync(Change change, Guid id) =>
        change.Db.Tenants.Where(t => t.Id == id).FirstOrNullAsync(change.CancellationToken);

    private static async Task<Outcome<TenantRow>> ExplainNoChangeAsync(Change change, Guid id) =>
        await change.Db.Tenants.Where(t => t.Id == id).FirstOrNullAsync(change.CancellationToken) is { } tenant ? tenant : NotFound;
}
