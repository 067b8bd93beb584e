using TenantRegistry.Entitlements;

namespace TenantRegistry.Catalog;

/// <summary>What a catalog request came to, in the order the rules check it.</summary>
public enum CatalogOutcome
{
    Done,
    TenantNotFound,
    ProductNotFound,
    TrialNotOffered,
    TenantNotEligible,
    AlreadyEntitled,
}

/// <summary>The result of a trial request; <see cref="Entitlement"/> is the new entitlement when it was granted.</summary>
public sealed record TrialStart(CatalogOutcome Outcome, EntitlementRow? Entitlement = null);
