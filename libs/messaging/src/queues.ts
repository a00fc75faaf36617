import type { ReconcileIntent } from '@idplane/tenancy';

export const RECONCILE_QUEUE = 'reconcile';

export type ReconcileJobData = ReconcileIntent;

/**
 * One job id per tenant and generation: the relay may publish an intent twice (at-least-once), and BullMQ drops
 * the duplicate while the first is still known.
 */
export function reconcileJobId(intent: ReconcileIntent): string {
  return `tenant-${intent.tenantId}-g${intent.generation}-${intent.trigger}`;
}
