import { isUuid } from '@idplane/errors';
import { DataSource } from 'typeorm';
import type {
  NewReconcileRun,
  ReconcileRun,
  ReconcileRunFilter,
  ReconcileRunPage,
  ReconcileRunStore,
  ReconcileRunOutcome,
  ReconcileTrigger,
  RecordedPlanStep,
} from '@idplane/tenancy';
import { TENANT_DRIFT_DETECTED_TOPIC } from '@idplane/tenancy';

/** A reconcile_runs row as the pg driver returns it. */
interface ReconcileRunRow {
  id: string;
  tenant_id: string;
  trigger: string;
  generation: number;
  outcome: string;
  plan: unknown[];
  calls: Record<string, number>;
  mutating_calls: number;
  duration_ms: number;
  error: string | null;
  created_at: Date;
}

/** Run records, newest first. Cursors are (createdAt, id) like the tenants connection's. */
export class TypeOrmReconcileRunStore implements ReconcileRunStore {
  constructor(private readonly dataSource: DataSource) {}

  async record(run: NewReconcileRun): Promise<void> {
    // One plain statement: the repository's insert would wrap it in a transaction of its own (three round trips).
    // A run that found drift also leaves its lifecycle event in the outbox, atomically with the record.
    await this.dataSource.query(
      `WITH run AS (
         INSERT INTO reconcile_runs (id, tenant_id, trigger, generation, outcome, plan, calls, mutating_calls,
                                     duration_ms, error)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id, tenant_id, outcome, plan)
       INSERT INTO outbox_messages (topic, aggregate_id, payload)
       SELECT '${TENANT_DRIFT_DETECTED_TOPIC}', run.tenant_id,
              jsonb_build_object('tenantId', run.tenant_id, 'runId', run.id,
                'handling', CASE run.outcome WHEN 'drift-corrected' THEN 'corrected' ELSE 'reported' END,
                'plan', run.plan)
       FROM run
       WHERE run.outcome = 'drift-corrected'
          -- Drift that is only reported is found again by every sweep: it is news when it starts or changes, so not
          -- when the tenant's previous run that got through (this statement does not see the new one; a throttled
          -- sweep in between says nothing) reported the same plan.
          OR (run.outcome = 'drift-reported' AND NOT EXISTS (
                SELECT 1 FROM (
                  SELECT r.outcome, r.plan FROM reconcile_runs r
                  WHERE r.tenant_id = run.tenant_id AND r.outcome NOT IN ('transient-error', 'permanent-error')
                  ORDER BY r.created_at DESC, r.id DESC LIMIT 1) previous
                WHERE previous.outcome = 'drift-reported' AND previous.plan = run.plan))`,
      [
        run.id,
        run.tenantId,
        run.trigger,
        run.generation,
        run.outcome,
        JSON.stringify(run.plan),
        JSON.stringify(run.calls),
        run.mutatingCalls,
        Math.round(run.durationMs),
        run.error,
      ],
    );
  }

  async find(id: string): Promise<ReconcileRun | null> {
    if (!isUuid(id)) return null;
    const rows: ReconcileRunRow[] = await this.dataSource.query(
      `SELECT * FROM reconcile_runs WHERE id = $1`,
      [id],
    );
    return rows[0] ? rowToRun(rows[0]) : null;
  }

  async listForTenant(
    tenantId: string,
    page: { first: number; after?: { createdAt: Date; id: string }; filter?: ReconcileRunFilter },
  ): Promise<ReconcileRunPage> {
    return (await this.listForTenants([tenantId], page))[0];
  }

  async listForTenants(
    tenantIds: readonly string[],
    page: { first: number; after?: { createdAt: Date; id: string }; filter?: ReconcileRunFilter },
  ): Promise<ReconcileRunPage[]> {
    const ids = [...new Set(tenantIds.filter((id) => isUuid(id)).map((id) => id.toLowerCase()))];
    const byTenant = new Map<string, ReconcileRun[]>(ids.map((id) => [id, []]));
    if (ids.length > 0) {
      // LATERAL with a LIMIT walks each tenant's (tenant_id, created_at DESC, id DESC) index for just its page,
      // however long its history is.
      const rows: ReconcileRunRow[] = await this.dataSource.query(
        `SELECT r.* FROM unnest($1::uuid[]) AS t(id)
         CROSS JOIN LATERAL (
           SELECT * FROM reconcile_runs
           WHERE tenant_id = t.id AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
             AND ($5::text[] IS NULL OR outcome = ANY($5)) AND ($6::text[] IS NULL OR trigger = ANY($6))
           ORDER BY created_at DESC, id DESC
           LIMIT $4
         ) r`,
        [
          ids,
          page.after?.createdAt ?? null,
          page.after?.id ?? null,
          page.first + 1,
          page.filter?.outcomes ?? null,
          page.filter?.triggers ?? null,
        ],
      );
      for (const row of rows) byTenant.get(row.tenant_id)?.push(rowToRun(row));
    }
    return tenantIds.map((id) => {
      const runs = byTenant.get(id.toLowerCase()) ?? [];
      return { runs: runs.slice(0, page.first), hasNextPage: runs.length > page.first };
    });
  }
}

function rowToRun(row: ReconcileRunRow): ReconcileRun {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    trigger: row.trigger as ReconcileTrigger,
    generation: row.generation,
    outcome: row.outcome as ReconcileRunOutcome,
    plan: row.plan as RecordedPlanStep[],
    calls: row.calls,
    mutatingCalls: row.mutating_calls,
    durationMs: row.duration_ms,
    error: row.error,
    createdAt: row.created_at,
  };
}
