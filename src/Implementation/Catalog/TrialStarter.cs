using LinqToDB;
using LinqToDB.Async;
using TenantRegistry.Audit;
using TenantRegistry.Entitlements;
using TenantRegistry.Lifecycle;
using TenantRegistry.Store;
using TenantRegistry.Tenants;

namespace TenantRegistry.Catalog;

/// <summary>
/// Self-served trials: one per product per tenant, ever. The store's primary key on (tenant, product) decides
/// which of several parallel requests wins; the others see the unique violation.
/// </summary>
public sealed class TrialStarter(RegistryDb db, ProductCatalog catalog, AuditTrail audit, TimeProvider clock)
{
    public static readonly TimeSpan TrialLength = TimeSpan.FromDays(14);

    public async Task<TrialStart> StartAsync(Guid tenantId, string productKey, RequestOrigin origin, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow();
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);

        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Id == tenantId, cancellationToken);
        if (tenant is null)
        {
            return new TrialStart(CatalogOutcome.TenantNotFound);
        }

        if (Refusal(tenant, productKey, now) is { } refusal)
        {
            return new TrialStart(refusal);
        }

        var trial = new EntitlementRow
        {
            TenantId = tenantId,
            Product = productKey,
            Enabled = true,
            Config = EntitlementRow.EmptyConfig,
            ExpiresAt = now + TrialLength,
            CreatedAt = now,
            UpdatedAt = now,
        };
        try
        {
            await db.InsertAsync(trial, token: cancellationToken);
        }
        catch (Exception exception) when (StoreFailures.IsUniqueViolation(exception))
        {
            return new TrialStart(CatalogOutcome.AlreadyEntitled);
        }

        var started = AuditTrail.TenantEvent("catalog.trial_started", tenantId, tenant.Slug, now, origin, new { expires_at = trial.ExpiresAt });
        started.Product = productKey;
        await audit.RecordAsync(db, started, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new TrialStart(CatalogOutcome.Done, trial);
    }

    private CatalogOutcome? Refusal(TenantRow tenant, string productKey, DateTimeOffset now) => catalog.Find(productKey) switch
    {
        null => CatalogOutcome.ProductNotFound,
        { SupportsTrial: false } => CatalogOutcome.TrialNotOffered,
        _ when TenantStates.IsShutOff(tenant.Status) || TenantDeadlines.IsDue(tenant, now) => CatalogOutcome.TenantNotEligible,
        _ => null,
    };
}
