export const RECONCILE_TOPIC = 'tenant.reconcile';

export type ReconcileTrigger = 'create' | 'update' | 'manual' | 'drift-sweep' | 'follow-up';

/** Asks the worker to bring a tenant's Cognito resources to its desired state at (at least) this generation. */
export interface ReconcileIntent {
  tenantId: string;
  generation: number;
  trigger: ReconcileTrigger;
}
