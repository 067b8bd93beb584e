using FluentMigrator;

namespace TenantRegistry.Store.Migrations;

/// <summary>
/// The stored answers of requests sent with an Idempotency-Key (Idempotency/), one per caller scope and key, and the
/// Data Protection key ring that encrypts their bodies (a key-create answer holds a plaintext API key). expires_at is
/// indexed because the retention sweep deletes by it in small batches.
/// </summary>
[Migration(7, "idempotency records and the key ring that encrypts them")]
public sealed class M0007_IdempotencyRecords : Migration
{
    public override void Up()
    {
        IfDatabase(StoreDialect.IsPostgres).Execute.Sql("""
            CREATE TABLE idempotency_records (
                scope        text        NOT NULL,
                idem_key     text        NOT NULL,
                fingerprint  bytea       NOT NULL,
                status       integer     NOT NULL,
                content_type text,
                location     text,
                body         bytea       NOT NULL,
                created_at   timestamptz NOT NULL,
                expires_at   timestamptz NOT NULL,
                PRIMARY KEY (scope, idem_key)
            );
            CREATE INDEX idempotency_records_expires_at ON idempotency_records (expires_at);

            CREATE TABLE data_protection_keys (
                id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                friendly_name text,
                xml          text NOT NULL
            );
            """);

        IfDatabase(StoreDialect.IsSqlite).Execute.Sql("""
            CREATE TABLE idempotency_records (
                scope        TEXT    NOT NULL,
                idem_key     TEXT    NOT NULL,
                fingerprint  BLOB    NOT NULL,
                status       INTEGER NOT NULL,
                content_type TEXT,
                location     TEXT,
                body         BLOB    NOT NULL,
                created_at   TEXT    NOT NULL,
                expires_at   TEXT    NOT NULL,
                PRIMARY KEY (scope, idem_key)
            );
            CREATE INDEX idempotency_records_expires_at ON idempotency_records (expires_at);

            CREATE TABLE data_protection_keys (
                id            INTEGER PRIMARY KEY AUTOINCREMENT,
                friendly_name TEXT,
                xml           TEXT NOT NULL
            );
            """);
    }

    public override void Down()
    {
        Delete.Table("data_protection_keys");
        Delete.Table("idempotency_records");
    }
}
