import type { TenantStatus } from './tenant';

/**
 * The lifecycle event of a tenant reaching a new settled status, for webhook delivery. Postgres writes it (a trigger
 * on tenants, migration 1764640000000) in the transaction that changes the status, whichever code path that is.
 */
export const TENANT_STATUS_CHANGED_TOPIC = 'tenant.status_changed';

/** Transitions into these are announced; PENDING and PROVISIONING are steps on the way, not news. */
export const ANNOUNCED_TENANT_STATUSES: readonly TenantStatus[] = [
  'ACTIVE',
  'DEGRADED',
  'FAILED',
  'SUSPENDED',
  'DELETING',
  'DELETED',
];

export interface TenantStatusChangedEvent {
  tenantId: string;
  slug: string;
  from: TenantStatus;
  to: TenantStatus;
  generation: number;
  observedGeneration: number;
}
