using FluentMigrator;

namespace TenantRegistry.Store.Migrations;

[Migration(3, "API keys")]
public sealed class M0003_ApiKeys : Migration
{
    public override void Up()
    {
        IfDatabase(StoreDialect.IsPostgres).Execute.Sql("""
            CREATE TABLE api_keys (
                id           uuid        PRIMARY KEY,
                tenant_id    uuid        NOT NULL REFERENCES tenants (id),
                name         text        NOT NULL,
                product      text,
                scopes       jsonb       NOT NULL,
                prefix       text        NOT NULL CONSTRAINT api_keys_prefix_unique UNIQUE,
                secret_hash  bytea       NOT NULL,
                created_by   text,
                last_used_at timestamptz,
                revoked_at   timestamptz,
                created_at   timestamptz NOT NULL
            );
            CREATE INDEX api_keys_tenant ON api_keys (tenant_id, created_at DESC);
            """);

        IfDatabase(StoreDialect.IsSqlite).Execute.Sql("""
            CREATE TABLE api_keys (
                id           TEXT NOT NULL PRIMARY KEY,
                tenant_id    TEXT NOT NULL REFERENCES tenants (id),
                name         TEXT NOT NULL,
                product      TEXT,
                scopes       TEXT NOT NULL,
                prefix       TEXT NOT NULL CONSTRAINT api_keys_prefix_unique UNIQUE,
                secret_hash  BLOB NOT NULL,
                created_by   TEXT,
                last_used_at TEXT,
                revoked_at   TEXT,
                created_at   TEXT NOT NULL
            );
            CREATE INDEX api_keys_tenant ON api_keys (tenant_id, created_at DESC);
            """);
    }

    public override void Down() => Delete.Table("api_keys");
}
