using LinqToDB;
using LinqToDB.Async;
using TenantRegistry.ApiKeys;
using TenantRegistry.Audit;
using TenantRegistry.Store;

namespace TenantRegistry.Tenants;

/// <summary>
/// Tenant reads and lifecycle changes. Every change is one conditional UPDATE plus its audit event in one
/// transaction, so parallel requests cannot apply a transition twice or leave a change without its event.
/// </summary>
public sealed class TenantStore(RegistryDb db, AuditTrail audit, VerdictChanges verdicts, TimeProvider clock)
{
    public Task<TenantRow?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Tenants.Where(t => t.Id == id).FirstOrNullAsync(cancellationToken);

    public Task<bool> ExistsAsync(Guid id, CancellationToken cancellationToken) =>
        db.Tenants.AnyAsync(t => t.Id == id, cancellationToken);

    public Task<TenantRow?> FindBySlugAsync(string slug, CancellationToken cancellationToken) =>
        db.Tenants.FirstOrDefaultAsync(t => t.Slug == slug, cancellationToken);

    /// <returns>The new tenant, or null when the slug is taken.</returns>
    public async Task<TenantRow?> CreateAsync(TenantRow tenant, RequestOrigin origin, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow();
        tenant.Id = Guid.CreateVersion7(now);
        tenant.CreatedAt = now;
        tenant.UpdatedAt = now;
        tenant.Status = tenant.Kind == TenantStates.DemoKind ? TenantStates.Demo : TenantStates.Trial;
        tenant.TrialEndsAt = tenant.Status == TenantStates.Trial ? now + TenantStates.TrialLength : null;

        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        try
        {
            await db.InsertAsync(tenant, token: cancellationToken);
        }
        catch (Exception exception) when (StoreFailures.IsUniqueViolation(exception))
        {
            return null;
        }

        await audit.RecordAsync(db, AuditTrail.TenantEvent("tenant.created", tenant.Id, tenant.Slug, now, origin,
            new { status = tenant.Status, kind = tenant.Kind, plan = tenant.Plan }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return tenant;
    }

    public async Task<TenantChange> ActivateAsync(Guid id, TenantActivation activation, RequestOrigin origin, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow();
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);

        var update = db.Tenants
            .Where(t => t.Id == id && t.Status != TenantStates.Archived)
            .Set(t => t.Status, TenantStates.Active)
            .Set(t => t.TrialEndsAt, (DateTimeOffset?)null)
            .Set(t => t.FreezeScheduledOn, (DateOnly?)null)
            .Set(t => t.UpdatedAt, now);
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

        if (await update.UpdateAsync(cancellationToken) == 0)
        {
            return await FindAsync(id, cancellationToken) is null
                ? new TenantChange(TenantChangeOutcome.NotFound)
                : new TenantChange(TenantChangeOutcome.Archived);
        }

        var tenant = await db.Tenants.FirstAsync(t => t.Id == id, cancellationToken);
        if (tenant.ContractStart is { } contractStart && tenant.ContractEnd is { } contractEnd && contractEnd < contractStart)
        {
            return new TenantChange(TenantChangeOutcome.ContractEndsBeforeStart, tenant);
        }

        await audit.RecordAsync(db, AuditTrail.TenantEvent("tenant.activated", id, tenant.Slug, now, origin, new
        {
            plan = tenant.Plan,
            contract_start = tenant.ContractStart,
            contract_end = tenant.ContractEnd,
            erp_customer_id = tenant.ErpCustomerId,
        }), cancellationToken);
        await verdicts.CommitAsync(db, transaction, VerdictSubject.Tenant(id), cancellationToken);
        return new TenantChange(TenantChangeOutcome.Applied, tenant);
    }

    public async Task<TenantChange> CancelAsync(Guid id, string? reason, bool atPeriodEnd, RequestOrigin origin, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);

        if (atPeriodEnd)
        {
            var scheduled = await db.Tenants
                .Where(t => t.Id == id && t.Status == TenantStates.Active && t.ContractEnd != null && t.ContractEnd > today)
                .Set(t => t.FreezeScheduledOn, t => t.ContractEnd)
                .Set(t => t.UpdatedAt, now)
                .UpdateAsync(cancellationToken);
            if (scheduled == 1)
            {
                var active = await db.Tenants.FirstAsync(t => t.Id == id, cancellationToken);
                await audit.RecordAsync(db, AuditTrail.TenantEvent("tenant.cancel_scheduled", id, active.Slug, now, origin,
                    new { effective_date = active.FreezeScheduledOn, reason }), cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return new TenantChange(TenantChangeOutcome.Applied, active);
            }
        }

        var frozen = await db.Tenants
            .Where(t => t.Id == id && TenantStates.Cancellable.Contains(t.Status))
            .Set(t => t.Status, TenantStates.Frozen)
            .Set(t => t.FreezeScheduledOn, (DateOnly?)null)
            .Set(t => t.UpdatedAt, now)
            .UpdateAsync(cancellationToken);
        if (frozen == 0)
        {
            return await ExplainNoChangeAsync(id, cancellationToken);
        }

        var tenant = await db.Tenants.FirstAsync(t => t.Id == id, cancellationToken);
        await audit.RecordAsync(db, AuditTrail.TenantEvent("tenant.cancelled", id, tenant.Slug, now, origin,
            new { reason, at_period_end = atPeriodEnd }), cancellationToken);
        await verdicts.CommitAsync(db, transaction, VerdictSubject.Tenant(id), cancellationToken);
        return new TenantChange(TenantChangeOutcome.Applied, tenant);
    }

    private async Task<TenantChange> ExplainNoChangeAsync(Guid id, CancellationToken cancellationToken) =>
        await FindAsync(id, cancellationToken) is { } tenant
            ? new TenantChange(TenantChangeOutcome.Unchanged, tenant)
            : new TenantChange(TenantChangeOutcome.NotFound);
}
