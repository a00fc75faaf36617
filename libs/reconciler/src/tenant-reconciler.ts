import {
  CognitoCallListener,
  CognitoClients,
  CognitoGateway,
  classifyCognitoError,
  cognitoErrorMessage,
} from '@idplane/cognito';
import { mergeConditions, ReconcileTrigger, Tenant, TenantStore } from '@idplane/tenancy';
import { addCustomAttribute, applyPlan, createUserPool } from './apply-plan';
import { CompileContext, compileSharedPool, compileTenant } from './compile-tenant';
import { ObservedUserPool } from './desired-state';
import { findUserPool, observeTenant } from './observe-tenant';
import { PlanStep, planTenant } from './tenant-plan';

/** The cross-worker mutex the reconciler needs; the persistence adapter's AdvisoryLocks provides it. */
export interface ReconcileLocks {
  tryWithLock<T>(
    key: string,
    fn: () => Promise<T>,
  ): Promise<{ acquired: true; value: T } | { acquired: false }>;
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

export interface ReconcilerSettings extends CompileContext {
  region: string;
}

export type ReconcileOutcomeKind = 'synced' | 'locked' | 'gone' | 'transient-error' | 'permanent-error';

export interface ReconcileReport {
  tenantId: string;
  trigger: ReconcileTrigger;
  outcome: ReconcileOutcomeKind;
  plan: PlanStep[];
  /** Cognito calls made, by operation. */
  calls: Record<string, number>;
  mutatingCalls: number;
  durationMs: number;
  error?: string;
}

const MUTATING = /^(Create|Update|Delete|Add|Set|Tag|Untag|Admin)/;

/** Thrown for errors worth retrying; the queue retries the job with backoff. */
export class TransientReconcileError extends Error {}

/**
 * One reconcile of one tenant: load, compile, observe, diff, apply, record. Safe to run again at any time: it finds
 * what exists by deterministic names and tags, so a crash between a Create and the database write is harmless.
 */
export class TenantReconciler {
  constructor(
    private readonly store: TenantStore,
    private readonly clients: CognitoClients,
    private readonly locks: ReconcileLocks,
    private readonly settings: ReconcilerSettings,
    private readonly onCall: CognitoCallListener = () => undefined,
  ) {}

  async reconcile(tenantId: string, trigger: ReconcileTrigger): Promise<ReconcileReport> {
    const started = Date.now();
    const calls: Record<string, number> = {};
    const gateway = new CognitoGateway(this.clients.forRegion(this.settings.region), (call) => {
      calls[call.operation] = (calls[call.operation] ?? 0) + 1;
      this.onCall(call);
    });
    const report = (outcome: ReconcileOutcomeKind, plan: PlanStep[], error?: string): ReconcileReport => ({
      tenantId,
      trigger,
      outcome,
      plan,
      calls,
      mutatingCalls: Object.entries(calls)
        .filter(([op]) => MUTATING.test(op))
        .reduce((sum, [, n]) => sum + n, 0),
      durationMs: Date.now() - started,
      error,
    });

    const locked = await this.locks.tryWithLock(`reconcile:tenant:${tenantId}`, async () => {
      const tenant = await this.store.findById(tenantId);
      if (!tenant || tenant.status === 'DELETED') return report('gone', []);
      let plan: PlanStep[] = [];
      try {
        if (tenant.status === 'PENDING') await this.store.setStatus(tenant.id, 'PROVISIONING', ['PENDING']);
        const desired = compileTenant(tenant, this.settings);
        const pool = desired.ownsUserPool
          ? await findUserPool(gateway, desired.userPool, tenant.cognito.userPoolId, tenant.id)
          : await this.ensureSharedPool(gateway);
        const observed = await observeTenant(gateway, desired, pool, tenant.cognito);
        plan = planTenant(desired, observed);
        const ids = await applyPlan(gateway, plan, desired, observed);
        await this.recordSuccess(tenant, ids.userPoolId, ids.appClientId, plan);
        return report('synced', plan);
      } catch (error) {
        const kind = classifyCognitoError(error) === 'transient' ? 'transient-error' : 'permanent-error';
        await this.recordFailure(tenant, kind, cognitoErrorMessage(error));
        if (kind === 'transient-error') throw new TransientReconcileError(cognitoErrorMessage(error));
        return report(kind, plan, cognitoErrorMessage(error));
      }
    });
    return locked.acquired ? locked.value : report('locked', []);
  }

  /** Called when the queue has given up retrying a transient failure: the tenant shows FAILED with the last error. */
  async markRetriesExhausted(tenantId: string, message: string): Promise<void> {
    const tenant = await this.store.findById(tenantId);
    if (!tenant) return;
    await this.store.recordReconcileOutcome({
      tenantId,
      observedGeneration: tenant.observedGeneration,
      status: 'FAILED',
      conditions: mergeConditions(
        tenant.conditions,
        [
          { type: 'Ready', status: 'False', reason: 'RetriesExhausted', message },
          { type: 'Synced', status: 'False', reason: 'RetriesExhausted', message },
        ],
        new Date(),
      ),
    });
  }

  /** The shared pool is created once per environment and region, under a lock so racing tenants don't duplicate it. */
  private async ensureSharedPool(gateway: CognitoGateway): Promise<ObservedUserPool> {
    const desired = compileSharedPool(this.settings);
    const found = await findUserPool(gateway, desired, null, null);
    if (found && desired.customAttributes.every((a) => found.customAttributes.includes(`custom:${a.name}`)))
      return found;
    return this.locks.withLock(`shared-pool:${this.settings.region}:${desired.name}`, async () => {
      let pool = await findUserPool(gateway, desired, null, null);
      if (!pool) {
        await createUserPool(gateway, desired);
      } else {
        for (const attribute of desired.customAttributes) {
          if (!pool.customAttributes.includes(`custom:${attribute.name}`))
            await addCustomAttribute(gateway, pool.id, attribute);
        }
      }
      pool = await findUserPool(gateway, desired, null, null);
      if (!pool) throw new Error(`shared user pool ${desired.name} was created but cannot be found`);
      return pool;
    });
  }

  private async recordSuccess(
    tenant: Tenant,
    userPoolId: string | null,
    appClientId: string | null,
    plan: PlanStep[],
  ) {
    const message = plan.length === 0 ? 'in sync, nothing to change' : `applied ${plan.length} change(s)`;
    await this.store.recordReconcileOutcome({
      tenantId: tenant.id,
      observedGeneration: tenant.generation,
      status: 'ACTIVE',
      conditions: mergeConditions(
        tenant.conditions,
        [
          {
            type: 'Ready',
            status: 'True',
            reason: 'Reconciled',
            message: 'all Cognito resources exist as specified',
          },
          { type: 'Synced', status: 'True', reason: 'Applied', message },
        ],
        new Date(),
      ),
      cognito: {
        userPoolId,
        appClientId,
        issuer: userPoolId ? this.clients.issuerFor(this.settings.region, userPoolId) : null,
      },
    });
  }

  private async recordFailure(tenant: Tenant, kind: 'transient-error' | 'permanent-error', message: string) {
    const permanent = kind === 'permanent-error';
    await this.store.recordReconcileOutcome({
      tenantId: tenant.id,
      observedGeneration: tenant.observedGeneration,
      status: permanent ? 'FAILED' : tenant.status === 'PENDING' ? 'PROVISIONING' : tenant.status,
      conditions: mergeConditions(
        tenant.conditions,
        [
          ...(permanent
            ? [{ type: 'Ready' as const, status: 'False' as const, reason: 'CognitoRejected', message }]
            : []),
          {
            type: 'Synced',
            status: 'False',
            reason: permanent ? 'PermanentError' : 'TransientError',
            message,
          },
        ],
        new Date(),
      ),
    });
  }
}
