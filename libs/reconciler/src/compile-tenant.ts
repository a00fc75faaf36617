import { groupNameFor, IsolationModel } from '@idplane/tenancy';
import { DesiredGroup, DesiredTenantResources, DesiredUserPool } from './desired-state';

export const MANAGED_BY_TAG = 'managed-by';
export const MANAGED_BY_VALUE = 'idplane';
export const TENANT_ID_TAG = 'idplane:tenant-id';
export const ENVIRONMENT_TAG = 'idplane:environment';
export const SHARED_POOL_TAG = 'idplane:shared-pool';
export const TENANT_ID_ATTRIBUTE = 'tenant_id';

export interface CompileContext {
  /** IDPLANE_ENVIRONMENT: keeps several idplane installs in one AWS account apart. */
  environment: string;
}

export interface TenantToCompile {
  id: string;
  slug: string;
  isolationModel: IsolationModel;
}

const DEFAULT_ROLES: { role: string; description: string; precedence: number }[] = [
  { role: 'admin', description: 'Tenant administrators', precedence: 10 },
  { role: 'member', description: 'Tenant members', precedence: 20 },
];

const USER_ATTRIBUTES = ['email', 'email_verified', 'name', 'given_name', 'family_name'];

/** The environment's shared pool. Shard 0 until sharding arrives; its name is deterministic so observe can find it. */
export function compileSharedPool(ctx: CompileContext): DesiredUserPool {
  return {
    name: `idplane-${ctx.environment}-shared-0`,
    tags: { [MANAGED_BY_TAG]: MANAGED_BY_VALUE, [ENVIRONMENT_TAG]: ctx.environment, [SHARED_POOL_TAG]: '0' },
    // Immutable, so a user can never move themselves into another tenant after sign-up.
    customAttributes: [{ name: TENANT_ID_ATTRIBUTE, mutable: false, maxLength: 64 }],
  };
}

/** Compiles a tenant's spec into the Cognito resources it should have. Pure and deterministic. */
export function compileTenant(tenant: TenantToCompile, ctx: CompileContext): DesiredTenantResources {
  const dedicated = tenant.isolationModel === 'DEDICATED_POOL';
  const userPool: DesiredUserPool = dedicated
    ? {
        name: `idplane-${ctx.environment}-${tenant.slug}`,
        tags: {
          [MANAGED_BY_TAG]: MANAGED_BY_VALUE,
          [ENVIRONMENT_TAG]: ctx.environment,
          [TENANT_ID_TAG]: tenant.id,
        },
        customAttributes: [{ name: TENANT_ID_ATTRIBUTE, mutable: false, maxLength: 64 }],
      }
    : compileSharedPool(ctx);
  const groups: DesiredGroup[] = DEFAULT_ROLES.map((r) => ({
    name: groupNameFor(tenant, r.role),
    description: dedicated ? r.description : `${r.description} of ${tenant.slug}`,
    precedence: r.precedence,
  }));
  return {
    tenantId: tenant.id,
    userPool,
    ownsUserPool: dedicated,
    appClient: {
      name: `idplane-${tenant.slug}-web`,
      explicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'],
      supportedIdentityProviders: ['COGNITO'],
      // tenant_id is readable so apps can scope sessions, and never writable through the client.
      readAttributes: [...USER_ATTRIBUTES, `custom:${TENANT_ID_ATTRIBUTE}`],
      writeAttributes: USER_ATTRIBUTES.filter((a) => a !== 'email_verified'),
    },
    groups,
  };
}
