import type { IsolationModel } from './tenant';

/** Group name for a tenant role: the role itself in a dedicated pool, tenant-prefixed in a shared one. */
export function groupNameFor(tenant: { slug: string; isolationModel: IsolationModel }, role: string): string {
  return tenant.isolationModel === 'DEDICATED_POOL' ? role : `${tenant.slug}.${role}`;
}
