import type { CognitoGateway } from '@idplane/cognito';
import type { Tenant } from '@idplane/tenancy';
import { CompileContext, compileTenant } from './compile-tenant';
import { ObservedGroup, ObservedTenantResources } from './desired-state';
import {
  findIdentityProviders,
  findUserPool,
  observeMachineAccess,
  observeRiskConfiguration,
  observeTenant,
  toObservedClient,
  toObservedGroup,
  toObservedPool,
} from './observe-tenant';
import type { LoadedTenantChildren } from './reconcile-sources';
import { planTenant } from './tenant-plan';

/** What a drift scan found: tenants whose Cognito resources no longer match their applied spec. */
export interface DriftScan {
  checked: number;
  drifted: string[];
  /** Cognito calls made, by operation. */
  calls: Record<string, number>;
}

const SETTLED = ['ACTIVE', 'DEGRADED', 'SUSPENDED'];
const NO_CHILDREN: LoadedTenantChildren = {
  children: { roles: null, identityProviders: [] },
  inventory: [],
  mayHaveIdentityPool: true,
};

/**
 * Looks for drift with as few reads as Cognito allows: a shared pool is described once and its groups are read in
 * List pages once for all its tenants; each tenant's app client and each of its IdPs need a Describe of their own
 * (Cognito has no batch read of client settings or IdP details), and so do its resource servers and machine
 * clients. A dedicated tenant costs its pool's Describe, its
 * client's, one ListGroups and a Describe per IdP. Read-only: correcting or reporting is left to a reconcile of
 * each drifted tenant. `children` holds each tenant's roles, IdPs and inventory (loadTenantChildren).
 */
export async function scanForDrift(
  gateway: CognitoGateway,
  tenants: Tenant[],
  ctx: CompileContext,
  children: Map<string, LoadedTenantChildren>,
): Promise<string[]> {
  const drifted: string[] = [];
  const loaded = (tenant: Tenant) => children.get(tenant.id) ?? NO_CHILDREN;
  // Tenants mid-change are skipped: a reconcile is on its way for them anyway, and that is not drift.
  const settled = tenants.filter((t) => SETTLED.includes(t.status) && t.observedGeneration === t.generation);
  const byPool = new Map<string, Tenant[]>();
  for (const tenant of settled) {
    if (tenant.isolationModel === 'SHARED_POOL' && tenant.cognito.userPoolId && tenant.cognito.appClientId) {
      const list = byPool.get(tenant.cognito.userPoolId) ?? [];
      list.push(tenant);
      byPool.set(tenant.cognito.userPoolId, list);
      continue;
    }
    const { children: own, inventory } = loaded(tenant);
    const desired = compileTenant(tenant, ctx, own);
    const pool = desired.ownsUserPool
      ? await findUserPool(gateway, desired.userPool, tenant.cognito.userPoolId, tenant.id)
      : null;
    const observed = await observeTenant(gateway, desired, pool, tenant.cognito, inventory);
    if (planTenant(desired, observed).length > 0) drifted.push(tenant.id);
  }

  for (const [poolId, poolTenants] of byPool) {
    const pool = await gateway.describeUserPool(poolId);
    if (!pool) {
      drifted.push(...poolTenants.map((t) => t.id));
      continue;
    }
    const observedPool = toObservedPool(pool);
    const groups = new Map<string, ObservedGroup>(
      (await gateway.listGroups(poolId)).map((g) => [g.GroupName ?? '', toObservedGroup(g)]),
    );
    for (const tenant of poolTenants) {
      const { children: own, inventory } = loaded(tenant);
      const desired = compileTenant(tenant, ctx, own);
      const ownGroups = new Set([
        ...desired.groups.map((g) => g.name),
        ...inventory.filter((r) => r.kind === 'Group').map((r) => r.name),
      ]);
      const client = await gateway.describeUserPoolClient(poolId, tenant.cognito.appClientId!);
      const identityProviders = await findIdentityProviders(gateway, poolId, desired, inventory);
      const machineAccess = await observeMachineAccess(gateway, poolId, desired, inventory);
      const appClient =
        client && client.ClientName === desired.appClient.name ? toObservedClient(client) : null;
      const observed: ObservedTenantResources = {
        userPool: observedPool.name === desired.userPool.name ? observedPool : null,
        appClient,
        groups: [...ownGroups].map((name) => groups.get(name)).filter((g) => g !== undefined),
        identityProviders,
        ...machineAccess,
        // Read only where the shard has threat protection (SHARED_POOL_THREAT_PROTECTION): none otherwise.
        riskConfiguration: await observeRiskConfiguration(gateway, observedPool, appClient),
      };
      if (planTenant(desired, observed).length > 0) drifted.push(tenant.id);
    }
  }
  return drifted;
}
