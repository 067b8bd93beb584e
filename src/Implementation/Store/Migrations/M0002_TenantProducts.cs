using FluentMigrator;

namespace TenantRegistry.Store.Migrations;

[Migration(2, "product entitlements of tenants")]
public sealed class M0002_TenantProducts : Migration
{
    public override void Up()
    {
        // The primary key is the one-row-per-product rule: it is what makes "one trial per product per tenant" hold
        // when parallel trial requests race. `product` collates as "C" so that the listing order is byte order on
        // PostgreSQL whatever the database's locale, exactly as on SQLite.
        IfDatabase(StoreDialect.IsPostgres).Execute.Sql("""
            CREATE TABLE tenant_products (
                tenant_id  uuid        NOT NULL REFERENCES tenants (id),
                product    text        COLLATE "C" NOT NULL CHECK (product <> ''),
                enabled    boolean     NOT NULL,
                config     jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(config) = 'object'),
                expires_at timestamptz,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL,
                CONSTRAINT tenant_products_one_per_product PRIMARY KEY (tenant_id, product)
            );
            CREATE INDEX tenant_products_expiry_due ON tenant_products (expires_at) WHERE enabled;
            """);

        IfDatabase(StoreDialect.IsSqlite).Execute.Sql("""
            CREATE TABLE tenant_products (
                tenant_id  TEXT    NOT NULL REFERENCES tenants (id),
                product    TEXT    NOT NULL CHECK (product <> ''),
                enabled    INTEGER NOT NULL CHECK (enabled IN (0, 1)),
                config     TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(config) AND json_type(config) = 'object'),
                expires_at TEXT,
                created_at TEXT    NOT NULL,
                updated_at TEXT    NOT NULL,
                CONSTRAINT tenant_products_one_per_product PRIMARY KEY (tenant_id, product)
            );
            CREATE INDEX tenant_products_expiry_due ON tenant_products (expires_at) WHERE enabled = 1;
            """);
    }

    public override void Down() => Delete.Table("tenant_products");
}
