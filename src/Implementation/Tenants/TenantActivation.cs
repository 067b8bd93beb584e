namespace TenantRegistry.Tenants;

/// <summary>Fields an activation overwrites; null leaves the stored value as it is.</summary>
public sealed record TenantActivation(string? Plan, DateOnly? ContractStart, DateOnly? ContractEnd, string? ErpCustomerId);
