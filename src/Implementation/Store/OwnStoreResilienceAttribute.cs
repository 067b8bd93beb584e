namespace TenantRegistry.Store;

/// <summary>
/// Endpoint metadata: this endpoint applies its own store pipeline (verify's short HotRead, which falls back to its
/// cache), so Hosting/StoreGuard does not wrap the whole request in the request pipelines.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class OwnStoreResilienceAttribute : Attribute;
