using LinqToDB;
using LinqToDB.Data;
using TenantRegistry.ApiKeys;
using TenantRegistry.Audit;
using TenantRegistry.Entitlements;
using TenantRegistry.Tenants;

namespace TenantRegistry.Store;

/// <summary>One unit of work against the store; scoped to a request.</summary>
public sealed class RegistryDb(DataOptions<RegistryDb> options) : DataConnection(options.Options)
{
    public ITable<TenantRow> Tenants => this.GetTable<TenantRow>();

    public ITable<ApiKeyRow> ApiKeys => this.GetTable<ApiKeyRow>();

    public ITable<AuditEventRow> AuditEvents => this.GetTable<AuditEventRow>();

    public ITable<EntitlementRow> Entitlements => this.GetTable<EntitlementRow>();
}
