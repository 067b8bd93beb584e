using FluentMigrator;

namespace TenantRegistry.Store.Migrations;

/// <summary>
/// Indexes behind GET /v1/tenants (newest first, keyset on created_at and id): the unfiltered order, the order within
/// a status, a kind, a plan and a status with a plan (an admin console's usual pair), and the prefix search on slug and lower(name). EXPLAIN plans: docs/behaviour.md.
/// </summary>
[Migration(9, "tenant listing")]
public sealed class M0009_TenantListing : Migration
{
    public override void Up()
    {
        IfDatabase(StoreDialect.IsPostgres).Execute.Sql("""
            CREATE INDEX tenants_newest ON tenants (created_at DESC, id DESC);
            CREATE INDEX tenants_status_newest ON tenants (status, created_at DESC, id DESC);
            CREATE INDEX tenants_plan_newest ON tenants (plan, created_at DESC, id DESC);
            CREATE INDEX tenants_kind_newest ON tenants (kind, created_at DESC, id DESC);
            CREATE INDEX tenants_status_plan_newest ON tenants (status, plan, created_at DESC, id DESC);
            CREATE INDEX tenants_slug_prefix ON tenants (slug text_pattern_ops);
            CREATE INDEX tenants_name_prefix ON tenants (lower(name) text_pattern_ops);
            """);

        IfDatabase(StoreDialect.IsSqlite).Execute.Sql("""
            CREATE INDEX tenants_newest ON tenants (created_at DESC, id DESC);
            CREATE INDEX tenants_status_newest ON tenants (status, created_at DESC, id DESC);
            CREATE INDEX tenants_plan_newest ON tenants (plan, created_at DESC, id DESC);
            CREATE INDEX tenants_kind_newest ON tenants (kind, created_at DESC, id DESC);
            """);
    }

    public override void Down()
    {
        Delete.Index("tenants_newest").OnTable("tenants");
        Delete.Index("tenants_status_newest").OnTable("tenants");
        Delete.Index("tenants_plan_newest").OnTable("tenants");
        Delete.Index("tenants_kind_newest").OnTable("tenants");
        IfDatabase(StoreDialect.IsPostgres).Execute.Sql("DROP INDEX tenants_status_plan_newest;");
        IfDatabase(StoreDialect.IsPostgres).Execute.Sql("DROP INDEX tenants_slug_prefix; DROP INDEX tenants_name_prefix;");
    }
}
