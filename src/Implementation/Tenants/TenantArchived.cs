namespace TenantRegistry.Tenants;

/// <summary>
/// Raised inside the transaction that archives a tenant: the features that hold the tenant's things (its keys, its
/// entitlements) retire them in that same transaction, as handlers of this event (Store/IChangeHandler).
/// </summary>
public sealed record TenantArchived(Guid TenantId);
