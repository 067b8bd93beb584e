using FluentMigrator;

namespace TenantRegistry.Store.Migrations;

/// <summary>
/// Makes a time window of the audit log an id range, so its first page reads about limit + 1 index entries instead
/// of every event newer than the window (docs/audit.md#time-windows, measured at 10 M events).
/// <para>
/// On PostgreSQL the store now guarantees that <c>created_at</c> never decreases as <c>id</c> grows: a trigger draws
/// each event's id and settles its time under one short lock, and an event whose clock is behind the newest time
/// handed out (another instance's clock, or a request that read its clock before a concurrent one drew its id) is
/// stamped with that newest time instead; it is never moved by more than that difference. The newest time lives in
/// a sequence, which like the id sequence does not roll back, so a rolled-back append cannot let a later one go back
/// in time. The lock is a session advisory lock taken and released inside the trigger (also when the statement fails
/// or is cancelled), not a transaction lock: appends wait for each other for the microseconds of the trigger, not
/// until the other commits.
/// </para>
/// <para>
/// Events written before this migration may be out of order. The migration checks once (one pass over the log) and
/// records in <c>audit_time_order</c> the latest time among them when any is out of order: windows that start after
/// it use the id range, windows reaching before it keep the plain scan. On SQLite, which has no such trigger, every
/// window keeps the plain scan (the embedded store is not the one holding ten million events).
/// </para>
/// </summary>
[Migration(10, "audit log: created_at rises with id, so a time window is an id range")]
public sealed class M0010_AuditTimeOrder : Migration
{
    /// <summary>The advisory lock key of the trigger: "audit time order", M0010.</summary>
    public const long LockKey = 7_150_010;

    public override void Up()
    {
        IfDatabase(StoreDialect.IsPostgres).Execute.Sql($$"""
            CREATE TABLE audit_time_order (
                id              integer PRIMARY KEY CHECK (id = 1),
                unordered_until timestamptz
            );
            INSERT INTO audit_time_order (id, unordered_until)
            SELECT 1, CASE WHEN bool_or(created_at < previous) THEN max(created_at) END
            FROM (SELECT created_at, lag(created_at) OVER (ORDER BY id) AS previous FROM audit_events) AS events;

            -- The trigger draws every id itself; an identity default would draw a second one for each event.
            ALTER TABLE audit_events ALTER COLUMN id DROP IDENTITY;
            CREATE SEQUENCE audit_events_id OWNED BY audit_events.id;
            SELECT setval('audit_events_id', coalesce(max(id), 0) + 1, false) FROM audit_events;

            -- Microseconds since the epoch of the newest created_at handed out.
            CREATE SEQUENCE audit_events_newest_time MINVALUE 0 START 0;
            SELECT setval('audit_events_newest_time',
                coalesce((SELECT (extract(epoch FROM max(created_at)) * 1000000)::bigint FROM audit_events), 0), true);

            -- SECURITY DEFINER: the service's role may insert events but must not move the sequences itself. Its
            -- search_path holds nothing a caller can shadow; the sequences come qualified, as the trigger's arguments.
            CREATE FUNCTION audit_events_order_in_time() RETURNS trigger
                LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
            DECLARE
                newest bigint;
                at bigint;
            BEGIN
                PERFORM pg_advisory_lock({{LockKey}});
                BEGIN
                    NEW.id := nextval(TG_ARGV[0]::regclass);
                    newest := pg_sequence_last_value(TG_ARGV[1]::regclass);
                    at := (extract(epoch FROM NEW.created_at) * 1000000)::bigint;
                    IF at < newest THEN
                        NEW.created_at := timestamptz 'epoch' + newest * interval '1 microsecond';
                    ELSIF at > newest THEN
                        PERFORM setval(TG_ARGV[1]::regclass, at, true);
                    END IF;
                EXCEPTION WHEN OTHERS OR query_canceled THEN
                    PERFORM pg_advisory_unlock({{LockKey}});
                    RAISE;
                END;
                PERFORM pg_advisory_unlock({{LockKey}});
                RETURN NEW;
            END;
            $$;

            DO $$
            BEGIN
                EXECUTE format('CREATE TRIGGER audit_events_order_in_time BEFORE INSERT ON audit_events '
                    'FOR EACH ROW EXECUTE FUNCTION audit_events_order_in_time(%L, %L)',
                    quote_ident(current_schema()) || '.audit_events_id', quote_ident(current_schema()) || '.audit_events_newest_time');
            END;
            $$;
            """);
    }

    public override void Down()
    {
        IfDatabase(StoreDialect.IsPostgres).Execute.Sql("""
            DROP TRIGGER audit_events_order_in_time ON audit_events;
            DROP FUNCTION audit_events_order_in_time();
            DROP SEQUENCE audit_events_newest_time;
            DROP TABLE audit_time_order;
            ALTER TABLE audit_events ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY;
            SELECT setval(pg_get_serial_sequence('audit_events', 'id'), coalesce(max(id), 0) + 1, false) FROM audit_events;
            DROP SEQUENCE audit_events_id;
            """);
    }
}
