import type { Redis } from 'ioredis';
import type { Condition, TenantStatus } from '@idplane/tenancy';

/** What the portal sees live while a tenant is provisioned: the tenant's status after each reconcile. */
export interface TenantStatusEvent {
  tenantId: string;
  status: TenantStatus;
  generation: number;
  observedGeneration: number;
  conditions: Condition[];
  at: string;
}

/** One Redis pub/sub channel per installation; every api replica subscribes and filters by tenant. */
export const tenantStatusChannel = (prefix: string) => `${prefix}:events:tenant-status`;

export async function publishTenantStatus(
  redis: Redis,
  prefix: string,
  event: TenantStatusEvent,
): Promise<void> {
  await redis.publish(tenantStatusChannel(prefix), JSON.stringify(event));
}
