import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A notification on channel `idplane_read_model` when a transaction that changed tenants, their identity providers or
 * their access rows commits (NOTIFY is delivered at commit, and once per transaction however many statements fired).
 * The api's response cache forgets what it holds when one arrives, whoever wrote: api, worker or an operator's SQL.
 */
export class ReadModelChanges1764650000000 implements MigrationInterface {
  name = 'ReadModelChanges1764650000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION notify_read_model_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('idplane_read_model', '');
        RETURN NULL;
      END
      $$`);
    for (const table of ['tenants', 'identity_providers', 'tenant_access'])
      await q.query(`
        CREATE TRIGGER ${table}_read_model_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION notify_read_model_changed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['tenants', 'identity_providers', 'tenant_access'])
      await q.query(`DROP TRIGGER ${table}_read_model_changed ON ${table}`);
    await q.query(`DROP FUNCTION notify_read_model_changed()`);
  }
}
