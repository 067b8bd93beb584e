namespace TenantRegistry.Tenants;

public enum TenantChangeOutcome
{
    Applied,
    Unchanged,
    NotFound,
    Archived,
    ContractEndsBeforeStart,
}

/// <summary>What a lifecycle command did; <see cref="Tenant"/> is the tenant as it is after the command.</summary>
public sealed record TenantChange(TenantChangeOutcome Outcome, TenantRow? Tenant = null);
