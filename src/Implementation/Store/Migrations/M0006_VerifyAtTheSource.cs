using System.Security.Cryptography;
using FluentMigrator;

namespace TenantRegistry.Store.Migrations;

/// <summary>
/// What verify needs from the database itself:
/// <list type="bullet">
/// <item>Key expiry and rotation: <c>expires_at</c>, <c>rotated_from</c> (the key a rotation replaced) and
/// <c>expiry_recorded_at</c> (when the sweeper wrote <c>api_key.expired</c>, so it writes it once).</item>
/// <item>The issuer secret: a random 256-bit value every instance reads, with which new keys carry a tag in their
/// public id that only the registry can make (ApiKeys/KeyIssuer.cs). A forged, well-formed key fails the tag and
/// never costs a store query.</item>
/// <item>On PostgreSQL, triggers that announce every committed change that can flip a verdict with
/// <c>pg_notify</c>, in the changing transaction, whatever made the change: the API, the sweeper, a support
/// engineer's SQL or a migration. A new key is announced too, for instances that track untagged keys.</item>
/// </list>
/// </summary>
[Migration(6, "verify: key expiry and rotation, issuer secret, change notifications")]
public sealed class M0006_VerifyAtTheSource : Migration
{
    public override void Up()
    {
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

        IfDatabase(StoreDialect.IsPostgres).Execute.Sql($$"""
            ALTER TABLE api_keys
                ADD COLUMN expires_at         timestamptz,
                ADD COLUMN rotated_from       uuid REFERENCES api_keys (id),
                ADD COLUMN expiry_recorded_at timestamptz;
            CREATE INDEX api_keys_expiry_due ON api_keys (expires_at) WHERE expires_at IS NOT NULL AND expiry_recorded_at IS NULL;
            CREATE INDEX api_keys_rotated_from ON api_keys (rotated_from) WHERE rotated_from IS NOT NULL;

            CREATE TABLE api_key_issuer (
                id     integer PRIMARY KEY CHECK (id = 1),
                secret bytea   NOT NULL
            );
            INSERT INTO api_key_issuer (id, secret) VALUES (1, '\x{{secret}}');

            CREATE FUNCTION api_keys_announce() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    PERFORM pg_notify('tenant_registry_verdicts', 'n:' || NEW.prefix);
                    RETURN NULL;
                END IF;
                PERFORM pg_notify('tenant_registry_verdicts', 'k:' || OLD.prefix);
                IF TG_OP = 'UPDATE' AND NEW.prefix IS DISTINCT FROM OLD.prefix THEN
                    PERFORM pg_notify('tenant_registry_verdicts', 'k:' || NEW.prefix);
                END IF;
                RETURN NULL;
            END;
            $$;

            CREATE TRIGGER api_keys_announce_new AFTER INSERT ON api_keys
                FOR EACH ROW EXECUTE FUNCTION api_keys_announce();
            -- last_used_at changes all the time and decides nothing: only what verify reads is announced.
            CREATE TRIGGER api_keys_announce_change AFTER UPDATE ON api_keys
                FOR EACH ROW
                WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at
                   OR OLD.expires_at IS DISTINCT FROM NEW.expires_at
                   OR OLD.secret_hash IS DISTINCT FROM NEW.secret_hash
                   OR OLD.prefix IS DISTINCT FROM NEW.prefix
                   OR OLD.tenant_id IS DISTINCT FROM NEW.tenant_id
                   OR OLD.product IS DISTINCT FROM NEW.product
                   OR OLD.scopes IS DISTINCT FROM NEW.scopes)
                EXECUTE FUNCTION api_keys_announce();
            CREATE TRIGGER api_keys_announce_removal AFTER DELETE ON api_keys
                FOR EACH ROW EXECUTE FUNCTION api_keys_announce();

            CREATE FUNCTION tenants_announce() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('tenant_registry_verdicts', 't:' || OLD.id::text);
                RETURN NULL;
            END;
            $$;

            CREATE TRIGGER tenants_announce_change AFTER UPDATE ON tenants
                FOR EACH ROW
                WHEN (OLD.status IS DISTINCT FROM NEW.status
                   OR OLD.trial_ends_at IS DISTINCT FROM NEW.trial_ends_at
                   OR OLD.freeze_scheduled_on IS DISTINCT FROM NEW.freeze_scheduled_on)
                EXECUTE FUNCTION tenants_announce();
            CREATE TRIGGER tenants_announce_removal AFTER DELETE ON tenants
                FOR EACH ROW EXECUTE FUNCTION tenants_announce();

            -- A product key verifies only while its tenant's entitlement is usable: an entitlement change is a verdict
            -- change of the tenant's keys.
            CREATE FUNCTION tenant_products_announce() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('tenant_registry_verdicts', 't:' || COALESCE(NEW.tenant_id, OLD.tenant_id)::text);
                RETURN NULL;
            END;
            $$;

            CREATE TRIGGER tenant_products_announce_change AFTER INSERT OR DELETE OR UPDATE OF enabled, expires_at ON tenant_products
                FOR EACH ROW EXECUTE FUNCTION tenant_products_announce();
            """);

        IfDatabase(StoreDialect.IsSqlite).Execute.Sql($"""
            ALTER TABLE api_keys ADD COLUMN expires_at TEXT;
            ALTER TABLE api_keys ADD COLUMN rotated_from TEXT REFERENCES api_keys (id);
            ALTER TABLE api_keys ADD COLUMN expiry_recorded_at TEXT;
            CREATE INDEX api_keys_expiry_due ON api_keys (expires_at) WHERE expires_at IS NOT NULL AND expiry_recorded_at IS NULL;
            CREATE INDEX api_keys_rotated_from ON api_keys (rotated_from) WHERE rotated_from IS NOT NULL;

            CREATE TABLE api_key_issuer (
                id     INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
                secret BLOB    NOT NULL
            );
            INSERT INTO api_key_issuer (id, secret) VALUES (1, X'{secret}');
            """);
    }

    public override void Down()
    {
        IfDatabase(StoreDialect.IsPostgres).Execute.Sql("""
            DROP TRIGGER tenant_products_announce_change ON tenant_products;
            DROP FUNCTION tenant_products_announce();
            DROP TRIGGER tenants_announce_removal ON tenants;
            DROP TRIGGER tenants_announce_change ON tenants;
            DROP FUNCTION tenants_announce();
            DROP TRIGGER api_keys_announce_removal ON api_keys;
            DROP TRIGGER api_keys_announce_change ON api_keys;
            DROP TRIGGER api_keys_announce_new ON api_keys;
            DROP FUNCTION api_keys_announce();
            """);
        Delete.Table("api_key_issuer");
        Delete.Index("api_keys_rotated_from").OnTable("api_keys");
        Delete.Index("api_keys_expiry_due").OnTable("api_keys");
        Delete.Column("expiry_recorded_at").FromTable("api_keys");
        Delete.Column("rotated_from").FromTable("api_keys");
        Delete.Column("expires_at").FromTable("api_keys");
    }
}
