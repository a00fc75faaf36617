import type { ReconcileTrigger } from './reconcile-intent';

/**
 * The lifecycle event a run that found drift leaves in the outbox, for webhook delivery: the tenant, the run, whether
 * the drift was corrected or only reported (REPORT_ONLY), and the plan that names what drifted.
 */
export const TENANT_DRIFT_DETECTED_TOPIC = 'tenant.drift_detected';

/** One planned change, as recorded: the reconciler's plan steps have this shape. */
export interface RecordedPlanStep {
  action: string;
  resource: string;
  name: string;
  changes?: string[];
}

/** How a run ended. drift-* runs found Cognito changed behind idplane's back at an already applied generation. */
export const RECONCILE_RUN_OUTCOMES = [
  'synced',
  'drift-corrected',
  'drift-reported',
  'deleted',
  'gone',
  'transient-error',
  'permanent-error',
] as const;
export type ReconcileRunOutcome = (typeof RECONCILE_RUN_OUTCOMES)[number];

/** Narrows a run history; fields left out match every run. */
export interface ReconcileRunFilter {
  outcomes?: readonly ReconcileRunOutcome[];
  triggers?: readonly string[];
}

/** The record of one reconcile run of one tenant. */
export interface ReconcileRun {
  id: string;
  tenantId: string;
  trigger: ReconcileTrigger;
  generation: number;
  outcome: ReconcileRunOutcome;
  plan: RecordedPlanStep[];
  /** Cognito calls made, by operation. */
  calls: Record<string, number>;
  mutatingCalls: number;
  durationMs: number;
  error: string | null;
  createdAt: Date;
}

export type NewReconcileRun = Omit<ReconcileRun, 'createdAt'>;

export interface ReconcileRunPage {
  runs: ReconcileRun[];
  hasNextPage: boolean;
}

/** Port to the run records; newest first, keyset-paginated for a Relay connection. */
export interface ReconcileRunStore {
  record(run: NewReconcileRun): Promise<void>;
  /** One run by its id (what `node(id)` fetches), or null. */
  find(id: string): Promise<ReconcileRun | null>;
  listForTenant(
    tenantId: string,
    page: { first: number; after?: { createdAt: Date; id: string } },
  ): Promise<ReconcileRunPage>;
  /** The same page of each of many tenants in one query (DataLoader batching); one page per id, in order. */
  listForTenants(
    tenantIds: readonly string[],
    page: { first: number; after?: { createdAt: Date; id: string }; filter?: ReconcileRunFilter },
  ): Promise<ReconcileRunPage[]>;
}

export const RECONCILE_RUN_STORE = Symbol('RECONCILE_RUN_STORE');
