using LinqToDB;
using TenantRegistry.Store;

namespace TenantRegistry.Audit.Evidence;

/// <summary>The evidence tables, through the store's unit of work.</summary>
public static class EvidenceTables
{
    public static ITable<AuditSealRow> AuditSeals(this RegistryDb db) => db.GetTable<AuditSealRow>();

    public static ITable<AuditCheckpointRow> AuditCheckpoints(this RegistryDb db) => db.GetTable<AuditCheckpointRow>();

    public static ITable<AuditSigningKeyRow> AuditSigningKeys(this RegistryDb db) => db.GetTable<AuditSigningKeyRow>();
}
