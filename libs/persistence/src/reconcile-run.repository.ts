import { DataSource } from 'typeorm';
import type {
  NewReconcileRun,
  ReconcileRun,
  ReconcileRunPage,
  ReconcileRunStore,
  ReconcileRunOutcome,
  ReconcileTrigger,
  RecordedPlanStep,
} from '@idplane/tenancy';
import { ReconcileRunEntity } from './entities/reconcile-run.entity';

function toRun(row: ReconcileRunEntity): ReconcileRun {
  return {
    id: row.id,
    tenantId: row.tenantId,
    trigger: row.trigger as ReconcileTrigger,
    generation: row.generation,
    outcome: row.outcome as ReconcileRunOutcome,
    plan: row.plan as RecordedPlanStep[],
    calls: row.calls,
    mutatingCalls: row.mutatingCalls,
    durationMs: row.durationMs,
    error: row.error,
    createdAt: row.createdAt,
  };
}

/** Run records, newest first. Cursors are (createdAt, id) like the tenants connection's. */
export class TypeOrmReconcileRunStore implements ReconcileRunStore {
  constructor(private readonly dataSource: DataSource) {}

  async record(run: NewReconcileRun): Promise<void> {
    await this.dataSource.getRepository(ReconcileRunEntity).insert({
      ...run,
      plan: run.plan,
      durationMs: Math.round(run.durationMs),
    });
  }

  async listForTenant(
    tenantId: string,
    page: { first: number; after?: { createdAt: Date; id: string } },
  ): Promise<ReconcileRunPage> {
    const qb = this.dataSource
      .getRepository(ReconcileRunEntity)
      .createQueryBuilder('r')
      .where('r.tenant_id = :tenantId', { tenantId })
      .orderBy('r.created_at', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .limit(page.first + 1);
    if (page.after) qb.andWhere('(r.created_at, r.id) < (:createdAt, :id)', page.after);
    const rows = await qb.getMany();
    return { runs: rows.slice(0, page.first).map(toRun), hasNextPage: rows.length > page.first };
  }
}
