export const RECONCILE_TOPIC = 'tenant.reconcile';

export const RECONCILE_TRIGGERS = [
  'create',
  'update',
  'manual',
  'suspend',
  'resume',
  'delete',
  'drift-sweep',
  'follow-up',
] as const;
export type ReconcileTrigger = (typeof RECONCILE_TRIGGERS)[number];

/** Asks the worker to bring a tenant's Cognito resources to its desired state at (at least) this generation. */
export interface ReconcileIntent {
  tenantId: string;
  generation: number;
  trigger: ReconcileTrigger;
  /** Unique per request for triggers that do not bump the generation (manual), so each one is heard. */
  requestId?: string;
}
