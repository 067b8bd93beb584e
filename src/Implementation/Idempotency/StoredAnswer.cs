using System.Data.Common;
using TenantRegistry.Store;

namespace TenantRegistry.Idempotency;

/// <summary>What a replay sends: the stored answer of a key, its body still encrypted.</summary>
public sealed record StoredAnswer(byte[] Fingerprint, int Status, string? ContentType, string? Location, byte[] Body)
{
    /// <summary>
    /// The lookup, as SQL text both stores run (and the PostgreSQL claim sends in its batch). An expired record is
    /// no answer any more; the request that claims the key replaces it.
    /// </summary>
    internal const string Lookup = """
        SELECT fingerprint, status, content_type, location, body FROM idempotency_records
        WHERE scope = @scope AND idem_key = @key AND expires_at > @now
        """;

    /// <summary>
    /// The unexpired answer stored under the key, if any, in the transaction the connection holds (if one). Read
    /// through a plain ADO.NET command: linq2db built this query's SQL again on every request, through FirstOrDefault
    /// and through Take(1) alike (Store/SingleRowReads helps other queries, not this one): 7-8 % of the service's CPU
    /// on a POST audit with a key, per lookup, in the profile of docs/performance.md ("Idempotency: where the cost is").
    /// </summary>
    public static async Task<StoredAnswer?> FindAsync(RegistryDb db, bool usesPostgres, string scope, string key, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var connection = await db.OpenDbConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // Microsoft.Data.Sqlite refuses a command without the connection's pending transaction; Npgsql takes it too.
        command.Transaction = db.Transaction;
        command.CommandText = Lookup;
        foreach (var (name, value) in LookupParameters(usesPostgres, scope, key, now))
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ReadAsync(reader, cancellationToken);
    }

    /// <summary>The values of <see cref="Lookup"/>'s parameters; SQLite compares timestamps as its fixed-width text (Store/SqliteMapping).</summary>
    internal static (string Name, object Value)[] LookupParameters(bool usesPostgres, string scope, string key, DateTimeOffset now) =>
        [("scope", scope), ("key", key), ("now", usesPostgres ? now : SqliteMapping.FormatTimestamp(now))];

    internal static async Task<StoredAnswer?> ReadAsync(DbDataReader reader, CancellationToken cancellationToken) =>
        await reader.ReadAsync(cancellationToken)
            ? new StoredAnswer(
                reader.GetFieldValue<byte[]>(0),
                reader.GetInt32(1),
                await reader.IsDBNullAsync(2, cancellationToken) ? null : reader.GetString(2),
                await reader.IsDBNullAsync(3, cancellationToken) ? null : reader.GetString(3),
                reader.GetFieldValue<byte[]>(4))
            : null;
}
