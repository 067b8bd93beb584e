using FluentMigrator;

namespace TenantRegistry.Store.Migrations;

/// <summary>
/// Who submitted an appended event (the token's client id or subject), next to the actor the body names: a product
/// reports its own end user as the actor, and the registry records which product said so.
/// </summary>
[Migration(12, "audit log: recorded_by")]
public sealed class M0012_AuditRecordedBy : Migration
{
    public override void Up() => Alter.Table("audit_events").AddColumn("recorded_by").AsString().Nullable();

    public override void Down() => Delete.Column("recorded_by").FromTable("audit_events");
}
