import type { Queue } from 'bullmq';
import type { DriftScan } from '@idplane/reconciler';
import { RECONCILE_TOPIC, ReconcileIntent, TenantStore } from '@idplane/tenancy';
import { reconcileJobOptions } from './queues';

// Larger pages mean fewer re-reads of each shared pool's group list, at the price of a longer job.
const PAGE = 1_000;
// Sweep jobs wait behind every job a person or a spec change asked for (BullMQ serves the plain wait list first).
const SWEEP_PRIORITY = 10;

export interface DriftSweepResult {
  checked: number;
  drifted: number;
  /** The scan's own Cognito calls, by operation (the reconciles of drifted tenants record theirs in their runs). */
  calls: Record<string, number>;
}

/** Reconcile jobs for these tenants with the drift-sweep trigger; pending jobs absorb them (deduplication). */
export async function enqueueDriftReconciles(
  reconcileQueue: Queue,
  tenantIds: string[],
  sweepId: string,
  maxAttempts: number,
): Promise<void> {
  await reconcileQueue.addBulk(
    tenantIds.map((tenantId) => {
      const intent: ReconcileIntent = { tenantId, generation: 0, trigger: 'drift-sweep', requestId: sweepId };
      return {
        name: RECONCILE_TOPIC,
        data: intent,
        opts: { ...reconcileJobOptions(intent, maxAttempts), priority: SWEEP_PRIORITY },
      };
    }),
  );
}

/**
 * One drift sweep: scans every settled tenant with batched, read-only calls and enqueues a reconcile only for the
 * tenants that drifted. That reconcile observes again under the tenant's lock, then corrects the drift or, under
 * driftPolicy REPORT_ONLY, reports it; either way its run record (outcome drift-corrected / drift-reported) is the
 * drift event.
 */
export async function runDriftSweep(
  store: Pick<TenantStore, 'listIdsByStatus'>,
  scanner: { scanForDrift(tenantIds: string[]): Promise<DriftScan> },
  reconcileQueue: Queue,
  sweepId: string,
  maxAttempts: number,
): Promise<DriftSweepResult> {
  const result: DriftSweepResult = { checked: 0, drifted: 0, calls: {} };
  let after: string | null = null;
  for (;;) {
    const ids = await store.listIdsByStatus(['ACTIVE', 'DEGRADED', 'SUSPENDED'], after, PAGE);
    if (ids.length === 0) return result;
    const scan = await scanner.scanForDrift(ids);
    if (scan.drifted.length > 0)
      await enqueueDriftReconciles(reconcileQueue, scan.drifted, sweepId, maxAttempts);
    result.checked += scan.checked;
    result.drifted += scan.drifted.length;
    for (const [op, n] of Object.entries(scan.calls)) result.calls[op] = (result.calls[op] ?? 0) + n;
    after = ids[ids.length - 1];
    if (ids.length < PAGE) return result;
  }
}
