import { groupNameFor, Tenant } from '@idplane/tenancy';
import { DesiredGroup, DesiredTenantResources, DesiredUserPool, PoolSettings } from './desired-state';
import { hostedUiDomainPrefix } from './hosted-ui-domain';

export const MANAGED_BY_TAG = 'managed-by';
export const MANAGED_BY_VALUE = 'idplane';
export const TENANT_ID_TAG = 'idplane:tenant-id';
export const ENVIRONMENT_TAG = 'idplane:environment';
export const SHARED_POOL_TAG = 'idplane:shared-pool';
export const TENANT_ID_ATTRIBUTE = 'tenant_id';
/** The tags idplane puts on a dedicated pool; RETAIN deletion removes exactly these. */
export const OWNED_POOL_TAG_KEYS = [MANAGED_BY_TAG, ENVIRONMENT_TAG, TENANT_ID_TAG];

export interface CompileContext {
  /** IDPLANE_ENVIRONMENT: keeps several idplane installs in one AWS account apart. */
  environment: string;
}

export type TenantToCompile = Pick<
  Tenant,
  | 'id'
  | 'slug'
  | 'isolationModel'
  | 'suspended'
  | 'callbackUrls'
  | 'logoutUrls'
  | 'oauthScopes'
  | 'passwordPolicy'
  | 'mfa'
  | 'threatProtection'
  | 'deletionProtection'
> &
  Partial<Pick<Tenant, 'sharedPoolShard'>>;

const DEFAULT_ROLES: { role: string; description: string; precedence: number }[] = [
  { role: 'admin', description: 'Tenant administrators', precedence: 10 },
  { role: 'member', description: 'Tenant members', precedence: 20 },
];

const USER_ATTRIBUTES = ['email', 'email_verified', 'name', 'given_name', 'family_name'];
const SIGN_IN_FLOWS = ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'];

const SHARED_POOL_SETTINGS: PoolSettings = {
  passwordPolicy: {
    minimumLength: 8,
    requireUppercase: true,
    requireLowercase: true,
    requireNumbers: true,
    requireSymbols: true,
    temporaryPasswordValidityDays: 7,
  },
  mfa: 'OFF',
  threatProtection: 'OFF',
  tier: 'ESSENTIALS',
  // A shard holds many tenants' users: it must never be deleted by accident.
  deletionProtection: true,
};

/** One of the environment's shared pools (shards). Its name is deterministic so observe can find it. */
export function compileSharedPool(ctx: CompileContext, shard = 0): DesiredUserPool {
  const name = `idplane-${ctx.environment}-shared-${shard}`;
  return {
    name,
    tags: {
      [MANAGED_BY_TAG]: MANAGED_BY_VALUE,
      [ENVIRONMENT_TAG]: ctx.environment,
      [SHARED_POOL_TAG]: String(shard),
    },
    // Immutable, so a user can never move themselves into another tenant after sign-up.
    customAttributes: [{ name: TENANT_ID_ATTRIBUTE, mutable: false, maxLength: 64 }],
    settings: SHARED_POOL_SETTINGS,
    domainPrefix: hostedUiDomainPrefix(ctx.environment, `shared-${shard}`, name),
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
        settings: {
          passwordPolicy: { ...tenant.passwordPolicy },
          mfa: tenant.mfa,
          threatProtection: tenant.threatProtection,
          tier: tenant.threatProtection === 'OFF' ? 'ESSENTIALS' : 'PLUS',
          deletionProtection: tenant.deletionProtection,
        },
        domainPrefix: hostedUiDomainPrefix(ctx.environment, tenant.slug, tenant.id),
      }
    : compileSharedPool(ctx, tenant.sharedPoolShard ?? 0);
  const groups: DesiredGroup[] = DEFAULT_ROLES.map((r) => ({
    name: groupNameFor(tenant, r.role),
    description: dedicated ? r.description : `${r.description} of ${tenant.slug}`,
    precedence: r.precedence,
  }));
  // Suspension strips every sign-in path from the client and keeps the client itself (see TenantService).
  const oauthOn = !tenant.suspended && tenant.callbackUrls.length > 0;
  return {
    tenantId: tenant.id,
    userPool,
    ownsUserPool: dedicated,
    appClient: {
      name: `idplane-${tenant.slug}-web`,
      explicitAuthFlows: tenant.suspended ? [] : SIGN_IN_FLOWS,
      supportedIdentityProviders: tenant.suspended ? [] : ['COGNITO'],
      // tenant_id is readable so apps can scope sessions, and never writable through the client.
      readAttributes: [...USER_ATTRIBUTES, `custom:${TENANT_ID_ATTRIBUTE}`],
      writeAttributes: USER_ATTRIBUTES.filter((a) => a !== 'email_verified'),
      callbackUrls: [...tenant.callbackUrls],
      logoutUrls: [...tenant.logoutUrls],
      oauthFlows: oauthOn ? ['code'] : [],
      oauthScopes: oauthOn ? [...tenant.oauthScopes] : [],
    },
    groups,
  };
}
