import { MappingSnapshot, SnapshotTenant } from '../../../libs/access/src/mapping-snapshot';

export const TENANT_ID_ATTRIBUTE = 'custom:tenant_id';

export type TenantResolution =
  | { kind: 'resolved'; tenantId: string; tenant: SnapshotTenant; by: 'app-client' | 'attribute' }
  | { kind: 'unknown-tenant' }
  /** The app client belongs to one tenant and the user to another: a user of A signing in through B's app. */
  | { kind: 'tenant-mismatch'; clientTenantId: string; userTenantId: string }
  /** The tenant lives in another user pool than the one that sent the event. */
  | { kind: 'pool-mismatch'; tenantId: string };

export interface SignInContext {
  userPoolId: string;
  clientId: string;
  userAttributes: Readonly<Record<string, string>>;
}

function tenantById(snapshot: MappingSnapshot, tenantId: string): SnapshotTenant | undefined {
  return Object.prototype.hasOwnProperty.call(snapshot.tenants, tenantId)
    ? snapshot.tenants[tenantId]
    : undefined;
}

function tenantOwningClient(snapshot: MappingSnapshot, clientId: string): string | undefined {
  return Object.entries(snapshot.tenants).find(([, t]) => t.appClientIds.includes(clientId))?.[0];
}

/**
 * Finds the tenant a sign-in belongs to: by the app client, else by the user's immutable `custom:tenant_id`.
 * When both are known they must agree, and the tenant must live in the event's user pool.
 */
export function resolveTenant(snapshot: MappingSnapshot, ctx: SignInContext): TenantResolution {
  const clientTenantId = tenantOwningClient(snapshot, ctx.clientId);
  const attribute = ctx.userAttributes[TENANT_ID_ATTRIBUTE];
  const userTenantId = attribute !== undefined && attribute.trim() !== '' ? attribute.trim() : undefined;
  if (clientTenantId !== undefined && userTenantId !== undefined && clientTenantId !== userTenantId) {
    return { kind: 'tenant-mismatch', clientTenantId, userTenantId };
  }
  const tenantId = clientTenantId ?? userTenantId;
  const tenant = tenantId === undefined ? undefined : tenantById(snapshot, tenantId);
  if (tenantId === undefined || tenant === undefined) return { kind: 'unknown-tenant' };
  if (tenant.userPoolId !== null && tenant.userPoolId !== ctx.userPoolId)
    return { kind: 'pool-mismatch', tenantId };
  return {
    kind: 'resolved',
    tenantId,
    tenant,
    by: clientTenantId !== undefined ? 'app-client' : 'attribute',
  };
}
