import { randomUUID } from 'node:crypto';
import {
  CognitoCallListener,
  CognitoClients,
  CognitoGateway,
  classifyCognitoError,
  cognitoErrorMessage,
  IdentityPoolGateway,
  RequestBudget,
} from '@idplane/cognito';
import { NotFoundError } from '@idplane/errors';
import {
  CognitoRefs,
  ConditionUpdate,
  mergeConditions,
  ReconcileRunOutcome,
  ReconcileRunStore,
  ReconcileTrigger,
  SharedPoolSharding,
  RecordedTenantState,
  Tenant,
  TenantStatus,
  TenantStore,
} from '@idplane/tenancy';
import {
  addCustomAttribute,
  updateUserPoolSettings,
  AppliedIds,
  applyPlan,
  createUserPool,
  PermanentReconcileError,
} from './apply-plan';
import { CompileContext, compileTenant } from './compile-tenant';
import {
  DesiredTenantResources,
  DesiredUserPool,
  ObservedTenantResources,
  ObservedUserPool,
} from './desired-state';
import { DriftScan, scanForDrift } from './drift-scan';
import { IdentityPoolReconciler, IdentityPoolTenant } from './identity-pool/identity-pool.reconciler';
import { hostedUiHost } from './hosted-ui-domain';
import { findUserPool, NOTHING_OBSERVED, observeTenant } from './observe-tenant';
import {
  LoadedTenantChildren,
  loadTenantChildren,
  ManagedResource,
  ReconcileSources,
} from './reconcile-sources';
import { PlanStep, poolSettingChanges, planTenant, planTenantDeletion } from './tenant-plan';

/** The cross-worker mutex the reconciler needs; the persistence adapter's AdvisoryLocks provides it. */
export interface ReconcileLocks {
  tryWithLock<T>(
    key: string,
    fn: () => Promise<T>,
  ): Promise<{ acquired: true; value: T } | { acquired: false }>;
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

export interface ReconcilerSettings extends CompileContext {
  /** The install's default region (AWS_REGION); each tenant's own region decides where its resources go. */
  region: string;
  /** How SHARED_POOL tenants are spread over shards; default 800 tenants per shard, starting with one. */
  sharding?: SharedPoolSharding;
}

const DEFAULT_SHARDING: SharedPoolSharding = { capacity: 800, minShards: 1 };

export interface ReconcileLogEntry {
  level: 'info' | 'warn';
  msg: string;
  tenantId: string;
  runId: string;
  [field: string]: unknown;
}

/** Optional collaborators: call metrics, run records, shared request budgets and run-scoped logging. */
export interface ReconcilerHooks {
  onCall?: CognitoCallListener;
  runs?: ReconcileRunStore;
  budgets?: { forRegion(region: string): RequestBudget };
  log?: (entry: ReconcileLogEntry) => void;
  /** Tenants' identity pools (cognito-identity), reconciled after the user pool and app client they trust. */
  identityPools?: IdentityPoolReconciler;
}

export type ReconcileOutcomeKind = ReconcileRunOutcome | 'locked';

export interface ReconcileReport {
  runId: string;
  tenantId: string;
  trigger: ReconcileTrigger;
  outcome: ReconcileOutcomeKind;
  /** The generation this run compiled (0 when the tenant was not loaded). */
  generation: number;
  plan: PlanStep[];
  /** Cognito calls made, by operation. */
  calls: Record<string, number>;
  mutatingCalls: number;
  durationMs: number;
  error?: string;
  /** A newer generation arrived while this run worked: one more run is needed. */
  followUp: boolean;
  /** The tenant as recorded once the run finished (absent when it is gone or the run ended in an error). */
  settled?: RecordedTenantState;
}

/** What preview answers: the plan a reconcile would apply now, found with read-only calls. */
export interface PlanPreview {
  tenantId: string;
  generation: number;
  status: TenantStatus;
  plan: PlanStep[];
  /** True when the plan corrects drift at an already applied generation rather than applying a spec change. */
  drift: boolean;
  calls: Record<string, number>;
}

const MUTATING = /^(Create|Update|Delete|Add|Set|Tag|Untag|Admin)/;
const SETTLED: TenantStatus[] = ['ACTIVE', 'DEGRADED', 'SUSPENDED'];

/** Thrown for errors worth retrying; the queue retries the job with backoff. */
export class TransientReconcileError extends Error {
  constructor(
    message: string,
    readonly runId: string,
  ) {
    super(message);
    this.name = 'TransientReconcileError';
  }
}

const countMutating = (calls: Record<string, number>) =>
  Object.entries(calls)
    .filter(([op]) => MUTATING.test(op))
    .reduce((sum, [, n]) => sum + n, 0);

/**
 * Drift: Cognito no longer matches a generation that was already applied (someone changed it behind idplane). A
 * FAILED tenant counts too when its generation was applied (a later run failed, e.g. throttled until its attempts ran
 * out): the sweep retries it, and that retry must honour REPORT_ONLY like any drift run.
 */
const isDrift = (tenant: Tenant, plan: PlanStep[]) =>
  plan.length > 0 &&
  tenant.observedGeneration === tenant.generation &&
  (SETTLED.includes(tenant.status) || tenant.status === 'FAILED');

const describePlan = (plan: PlanStep[]) =>
  plan.map((s) => `${s.action} ${s.resource} ${s.name}${s.changes ? ` (${s.changes.join(', ')})` : ''}`);

/**
 * The inventory a tenant has once Cognito matches `desired`: its groups, IdPs (with the secrets just applied),
 * resource servers, and machine clients with their ids.
 */
function inventoryOf(
  desired: DesiredTenantResources,
  machineClientIds: Record<string, string>,
): ManagedResource[] {
  return [
    ...desired.groups.map((g): ManagedResource => ({ kind: 'Group', name: g.name, secretFingerprint: null })),
    ...desired.identityProviders.map((idp): ManagedResource => ({
      kind: 'IdentityProvider',
      name: idp.name,
      secretFingerprint: idp.secret?.fingerprint ?? null,
    })),
    ...desired.resourceServers.map((r): ManagedResource => ({
      kind: 'ResourceServer',
      name: r.identifier,
      secretFingerprint: null,
    })),
    ...desired.machineClients.map((c): ManagedResource => ({
      kind: 'MachineClient',
      name: c.name,
      secretFingerprint: null,
      cognitoId: machineClientIds[c.name] ?? null,
    })),
  ];
}

const inventoryKey = (resources: ManagedResource[]) =>
  resources
    .map((r) => `${r.kind}\t${r.name}\t${r.secretFingerprint ?? ''}\t${r.cognitoId ?? ''}`)
    .sort()
    .join('\n');

const INVENTORIED: readonly PlanStep['resource'][] = [
  'Group',
  'IdentityProvider',
  'ResourceServer',
  'MachineClient',
];

/** What a plan is about to create, recorded before the calls so a crash after one can't orphan it. */
const createdByPlan = (plan: PlanStep[]): ManagedResource[] =>
  plan
    .filter((s) => s.action === 'create' && INVENTORIED.includes(s.resource))
    .map((s) => ({ kind: s.resource as ManagedResource['kind'], name: s.name, secretFingerprint: null }));

/**
 * One reconcile of one tenant: load, compile, observe, diff, apply, record. Safe to run again at any time: it finds
 * what exists by deterministic names and tags, so a crash between a Create and the database write is harmless.
 */
export class TenantReconciler {
  /** Shard ids this process has seen, by region and name: a new shared tenant then costs one Describe, not a list. */
  private readonly sharedPoolIds = new Map<string, string>();

  constructor(
    private readonly store: TenantStore,
    /** The tenant's roles, IdPs, inventory and the secret opener. */
    private readonly sources: ReconcileSources,
    private readonly clients: CognitoClients,
    private readonly locks: ReconcileLocks,
    private readonly settings: ReconcilerSettings,
    private readonly hooks: ReconcilerHooks = {},
  ) {}

  private identityGateway(region: string, calls: Record<string, number>): IdentityPoolGateway {
    return new IdentityPoolGateway(
      this.clients.identityForRegion(region),
      (call) => {
        calls[call.operation] = (calls[call.operation] ?? 0) + 1;
        this.hooks.onCall?.(call);
      },
      this.hooks.budgets?.forRegion(region),
    );
  }

  private identityPoolTenant(tenant: Tenant, ids: Partial<CognitoRefs>): IdentityPoolTenant {
    return {
      id: tenant.id,
      slug: tenant.slug,
      region: tenant.region,
      userPoolId: ids.userPoolId ?? null,
      appClientId: ids.appClientId ?? null,
    };
  }

  private gateway(region: string, calls: Record<string, number>): CognitoGateway {
    return new CognitoGateway(
      this.clients.forRegion(region),
      (call) => {
        calls[call.operation] = (calls[call.operation] ?? 0) + 1;
        this.hooks.onCall?.(call);
      },
      this.hooks.budgets?.forRegion(region),
    );
  }

  async reconcile(
    tenantId: string,
    trigger: ReconcileTrigger,
    options: { runId?: string } = {},
  ): Promise<ReconcileReport> {
    const runId = options.runId ?? randomUUID();
    const started = Date.now();
    const calls: Record<string, number> = {};
    const log = (level: ReconcileLogEntry['level'], msg: string, fields: Record<string, unknown> = {}) =>
      this.hooks.log?.({ level, msg, tenantId, runId, ...fields });
    let generation = 0;
    const report = (outcome: ReconcileOutcomeKind, plan: PlanStep[], error?: string): ReconcileReport => ({
      runId,
      tenantId,
      trigger,
      outcome,
      generation,
      plan,
      calls,
      mutatingCalls: countMutating(calls),
      durationMs: Date.now() - started,
      error,
      followUp: false,
    });

    const locked = await this.locks.tryWithLock(`reconcile:tenant:${tenantId}`, async () => {
      let tenant = await this.store.findById(tenantId);
      if (!tenant || tenant.status === 'DELETED') return report('gone', []);
      if (
        tenant.isolationModel === 'SHARED_POOL' &&
        tenant.sharedPoolShard === null &&
        tenant.status !== 'DELETING'
      ) {
        // Placed before any Cognito call, so a crashed run's resources are always found in the same shard.
        const shard = await this.store.assignSharedPoolShard(
          tenant.id,
          this.settings.sharding ?? DEFAULT_SHARDING,
        );
        tenant = { ...tenant, sharedPoolShard: shard };
      }
      generation = tenant.generation;
      const gateway = this.gateway(tenant.region, calls);
      let plan: PlanStep[] = [];
      let result: ReconcileReport;
      let recorded: RecordedTenantState | null = null;
      try {
        const { children, inventory, mayHaveIdentityPool } = await this.loadChildren(tenant.id);
        const desired = compileTenant(tenant, this.settings, children);
        const pools = mayHaveIdentityPool ? this.hooks.identityPools : undefined;
        if (tenant.status === 'DELETING') {
          const observed = await this.observeForDeletion(gateway, tenant, desired, inventory);
          plan = planTenantDeletion(desired, observed, tenant.deletionPolicy);
          log('info', 'deleting tenant resources', { plan: describePlan(plan) });
          // The identity pool goes first: it trusts the app client about to be deleted.
          if (pools) {
            const ipTenant = this.identityPoolTenant(tenant, tenant.cognito);
            plan = [...(await pools.remove(this.identityGateway(tenant.region, calls), ipTenant)), ...plan];
          }
          await applyPlan(gateway, plan, desired, observed, this.sources.secrets);
          if (inventory.length > 0) await this.sources.inventory.replace(tenant.id, []);
          recorded = await this.recordDeleted(tenant);
          result = report('deleted', plan);
        } else {
          if (tenant.status === 'PENDING') await this.store.setStatus(tenant.id, 'PROVISIONING', ['PENDING']);
          const observed = await this.observe(gateway, tenant, desired, inventory, true);
          plan = planTenant(desired, observed);
          const drift = isDrift(tenant, plan);
          if (drift) log('warn', 'drift detected', { plan: describePlan(plan), policy: tenant.driftPolicy });
          if (drift && tenant.driftPolicy === 'REPORT_ONLY') {
            recorded = await this.recordDriftReported(tenant, plan);
            result = report('drift-reported', plan);
          } else {
            if (plan.length > 0) log('info', 'applying plan', { plan: describePlan(plan) });
            const creating = createdByPlan(plan);
            if (creating.length > 0) await this.sources.inventory.add(tenant.id, creating);
            const ids = await applyPlan(gateway, plan, desired, observed, this.sources.secrets);
            const applied = inventoryOf(desired, ids.machineClientIds);
            if (inventoryKey(applied) !== inventoryKey(inventory))
              await this.sources.inventory.replace(tenant.id, applied);
            const pool = await pools?.prepare(
              this.identityGateway(tenant.region, calls),
              this.identityPoolTenant(tenant, ids),
            );
            const poolSteps = pool?.steps ?? [];
            const poolDrift = !drift && isDrift(tenant, poolSteps);
            if (poolDrift && tenant.driftPolicy === 'REPORT_ONLY') {
              log('warn', 'drift detected', { plan: describePlan(poolSteps), policy: tenant.driftPolicy });
              plan = [...plan, ...poolSteps];
              recorded = await this.recordDriftReported(tenant, plan);
              result = report('drift-reported', plan);
            } else {
              if (poolSteps.length > 0)
                log('info', 'applying identity pool plan', { plan: describePlan(poolSteps) });
              await pool?.apply();
              plan = [...plan, ...poolSteps];
              recorded = await this.recordSuccess(tenant, ids, plan);
              result = report(drift || poolDrift ? 'drift-corrected' : 'synced', plan);
            }
          }
        }
      } catch (error) {
        const kind =
          error instanceof PermanentReconcileError || classifyCognitoError(error) !== 'transient'
            ? 'permanent-error'
            : 'transient-error';
        const message = cognitoErrorMessage(error);
        log('warn', 'reconcile failed', { kind, error: message });
        await this.recordFailure(tenant, kind, message);
        result = report(kind, plan, message);
        await this.recordRun(result);
        if (kind === 'transient-error') throw new TransientReconcileError(message, runId);
        return result;
      }
      await this.recordRun(result);
      // As the outcome's write found the row: a change committed after it relays its own reconcile intent.
      result.followUp =
        !!recorded && recorded.status !== 'DELETED' && recorded.generation > tenant.generation;
      if (recorded) result.settled = recorded;
      return result;
    });
    return locked.acquired ? locked.value : report('locked', []);
  }

  /** The plan a reconcile would apply now, without applying it. Read-only calls only; no lock, no records. */
  async preview(tenantId: string): Promise<PlanPreview> {
    const tenant = await this.store.findById(tenantId);
    if (!tenant) throw new NotFoundError(`tenant ${tenantId} does not exist`, 'tenantId');
    const calls: Record<string, number> = {};
    const gateway = this.gateway(tenant.region, calls);
    const { children, inventory } = await this.loadChildren(tenant.id);
    const desired = compileTenant(tenant, this.settings, children);
    let plan: PlanStep[] = [];
    if (tenant.status === 'DELETING') plan = await this.planDeletion(gateway, tenant, desired, inventory);
    else if (tenant.status !== 'DELETED') {
      plan = planTenant(desired, await this.observe(gateway, tenant, desired, inventory, false));
      const pools = this.hooks.identityPools;
      if (pools)
        plan = [
          ...plan,
          ...(await pools.plan(
            this.identityGateway(tenant.region, calls),
            this.identityPoolTenant(tenant, tenant.cognito),
          )),
        ];
    }
    return {
      tenantId,
      generation: tenant.generation,
      status: tenant.status,
      plan,
      drift: isDrift(tenant, plan),
      calls,
    };
  }

  /**
   * Finds the tenants among `tenantIds` whose Cognito resources drifted from their applied spec, with batched reads
   * (see scanForDrift), region by region. Changes nothing; reconcile each drifted tenant to act on it.
   */
  async scanForDrift(tenantIds: string[]): Promise<DriftScan> {
    const calls: Record<string, number> = {};
    const tenants = (await Promise.all(tenantIds.map((id) => this.store.findById(id)))).filter(
      (t): t is Tenant => t !== null,
    );
    const drifted: string[] = [];
    const children = await loadTenantChildren(
      this.sources,
      tenants.map((t) => t.id),
    );
    const regions = [...new Set(tenants.map((t) => t.region))];
    for (const region of regions) {
      const gateway = this.gateway(region, calls);
      drifted.push(
        ...(await scanForDrift(
          gateway,
          tenants.filter((t) => t.region === region),
          this.settings,
          children,
        )),
      );
    }
    // Identity pools have no batch read: two reads per tenant that has one (none for the others).
    const pools = this.hooks.identityPools;
    if (pools) {
      for (const tenant of tenants) {
        if (drifted.includes(tenant.id)) continue;
        const steps = await pools.plan(
          this.identityGateway(tenant.region, calls),
          this.identityPoolTenant(tenant, tenant.cognito),
        );
        if (steps.length > 0) drifted.push(tenant.id);
      }
    }
    return { checked: tenants.length, drifted, calls };
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

  private async loadChildren(tenantId: string): Promise<LoadedTenantChildren> {
    return (await loadTenantChildren(this.sources, [tenantId])).get(tenantId)!;
  }

  private async observe(
    gateway: CognitoGateway,
    tenant: Tenant,
    desired: DesiredTenantResources,
    inventory: ManagedResource[],
    createSharedPool: boolean,
  ): Promise<ObservedTenantResources> {
    // A PENDING tenant has never had a run reach Cognito (the first run marks it PROVISIONING before its first
    // call), so nothing of its can exist yet: the by-name searches that make a crashed run harmless can be skipped.
    const search = tenant.status !== 'PENDING';
    const pool = desired.ownsUserPool
      ? await findUserPool(gateway, desired.userPool, tenant.cognito.userPoolId, tenant.id, search)
      : createSharedPool
        ? await this.ensureSharedPool(gateway, tenant.region, desired.userPool, tenant.cognito.userPoolId)
        : await findUserPool(gateway, desired.userPool, tenant.cognito.userPoolId, null);
    return observeTenant(gateway, desired, pool, tenant.cognito, inventory, search);
  }

  private async observeForDeletion(
    gateway: CognitoGateway,
    tenant: Tenant,
    desired: DesiredTenantResources,
    inventory: ManagedResource[],
  ): Promise<ObservedTenantResources> {
    if (desired.ownsUserPool) {
      // Deleting the pool takes its groups and IdPs with it, and RETAIN keeps them: only the pool is observed.
      const pool = await findUserPool(gateway, desired.userPool, tenant.cognito.userPoolId, tenant.id);
      return { userPool: pool, ...NOTHING_OBSERVED };
    }
    // A tenant never placed in a shard never reached Cognito.
    if (tenant.sharedPoolShard === null) return { userPool: null, ...NOTHING_OBSERVED };
    // Never creates the shared pool: a tenant leaving must not bring a shard into being.
    const pool = await findUserPool(gateway, desired.userPool, tenant.cognito.userPoolId, null);
    return observeTenant(gateway, desired, pool, tenant.cognito, inventory);
  }

  private async planDeletion(
    gateway: CognitoGateway,
    tenant: Tenant,
    desired: DesiredTenantResources,
    inventory: ManagedResource[],
  ): Promise<PlanStep[]> {
    const observed = await this.observeForDeletion(gateway, tenant, desired, inventory);
    return planTenantDeletion(desired, observed, tenant.deletionPolicy);
  }

  /** The shared pool is created once per environment and region, under a lock so racing tenants don't duplicate it. */
  private async ensureSharedPool(
    gateway: CognitoGateway,
    region: string,
    desired: DesiredUserPool,
    rememberedId: string | null,
  ): Promise<ObservedUserPool> {
    const cacheKey = `${region}:${desired.name}`;
    const complete = (pool: ObservedUserPool | null): boolean =>
      !!pool &&
      pool.domainPrefix !== null &&
      desired.customAttributes.every((a) => pool.customAttributes.includes(`custom:${a.name}`)) &&
      poolSettingChanges(desired.settings, pool.settings).length === 0;
    // The remembered id makes this one DescribeUserPool instead of paging through every pool in the region.
    const found = await findUserPool(
      gateway,
      desired,
      rememberedId ?? this.sharedPoolIds.get(cacheKey) ?? null,
      null,
    );
    if (found && complete(found)) {
      this.sharedPoolIds.set(cacheKey, found.id);
      return found;
    }
    return this.locks.withLock(`shared-pool:${region}:${desired.name}`, async () => {
      let pool = await findUserPool(gateway, desired, null, null);
      if (pool && complete(pool)) return pool;
      if (!pool) {
        const id = await createUserPool(gateway, desired);
        await gateway.createUserPoolDomain(id, desired.domainPrefix);
      } else {
        for (const attribute of desired.customAttributes) {
          if (!pool.customAttributes.includes(`custom:${attribute.name}`))
            await addCustomAttribute(gateway, pool.id, attribute);
        }
        // E.g. SHARED_POOL_THREAT_PROTECTION turned on: every shard follows, on its next tenant's reconcile.
        if (poolSettingChanges(desired.settings, pool.settings).length > 0)
          await updateUserPoolSettings(gateway, pool.id, pool.unmanaged, desired.settings);
        if (pool.domainPrefix === null) await gateway.createUserPoolDomain(pool.id, desired.domainPrefix);
      }
      pool = await findUserPool(gateway, desired, null, null);
      if (!pool) throw new Error(`shared user pool ${desired.name} was created but cannot be found`);
      return pool;
    });
  }

  private async recordRun(report: ReconcileReport): Promise<void> {
    if (!this.hooks.runs || report.outcome === 'locked') return;
    await this.hooks.runs.record({
      id: report.runId,
      tenantId: report.tenantId,
      trigger: report.trigger,
      generation: report.generation,
      outcome: report.outcome,
      plan: report.plan,
      calls: report.calls,
      mutatingCalls: report.mutatingCalls,
      durationMs: report.durationMs,
      error: report.error ?? null,
    });
  }

  private async recordSuccess(
    tenant: Tenant,
    ids: AppliedIds,
    plan: PlanStep[],
  ): Promise<RecordedTenantState | null> {
    const message = plan.length === 0 ? 'in sync, nothing to change' : `applied ${plan.length} change(s)`;
    const updates: ConditionUpdate[] = [
      {
        type: 'Ready',
        status: 'True',
        reason: tenant.suspended ? 'Suspended' : 'Reconciled',
        message: tenant.suspended
          ? 'resources exist; sign-in is stopped while the tenant is suspended'
          : 'all Cognito resources exist as specified',
      },
      { type: 'Synced', status: 'True', reason: 'Applied', message },
      { type: 'Degraded', status: 'False', reason: 'AsExpected', message: '' },
    ];
    const cognito: Partial<CognitoRefs> = {
      userPoolId: ids.userPoolId,
      appClientId: ids.appClientId,
      issuer: ids.userPoolId ? this.clients.issuerFor(tenant.region, ids.userPoolId) : null,
      domain: ids.domainPrefix ? hostedUiHost(ids.domainPrefix, tenant.region) : null,
    };
    return this.store.recordReconcileOutcome({
      tenantId: tenant.id,
      observedGeneration: tenant.generation,
      status: tenant.suspended ? 'SUSPENDED' : 'ACTIVE',
      conditions: mergeConditions(tenant.conditions, updates, new Date()),
      cognito,
    });
  }

  private async recordDriftReported(tenant: Tenant, plan: PlanStep[]): Promise<RecordedTenantState | null> {
    const message = `Cognito differs from the spec; not corrected (driftPolicy REPORT_ONLY): ${describePlan(plan).join('; ')}`;
    return this.store.recordReconcileOutcome({
      tenantId: tenant.id,
      observedGeneration: tenant.generation,
      status: 'DEGRADED',
      conditions: mergeConditions(
        tenant.conditions,
        [
          { type: 'Synced', status: 'False', reason: 'Drifted', message },
          { type: 'Degraded', status: 'True', reason: 'Drifted', message },
        ],
        new Date(),
      ),
    });
  }

  private async recordDeleted(tenant: Tenant): Promise<RecordedTenantState | null> {
    const retained = tenant.isolationModel === 'DEDICATED_POOL' && tenant.deletionPolicy === 'RETAIN';
    return this.store.recordReconcileOutcome({
      tenantId: tenant.id,
      observedGeneration: tenant.generation,
      status: 'DELETED',
      conditions: mergeConditions(
        tenant.conditions,
        [
          {
            type: 'Ready',
            status: 'False',
            reason: 'Deleted',
            message: retained
              ? 'the user pool was kept (deletionPolicy RETAIN) and released from idplane'
              : "idplane's Cognito resources for the tenant are gone",
          },
          { type: 'Synced', status: 'True', reason: 'Deleted', message: '' },
          { type: 'Degraded', status: 'False', reason: 'Deleted', message: '' },
        ],
        new Date(),
      ),
      // A retained pool keeps its id on record, so operators can find what was left behind.
      cognito: retained ? {} : { userPoolId: null, appClientId: null, issuer: null, domain: null },
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
