using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace TenantRegistry.Contract.Tests.Infrastructure;

/// <summary>A plain ADO.NET connection to a fixture's store, bypassing the service, for what only the database may decide.</summary>
public static class RawStoreConnection
{
    public static async Task<DbConnection> OpenAsync(IReadOnlyDictionary<string, string?> settings)
    {
        DbConnection connection = settings.TryGetValue("ConnectionStrings:Registry", out var postgres) && postgres is not null
            ? new NpgsqlConnection(postgres)
            : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = settings["Store:SqlitePath"] }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    public static async Task<List<T>> QueryAsync<T>(this DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }

    public static async Task<int> ExecuteAsync(this DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }
}
