using FluentMigrator;

namespace TenantRegistry.Store.Migrations;

/// <summary>
/// PostgreSQL: every append's commit-time check against the seals (M0008) asks for the highest sealed id instead of
/// whether any seal lies above the new event. Both say the same, but PL/pgSQL plans its statements once per session
/// and, from the sixth call on, may keep a generic plan that does not know the id: for <c>event_id &gt; $1</c> the planner
/// assumes a third of the seals match, so the EXISTS looked cheapest as a sequential scan that stops at the first
/// match, and there is none. With a million sealed events every append of a session after its fifth took 62-70 ms
/// of the server's CPU instead of 0.5-0.8 ms (measured with pgbench on the Bench's own append, one client). The
/// highest id is one step down the primary key's end whatever the plan (docs/audit.md#sealing-commit-order-is-not-id-order).
/// </summary>
[Migration(14, "audit log: the seal check at commit reads the highest sealed id")]
public sealed class M0014_SealCheckByMaximum : Migration
{
    public override void Up() => IfDatabase(StoreDialect.IsPostgres).Execute.Sql(SealCheck("(SELECT max(event_id) FROM audit_seals) > NEW.id"));

    public override void Down() => IfDatabase(StoreDialect.IsPostgres).Execute.Sql(SealCheck("EXISTS (SELECT 1 FROM audit_seals WHERE event_id > NEW.id)"));

    private static string SealCheck(string sealAbove) => $$"""
        CREATE OR REPLACE FUNCTION audit_events_refuse_below_seal() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock_shared(6076010404189587280);
            IF {{sealAbove}} THEN
                RAISE EXCEPTION 'audit event % was held open past the gap timeout and the sealer has passed it; append it again', NEW.id
                    USING ERRCODE = 'serialization_failure';
            END IF;
            RETURN NULL;
        END;
        $$;
        """;
}
