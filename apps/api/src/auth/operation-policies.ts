import type { OperationPolicy } from '@idplane/admin-auth';

/**
 * The access rule of every root operation, in one table. The guard refuses an operation that is missing here,
 * and a unit test fails for it, so a new resolver cannot ship without a decision.
 */
export const OPERATION_POLICIES: Readonly<Record<string, OperationPolicy>> = {
  'Query.node': { kind: 'tenant', tenant: { arg: 'id', by: 'node' } },
  'Query.tenant': { kind: 'tenant', tenant: { arg: 'id', by: 'id' } },
  'Query.tenantBySlug': { kind: 'tenant', tenant: { arg: 'slug', by: 'slug' } },
  'Query.tenants': { kind: 'scoped-list' },
  'Query.auditEvents': { kind: 'scoped-list' },
  'Query.simulateRoleMapping': { kind: 'tenant', tenant: { arg: 'tenantId', by: 'id' } },
  'Query.tenantPlan': { kind: 'tenant', tenant: { arg: 'id', by: 'id' } },
  // Shards hold every shared tenant: their fill is the platform's capacity planning, not any one tenant's.
  'Query.sharedPoolShards': { kind: 'platform-admin' },
  // A sign-in page asks before the user has a tenant, with its own operator client (no admin group); tenant
  // admins find only their own tenant. The answer carries no more than id, slug, name, IdP and authorize URL.
  'Query.discoverTenant': { kind: 'any-operator' },
  'Mutation.createTenant': { kind: 'platform-admin' },
  'Mutation.updateTenant': { kind: 'tenant', tenant: { arg: 'id', by: 'id' } },
  'Mutation.reconcileTenant': { kind: 'tenant', tenant: { arg: 'id', by: 'id' } },
  'Mutation.deleteTenant': { kind: 'platform-admin' },
  'Mutation.suspendTenant': { kind: 'platform-admin' },
  'Mutation.resumeTenant': { kind: 'platform-admin' },
  'Mutation.setRoles': { kind: 'tenant', tenant: { arg: 'tenantId', by: 'id' } },
  'Mutation.setRoleMappings': { kind: 'tenant', tenant: { arg: 'tenantId', by: 'id' } },
  // IAM roles are the SaaS operator's AWS resources: only platform admins point a tenant's credentials at them.
  'Mutation.setIdentityPool': { kind: 'platform-admin' },
  'Mutation.removeIdentityPool': { kind: 'platform-admin' },
  'Mutation.addSamlIdentityProvider': { kind: 'tenant', tenant: { arg: 'tenantId', by: 'id' } },
  'Mutation.addOidcIdentityProvider': { kind: 'tenant', tenant: { arg: 'tenantId', by: 'id' } },
  'Mutation.addSocialIdentityProvider': { kind: 'tenant', tenant: { arg: 'tenantId', by: 'id' } },
  'Mutation.updateIdentityProvider': { kind: 'tenant', tenant: { arg: 'tenantId', by: 'id' } },
  'Mutation.removeIdentityProvider': { kind: 'tenant', tenant: { arg: 'tenantId', by: 'id' } },
  'Subscription.tenantStatusChanged': { kind: 'tenant', tenant: { arg: 'tenantId', by: 'id' } },
};
