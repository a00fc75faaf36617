import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A tenant.status_changed lifecycle event in the outbox whenever a tenant's status moves to a settled one, written by
 * the database in the same transaction as the change: no code path (worker record, deletion, sweep) can skip it.
 * The statuses are ANNOUNCED_TENANT_STATUSES of @idplane/tenancy, spelled out because a migration must not change
 * with the code.
 */
export class TenantStatusEvents1764640000000 implements MigrationInterface {
  name = 'TenantStatusEvents1764640000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION tenant_status_changed_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- clock_timestamp(), not now(): the row is locked by here, so one tenant's events are dated in the order of
        -- their changes even when a transaction that began earlier committed later.
        INSERT INTO outbox_messages (topic, aggregate_id, payload, created_at)
        VALUES ('tenant.status_changed', NEW.id, jsonb_build_object(
          'tenantId', NEW.id, 'slug', NEW.slug, 'from', OLD.status, 'to', NEW.status,
          'generation', NEW.generation, 'observedGeneration', NEW.observed_generation), clock_timestamp());
        RETURN NULL;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER tenants_status_changed AFTER UPDATE OF status ON tenants
      FOR EACH ROW
      WHEN (OLD.status IS DISTINCT FROM NEW.status
            AND NEW.status IN ('ACTIVE', 'DEGRADED', 'FAILED', 'SUSPENDED', 'DELETING', 'DELETED'))
      EXECUTE FUNCTION tenant_status_changed_event()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER tenants_status_changed ON tenants`);
    await q.query(`DROP FUNCTION tenant_status_changed_event()`);
  }
}
