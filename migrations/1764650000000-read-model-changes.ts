import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['tenants', 'identity_providers', 'tenant_access'];

/**
 * A notification on channel `idplane_read_model` when a transaction that changed a row of tenants, their identity
 * providers or their access commits (NOTIFY is delivered at commit, once per transaction however many rows). The
 * api's response cache forgets what it holds when one arrives, whoever wrote: api, worker or an operator's SQL.
 *
 * An UPDATE that changes nothing notifies nothing, and a tenants UPDATE that changes nothing but updated_at keeps the
 * old updated_at: the worker records every run, a no-op drift sweep's too, and that is not a change of the tenant.
 */
export class ReadModelChanges1764650000000 implements MigrationInterface {
  name = 'ReadModelChanges1764650000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION notify_read_model_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('idplane_read_model', 'changed');
        RETURN NULL;
      END
      $$`);
    await q.query(`
      CREATE FUNCTION keep_updated_at_of_unchanged_tenant() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF to_jsonb(NEW) - 'updated_at' = to_jsonb(OLD) - 'updated_at' THEN
          NEW.updated_at := OLD.updated_at;
        END IF;
        RETURN NEW;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER tenants_keep_updated_at BEFORE UPDATE ON tenants
      FOR EACH ROW EXECUTE FUNCTION keep_updated_at_of_unchanged_tenant()`);
    for (const table of TABLES) {
      await q.query(`
        CREATE TRIGGER ${table}_read_model_written AFTER INSERT OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION notify_read_model_changed()`);
      await q.query(`
        CREATE TRIGGER ${table}_read_model_updated AFTER UPDATE ON ${table}
        FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION notify_read_model_changed()`);
      await q.query(`
        CREATE TRIGGER ${table}_read_model_truncated AFTER TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION notify_read_model_changed()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES)
      for (const trigger of ['written', 'updated', 'truncated'])
        await q.query(`DROP TRIGGER ${table}_read_model_${trigger} ON ${table}`);
    await q.query(`DROP TRIGGER tenants_keep_updated_at ON tenants`);
    await q.query(`DROP FUNCTION keep_updated_at_of_unchanged_tenant()`);
    await q.query(`DROP FUNCTION notify_read_model_changed()`);
  }
}
