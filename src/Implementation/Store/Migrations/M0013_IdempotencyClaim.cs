using FluentMigrator;

namespace TenantRegistry.Store.Migrations;

/// <summary>
/// PostgreSQL: the claim of an Idempotency-Key as one procedure that fails instead of answering, so that it can go
/// to the server in the same batch as the first statement of the request's work (a failed statement skips the rest of
/// its batch): the advisory lock on scope and key, held until the transaction ends, then the look for an unexpired
/// answer, which runs after the lock and so sees every answer committed before it was granted.
/// <c>Idempotency/IdempotentRequest</c> maps the two SQLSTATEs; the embedded SQLite store (one process) claims in
/// memory and needs none of this.
/// </summary>
[Migration(13, "idempotency: the claim procedure")]
public sealed class M0013_IdempotencyClaim : Migration
{
    public override void Up() => IfDatabase(StoreDialect.IsPostgres).Execute.Sql("""
        CREATE PROCEDURE idempotency_claim(claim_scope text, claim_key text, claim_now timestamptz)
        LANGUAGE plpgsql AS $$
        BEGIN
            IF NOT pg_try_advisory_xact_lock(hashtextextended(claim_scope || chr(10) || claim_key, 0)) THEN
                RAISE EXCEPTION 'the Idempotency-Key is in use by a request in flight' USING ERRCODE = 'TRI01';
            END IF;
            IF EXISTS (SELECT FROM idempotency_records
                       WHERE scope = claim_scope AND idem_key = claim_key AND expires_at > claim_now) THEN
                RAISE EXCEPTION 'the Idempotency-Key was answered' USING ERRCODE = 'TRI02';
            END IF;
        END
        $$;
        """);

    public override void Down() => IfDatabase(StoreDialect.IsPostgres).Execute.Sql("DROP PROCEDURE idempotency_claim(text, text, timestamptz)");
}
