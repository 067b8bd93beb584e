using Npgsql;

namespace TenantRegistry.Store;

/// <summary>
/// Gives the service's own role (Store:ServiceRole) exactly the privileges the service needs, so that a service
/// whose credentials leak still cannot rewrite the audit log: the trigger refuses UPDATE, DELETE and TRUNCATE, and
/// the role could not even disable the trigger, because only the owner may. Applied after every migration run,
/// by the owner; idempotent, so new tables are covered on the next start.
/// </summary>
internal static class ServiceRoleGrants
{
    public static void Apply(string connectionString, string role)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        var (currentUser, schema) = CurrentUserAndSchema(connection);
        if (currentUser == role)
        {
            // The service itself starting up: its grants were given when the owner migrated, and it cannot grant.
            return;
        }

        var grantee = QuoteIdentifier(role);
        var inSchema = QuoteIdentifier(schema);
        using var transaction = connection.BeginTransaction();
        using var command = new NpgsqlCommand($"""
            GRANT USAGE ON SCHEMA {inSchema} TO {grantee};
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {inSchema} TO {grantee};
            GRANT USAGE ON ALL SEQUENCES IN SCHEMA {inSchema} TO {grantee};
            REVOKE ALL ON {inSchema}."VersionInfo" FROM {grantee};
            GRANT SELECT ON {inSchema}."VersionInfo" TO {grantee};
            REVOKE ALL ON {inSchema}.audit_events FROM {grantee};
            GRANT SELECT, INSERT ON {inSchema}.audit_events TO {grantee};
            REVOKE ALL ON {inSchema}.audit_seals, {inSchema}.audit_checkpoints, {inSchema}.audit_signing_keys FROM {grantee};
            GRANT SELECT, INSERT ON {inSchema}.audit_seals, {inSchema}.audit_checkpoints, {inSchema}.audit_signing_keys TO {grantee};
            """, connection, transaction);
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    private static (string User, string Schema) CurrentUserAndSchema(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand("SELECT current_user, current_schema()", connection);
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetString(0), reader.GetString(1));
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
