import { ForbiddenError, NotFoundError, UnauthenticatedError } from '@idplane/errors';
import { Actor } from './actor';

/** Where a tenant-scoped operation names its tenant: directly, by slug, or through an object (node) it owns. */
export type TenantRef = { arg: string; by: 'id' | 'slug' | 'node' } | { inputField: string; by: 'id' };

/**
 * The access rule of one GraphQL operation. Every operation of the schema has exactly one; an operation without a
 * policy is refused (default deny), and a test fails for it.
 */
export type OperationPolicy =
  /** Platform admins only: creating tenants, platform-wide settings. */
  | { kind: 'platform-admin' }
  /** Platform admins, and the admins of the tenant the operation names; anyone else gets NOT_FOUND. */
  | { kind: 'tenant'; tenant: TenantRef }
  /** Platform admins see everything; tenant admins are served their own tenant's slice only. */
  | { kind: 'scoped-list' }
  /**
   * Any signed-in operator, including accounts in neither admin group (a sign-in page's own client): lookups that
   * run before the user has a tenant. Tenant admins are still scoped to their own tenant. Such an operation must
   * answer no more than its lookup does.
   */
  | { kind: 'any-operator' };

/** What the resolver may see: everything, or one tenant. */
export type AccessScope = { all: true } | { all: false; tenantId: string };

/**
 * Decides one operation for one actor. `targetTenantId` is the tenant the operation names (resolved from its
 * arguments), or null when that tenant does not exist. Denials to tenant admins are NOT_FOUND, so that another
 * tenant's existence never leaks.
 */
export function authorize(actor: Actor, policy: OperationPolicy, targetTenantId: string | null): AccessScope {
  if (actor.kind === 'anonymous') throw new UnauthenticatedError('a valid Bearer token is required');
  if (actor.kind === 'platform-admin') return { all: true };
  if (policy.kind === 'any-operator')
    return actor.kind === 'tenant-admin' ? { all: false, tenantId: actor.tenantId } : { all: true };
  if (actor.kind === 'no-role')
    throw new ForbiddenError('this account is neither a platform admin nor a tenant admin');
  switch (policy.kind) {
    case 'platform-admin':
      throw new ForbiddenError('only platform admins may do this');
    case 'scoped-list':
      return { all: false, tenantId: actor.tenantId };
    case 'tenant':
      if (targetTenantId !== null && targetTenantId === actor.tenantId)
        return { all: false, tenantId: actor.tenantId };
      throw new NotFoundError('tenant not found');
  }
}
