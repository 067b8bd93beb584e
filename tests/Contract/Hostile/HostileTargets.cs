namespace TenantRegistry.Contract.Tests.Hostile;

/// <summary>What exists before any hostile request is sent, so that the ids in an otherwise good request resolve.</summary>
public sealed record HostileTargets(Guid TenantId)
{
    /// <summary>
    /// The id for a subject such as the property <c>tenant_id</c> or the collection <c>tenants</c> before a path id.
    /// A tenant is the only thing the contract's inputs refer to that must exist; nothing checks other ids (projects)
    /// before the input itself, so a fresh uuid serves as well as any.
    /// </summary>
    public Guid IdFor(string subject) =>
        subject.Replace("_id", "", StringComparison.Ordinal).TrimEnd('s') == "tenant" ? TenantId : Guid.NewGuid();
}
