using FluentMigrator;

namespace TenantRegistry.Store.Migrations;

/// <summary>
/// Makes the audit log fast to page through with any filter and impossible to rewrite through the store.
/// Every list query is "filters, id below the cursor, newest first, limit + 1": an index that starts with the
/// filtered column and continues in id order answers it by reading limit + 1 entries at any depth
/// (docs/audit.md has the plans). Tenant and action together, the common question "what of this kind happened to
/// this tenant", get their own index; other combinations use the most selective single-filter index.
/// product and actor_id are often absent, so their indexes leave those rows out.
/// </summary>
[Migration(4, "audit log: list indexes and append-only enforcement")]
public sealed class M0004_AuditLog : Migration
{
    public override void Up()
    {
        IfDatabase(StoreDialect.IsPostgres).Execute.Sql("""
            CREATE INDEX audit_events_tenant_action ON audit_events (tenant_id, action, id DESC);
            CREATE INDEX audit_events_product ON audit_events (product, id DESC) WHERE product IS NOT NULL;
            CREATE INDEX audit_events_actor ON audit_events (actor_id, id DESC) WHERE actor_id IS NOT NULL;
            CREATE INDEX audit_events_action ON audit_events (action, id DESC);
            CREATE INDEX audit_events_created_at ON audit_events (created_at, id);

            CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
                    USING ERRCODE = 'insufficient_privilege';
            END;
            $$;

            -- Statement-level, so even an UPDATE or DELETE that matches no row fails, and TRUNCATE is covered too.
            CREATE TRIGGER audit_events_append_only
                BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_events
                FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();
            """);

        IfDatabase(StoreDialect.IsSqlite).Execute.Sql("""
            CREATE INDEX audit_events_tenant_action ON audit_events (tenant_id, action, id DESC);
            CREATE INDEX audit_events_product ON audit_events (product, id DESC) WHERE product IS NOT NULL;
            CREATE INDEX audit_events_actor ON audit_events (actor_id, id DESC) WHERE actor_id IS NOT NULL;
            CREATE INDEX audit_events_action ON audit_events (action, id DESC);
            CREATE INDEX audit_events_created_at ON audit_events (created_at, id);

            CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
            BEGIN
                SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE is not allowed');
            END;

            CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
            BEGIN
                SELECT RAISE(ABORT, 'audit_events is append-only: DELETE is not allowed');
            END;
            """);
    }

    public override void Down()
    {
        IfDatabase(StoreDialect.IsPostgres).Execute.Sql("""
            DROP TRIGGER audit_events_append_only ON audit_events;
            DROP FUNCTION audit_events_refuse_change();
            """);

        IfDatabase(StoreDialect.IsSqlite).Execute.Sql("""
            DROP TRIGGER audit_events_no_update;
            DROP TRIGGER audit_events_no_delete;
            """);

        Delete.Index("audit_events_tenant_action").OnTable("audit_events");
        Delete.Index("audit_events_product").OnTable("audit_events");
        Delete.Index("audit_events_actor").OnTable("audit_events");
        Delete.Index("audit_events_action").OnTable("audit_events");
        Delete.Index("audit_events_created_at").OnTable("audit_events");
    }
}
