using LinqToDB;
using TenantRegistry.Audit;
using TenantRegistry.Entitlements;
using TenantRegistry.Errors;
using TenantRegistry.Store;
using TenantRegistry.Tenants;

namespace TenantRegistry.Catalog;

/// <summary>
/// Self-served trials: one per product per tenant, ever. The store's primary key on (tenant, product) decides
/// which of several parallel requests wins; the others see the unique violation.
/// </summary>
public sealed class TrialStarter(UnitOfChange unit, ProductCatalog catalog)
{
    public static readonly TimeSpan TrialLength = TimeSpan.FromDays(14);

    public Task<Outcome<EntitlementRow>> StartAsync(Guid tenantId, string productKey, CancellationToken cancellationToken) =>
        unit.RunAsync<EntitlementRow>(async change =>
        {
            if (await change.Db.Tenants.Where(t => t.Id == tenantId).FirstOrNullAsync(change.CancellationToken) is not { } tenant)
            {
                return TenantStore.NotFound;
            }

            if (Refusal(tenant, productKey, change.Now) is { } refusal)
            {
                return refusal;
            }

            var trial = new EntitlementRow
            {
                TenantId = tenantId,
                Product = productKey,
                Enabled = true,
                Config = EntitlementRow.EmptyConfig,
                ExpiresAt = change.Now + TrialLength,
                CreatedAt = change.Now,
                UpdatedAt = change.Now,
            };
            try
            {
                await change.Db.InsertAsync(trial, token: change.CancellationToken);
            }
            catch (Exception exception) when (StoreFailures.IsUniqueViolation(exception))
            {
                return Store.Refusal.InvalidState(WireMessages.AlreadyEntitled);
            }

            change.Record(AuditEntry.ForTenant("catalog.trial_started", tenantId, tenant.Slug, new { expires_at = trial.ExpiresAt }, productKey));
            return trial;
        }, cancellationToken);

    private Refusal? Refusal(TenantRow tenant, string productKey, DateTimeOffset now) => catalog.Find(productKey) switch
    {
        null => ProductCatalog.NotInCatalog,
        { SupportsTrial: false } => Store.Refusal.InvalidInput(WireMessages.TrialNotOffered),
        _ when !TenantRules.MayStartTrial(tenant.Standing, now) => Store.Refusal.InvalidState(WireMessages.TenantCannotStartTrial(TenantRules.WhyShutOff(tenant.Standing, now)!.Value)),
        _ => null,
    };
}
