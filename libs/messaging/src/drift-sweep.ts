import type { Queue } from 'bullmq';
import type { DriftScan } from '@idplane/reconciler';
import { RECONCILE_TOPIC, ReconcileIntent, TenantStore, TenantStatus } from '@idplane/tenancy';
import { reconcileJobOptions } from './queues';

// Larger pages mean fewer re-reads of each shared pool's group list, at the price of a longer job.
const PAGE = 1_000;
// Sweep jobs wait behind every job a person or a spec change asked for (BullMQ serves the plain wait list first).
const SWEEP_PRIORITY = 10;
// A FAILED tenant gets one attempt per sweep: the sweep's interval is its backoff, so a permanent error never loops.
const FAILED_RETRY_ATTEMPTS = 1;

export interface DriftSweepResult {
  checked: number;
  drifted: number;
  /** DEGRADED tenants that no longer drift, queued for a reconcile that records them in sync again. */
  recovering: number;
  /** FAILED tenants queued for one more attempt. */
  retried: number;
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
  if (tenantIds.length === 0) return;
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

async function forEachPage(
  store: Pick<TenantStore, 'listIdsByStatus'>,
  statuses: TenantStatus[],
  visit: (ids: string[]) => Promise<void>,
): Promise<void> {
  let after: string | null = null;
  for (;;) {
    const ids = await store.listIdsByStatus(statuses, after, PAGE);
    if (ids.length > 0) await visit(ids);
    if (ids.length < PAGE) return;
    after = ids[ids.length - 1];
  }
}

/**
 * One drift sweep: scans every settled tenant with batched, read-only calls and enqueues a reconcile for the
 * tenants that drifted. That reconcile observes again under the tenant's lock, then corrects the drift or, under
 * driftPolicy REPORT_ONLY, reports it; either way its run record (outcome drift-corrected / drift-reported) is the
 * drift event. Two kinds of tenant no scan would ever bring back are queued too: DEGRADED tenants that no longer
 * drift (drift reported, then reverted by hand), whose reconcile finds nothing to change and records them ACTIVE
 * again; and FAILED tenants, once per sweep with a single attempt, so that a cause removed after the queue's
 * retries ran out (an outage, a quota) is noticed within one sweep interval.
 */
export async function runDriftSweep(
  store: Pick<TenantStore, 'listIdsByStatus'>,
  scanner: { scanForDrift(tenantIds: string[]): Promise<DriftScan> },
  reconcileQueue: Queue,
  sweepId: string,
  maxAttempts: number,
): Promise<DriftSweepResult> {
  const result: DriftSweepResult = { checked: 0, drifted: 0, recovering: 0, retried: 0, calls: {} };
  const drifted = new Set<string>();
  await forEachPage(store, ['ACTIVE', 'DEGRADED', 'SUSPENDED'], async (ids) => {
    const scan = await scanner.scanForDrift(ids);
    await enqueueDriftReconciles(reconcileQueue, scan.drifted, sweepId, maxAttempts);
    for (const id of scan.drifted) drifted.add(id);
    result.checked += scan.checked;
    result.drifted += scan.drifted.length;
    for (const [op, n] of Object.entries(scan.calls)) result.calls[op] = (result.calls[op] ?? 0) + n;
  });
  // The drifted ones are queued already; a reconcile of any other finds Cognito matching and records it in sync.
  await forEachPage(store, ['DEGRADED'], async (ids) => {
    const recovering = ids.filter((id) => !drifted.has(id));
    await enqueueDriftReconciles(reconcileQueue, recovering, sweepId, maxAttempts);
    result.recovering += recovering.length;
  });
  await forEachPage(store, ['FAILED'], async (ids) => {
    await enqueueDriftReconciles(reconcileQueue, ids, sweepId, FAILED_RETRY_ATTEMPTS);
    result.retried += ids.length;
  });
  return result;
}
