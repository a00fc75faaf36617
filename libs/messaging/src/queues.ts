import type { JobsOptions } from 'bullmq';
import type { ReconcileIntent } from '@idplane/tenancy';

export const RECONCILE_QUEUE = 'reconcile';
/** Plan previews: the api asks, a worker answers with read-only Cognito calls. */
export const PLAN_QUEUE = 'plan';
/** Holds the repeatable drift-sweep job. */
export const DRIFT_SWEEP_QUEUE = 'drift-sweep';
export const DRIFT_SWEEP_JOB = 'drift-sweep';

export type ReconcileJobData = ReconcileIntent;

export interface PlanJobData {
  tenantId: string;
}

/**
 * One job id per tenant, generation and trigger (and request, for triggers that don't bump the generation): the
 * relay may publish an intent twice (at-least-once), and BullMQ drops the duplicate while the first is still known.
 */
export function reconcileJobId(intent: ReconcileIntent): string {
  const base = `tenant-${intent.tenantId}-g${intent.generation}-${intent.trigger}`;
  return intent.requestId ? `${base}-${intent.requestId}` : base;
}

/**
 * Options of every reconcile job. All requests for one tenant share a deduplication id: while one waits, more
 * requests coalesce into it; while one runs, the latest request is kept and becomes exactly one follow-up job when
 * the running one ends (keepLastIfActive). Reconciles are level-triggered, so a coalesced request loses nothing.
 */
export function reconcileJobOptions(intent: ReconcileIntent, maxAttempts: number): JobsOptions {
  return {
    jobId: reconcileJobId(intent),
    deduplication: { id: `tenant-${intent.tenantId}`, keepLastIfActive: true },
    attempts: maxAttempts,
    backoff: { type: 'exponential', delay: 1_000, jitter: 0.5 },
    removeOnComplete: { age: 3_600, count: 10_000 },
    removeOnFail: { age: 24 * 3_600 },
  };
}
