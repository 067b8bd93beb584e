namespace TenantRegistry.Contract.Tests.Infrastructure;

/// <summary>The one place tests say which store a service runs on, plus any settings of their own.</summary>
public static class StoreSettings
{
    /// <summary>A new SQLite file no other test uses.</summary>
    public static Dictionary<string, string?> FreshSqlite(params (string Key, string Value)[] settings) =>
        With(new() { ["Store:SqlitePath"] = Path.Combine(Path.GetTempPath(), "tenant-registry-tests", Guid.NewGuid().ToString("N") + ".db") }, settings);

    public static Dictionary<string, string?> Postgres(string connectionString, params (string Key, string Value)[] settings) =>
        With(new() { ["ConnectionStrings:Registry"] = connectionString }, settings);

    /// <summary>A new database on the shared test cluster.</summary>
    public static async Task<Dictionary<string, string?>> FreshPostgresAsync(params (string Key, string Value)[] settings) =>
        Postgres(await PostgresCluster.Shared.CreateDatabaseAsync(), settings);

    private static Dictionary<string, string?> With(Dictionary<string, string?> store, (string Key, string Value)[] settings)
    {
        foreach (var (key, value) in settings)
        {
            store[key] = value;
        }

        return store;
    }
}
