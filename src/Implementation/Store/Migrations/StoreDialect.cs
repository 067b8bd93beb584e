namespace TenantRegistry.Store.Migrations;

/// <summary>FluentMigrator processor ids look like "Postgres15_0" or "SQLite"; migrations branch on the family.</summary>
internal static class StoreDialect
{
    public static bool IsPostgres(string processorId) => processorId.StartsWith("Postgres", StringComparison.OrdinalIgnoreCase);

    public static bool IsSqlite(string processorId) => processorId.StartsWith("SQLite", StringComparison.OrdinalIgnoreCase);
}
