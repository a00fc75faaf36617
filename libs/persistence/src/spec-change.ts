import type { EntityManager } from 'typeorm';
import { NotFoundError } from '@idplane/errors';
import { RECONCILE_TOPIC } from '@idplane/tenancy';

/**
 * Marks a change to a tenant's spec in the caller's transaction: bumps its generation and version (taking its row
 * lock) and adds the reconcile intent for the new generation to the outbox, in one statement. NotFoundError when
 * the tenant doesn't exist. The payload is a ReconcileIntent ({tenantId, generation, trigger}).
 */
export async function bumpGenerationWithIntent(em: EntityManager, tenantId: string): Promise<number> {
  const rows: { generation: number }[] = await em.query(
    `WITH bumped AS (
       UPDATE tenants SET generation = generation + 1, version = version + 1, updated_at = now()
       WHERE id = $1 RETURNING id, generation
     )
     INSERT INTO outbox_messages (topic, aggregate_id, payload)
     SELECT $2, id, jsonb_build_object('tenantId', id, 'generation', generation, 'trigger', 'update') FROM bumped
     RETURNING (payload->>'generation')::int AS generation`,
    [tenantId, RECONCILE_TOPIC],
  );
  if (rows.length === 0) throw new NotFoundError(`tenant ${tenantId} does not exist`, 'tenantId');
  return rows[0].generation;
}
