import type { CognitoGateway } from '@idplane/cognito';
import type { Tenant } from '@idplane/tenancy';
import { CompileContext, compileTenant } from './compile-tenant';
import { ObservedGroup, ObservedTenantResources } from './desired-state';
import {
  findUserPool,
  observeTenant,
  toObservedClient,
  toObservedGroup,
  toObservedPool,
} from './observe-tenant';
import { planTenant } from './tenant-plan';

/** What a drift scan found: tenants whose Cognito resources no longer match their applied spec. */
export interface DriftScan {
  checked: number;
  drifted: string[];
  /** Cognito calls made, by operation. */
  calls: Record<string, number>;
}

const SETTLED = ['ACTIVE', 'DEGRADED', 'SUSPENDED'];

/**
 * Looks for drift with as few reads as Cognito allows: a shared pool is described once and its groups are read in
 * List pages once for all its tenants; only each tenant's app client needs a Describe of its own (Cognito has no
 * batch read of client settings). A dedicated tenant costs its pool's Describe, its client's and one ListGroups.
 * Read-only: correcting or reporting is left to a reconcile of each drifted tenant.
 */
export async function scanForDrift(
  gateway: CognitoGateway,
  tenants: Tenant[],
  ctx: CompileContext,
): Promise<string[]> {
  const drifted: string[] = [];
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
    const desired = compileTenant(tenant, ctx);
    const pool = desired.ownsUserPool
      ? await findUserPool(gateway, desired.userPool, tenant.cognito.userPoolId, tenant.id)
      : null;
    const observed = await observeTenant(gateway, desired, pool, tenant.cognito);
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
      const desired = compileTenant(tenant, ctx);
      const client = await gateway.describeUserPoolClient(poolId, tenant.cognito.appClientId!);
      const observed: ObservedTenantResources = {
        userPool: observedPool.name === desired.userPool.name ? observedPool : null,
        appClient: client && client.ClientName === desired.appClient.name ? toObservedClient(client) : null,
        groups: desired.groups.map((g) => groups.get(g.name)).filter((g) => g !== undefined),
      };
      if (planTenant(desired, observed).length > 0) drifted.push(tenant.id);
    }
  }
  return drifted;
}
