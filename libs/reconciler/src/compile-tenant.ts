import { createHash } from 'node:crypto';
import { DEFAULT_ROLES, ROLE_DESCRIPTION_MAX, withGroupNames, type Role } from '@idplane/access';
import {
  extraCustomAttributes,
  IDP_GROUPS_ATTRIBUTE,
  secretContext,
  SHARED_POOL_CLAIM_ATTRIBUTES,
  type StoredIdentityProvider,
} from '@idplane/federation';
import { Tenant, USER_ADMIN_SCOPE } from '@idplane/tenancy';
import {
  DesiredCustomAttribute,
  DesiredGroup,
  DesiredIdentityProvider,
  DesiredMachineClient,
  DesiredResourceServer,
  DesiredTenantResources,
  DesiredUserPool,
  PoolSettings,
} from './desired-state';
import { hostedUiDomainPrefix } from './hosted-ui-domain';
import { cognitoProviderDetails } from './identity-provider-details';

export const MANAGED_BY_TAG = 'managed-by';
export const MANAGED_BY_VALUE = 'idplane';
export const TENANT_ID_TAG = 'idplane:tenant-id';
export const ENVIRONMENT_TAG = 'idplane:environment';
export const SHARED_POOL_TAG = 'idplane:shared-pool';
export const TENANT_ID_ATTRIBUTE = 'tenant_id';
/** Where IdP group claims land (`custom:idp_groups`), ready for role mappings. */
export const IDP_GROUPS_CUSTOM_ATTRIBUTE = IDP_GROUPS_ATTRIBUTE.slice('custom:'.length);
/** The tags idplane puts on a dedicated pool; RETAIN deletion removes exactly these. */
export const OWNED_POOL_TAG_KEYS = [MANAGED_BY_TAG, ENVIRONMENT_TAG, TENANT_ID_TAG];

export interface CompileContext {
  /** IDPLANE_ENVIRONMENT: keeps several idplane installs in one AWS account apart. */
  environment: string;
  /**
   * SHARED_POOL_THREAT_PROTECTION: the shared pools' threat protection (OFF by default). Anything but OFF puts every
   * shard on the PLUS tier, and lets shared tenants have a risk configuration on their own client.
   */
  sharedPoolThreatProtection?: PoolSettings['threatProtection'];
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
  Partial<Pick<Tenant, 'resourceServers' | 'machineClients' | 'riskConfiguration'>> &
  Partial<Pick<Tenant, 'sharedPoolShard'>>;

export type IdentityProviderToCompile = Pick<
  StoredIdentityProvider,
  'id' | 'cognitoProviderName' | 'type' | 'details' | 'attributeMapping' | 'emailDomains' | 'secretCiphertext'
>;

/** What a tenant owns besides its spec row: its roles and its identity providers, as stored. */
export interface TenantChildren {
  /** Null: the tenant never saved its roles, so it has the default ones. */
  roles: readonly Role[] | null;
  identityProviders: readonly IdentityProviderToCompile[];
}

/** An attribute an IdP claim is mapped to: rewritten at every federated sign-in, so mutable, at Cognito's maximum. */
const claimAttribute = (name: string): DesiredCustomAttribute => ({ name, mutable: true, maxLength: 2048 });

/** Every pool idplane manages has these: the tenant id (immutable) and the IdP group claim. */
const POOL_CUSTOM_ATTRIBUTES: DesiredCustomAttribute[] = [
  // Immutable, so a user can never move themselves into another tenant after sign-up.
  { name: TENANT_ID_ATTRIBUTE, mutable: false, maxLength: 64 },
  claimAttribute(IDP_GROUPS_CUSTOM_ATTRIBUTE),
];

/** A shared pool defines the fixed set of claim attributes up front: its schema is common to all its tenants. */
const SHARED_POOL_CUSTOM_ATTRIBUTES: DesiredCustomAttribute[] = [
  ...POOL_CUSTOM_ATTRIBUTES,
  ...SHARED_POOL_CLAIM_ATTRIBUTES.map(claimAttribute),
];

/** A dedicated pool's schema: the common attributes and whatever custom attributes its IdPs are mapped to. */
function dedicatedPoolCustomAttributes(
  identityProviders: readonly IdentityProviderToCompile[],
): DesiredCustomAttribute[] {
  // extraCustomAttributes leaves out tenant_id and idp_groups, which every pool has already.
  const mapped = new Set(identityProviders.flatMap((idp) => extraCustomAttributes(idp.attributeMapping)));
  return [...POOL_CUSTOM_ATTRIBUTES, ...[...mapped].sort().map(claimAttribute)];
}

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

function sharedPoolSettings(ctx: CompileContext): PoolSettings {
  const threatProtection = ctx.sharedPoolThreatProtection ?? 'OFF';
  return threatProtection === 'OFF'
    ? SHARED_POOL_SETTINGS
    : { ...SHARED_POOL_SETTINGS, threatProtection, tier: 'PLUS' };
}

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
    customAttributes: SHARED_POOL_CUSTOM_ATTRIBUTES,
    settings: sharedPoolSettings(ctx),
    domainPrefix: hostedUiDomainPrefix(ctx.environment, `shared-${shard}`, name),
  };
}

/** The role's group: Precedence and RoleArn as the role says; in a shared pool the description names the tenant. */
function compileGroup(tenant: TenantToCompile, role: Role & { group: string }): DesiredGroup {
  const description =
    tenant.isolationModel === 'DEDICATED_POOL'
      ? role.description
      : `${role.description || role.name} of ${tenant.slug}`.slice(0, ROLE_DESCRIPTION_MAX);
  return { name: role.group, description, precedence: role.precedence, roleArn: role.iamRoleArn };
}

/** A hash of the sealed value, never of the secret: it changes exactly when the API stores a new seal. */
function sealFingerprint(sealed: string): string {
  return createHash('sha256').update(sealed).digest('hex').slice(0, 32);
}

function compileIdentityProvider(idp: IdentityProviderToCompile): DesiredIdentityProvider {
  const cognito = cognitoProviderDetails(idp.details);
  return {
    name: idp.cognitoProviderName,
    providerType: cognito.providerType,
    providerDetails: cognito.details,
    managedDetailKeys: cognito.managedKeys,
    attributeMapping: { ...idp.attributeMapping },
    idpIdentifiers: [...idp.emailDomains],
    secret:
      cognito.secretKey !== null && idp.secretCiphertext !== null
        ? {
            detailKey: cognito.secretKey,
            sealed: idp.secretCiphertext,
            context: secretContext(idp.id),
            fingerprint: sealFingerprint(idp.secretCiphertext),
          }
        : null,
  };
}

/** Cognito's access token lifetime when a client sets none. */
export const DEFAULT_ACCESS_TOKEN_MINUTES = 60;

/**
 * The Cognito identifier of a tenant's resource server. In a shared pool it is prefixed with `<slug>.`: identifiers
 * are unique per pool, and slugs have no dot, so the prefix can't collide with another tenant's namespace.
 */
export function resourceServerIdentifier(identifier: string, sharedPoolSlug: string | null): string {
  return sharedPoolSlug === null ? identifier : `${sharedPoolSlug}.${identifier}`;
}

/** `idplane-<slug>-m2m.<name>`: the dot (absent from slugs and client names) keeps tenants' names apart. */
export function machineClientName(slug: string, name: string): string {
  return `idplane-${slug}-m2m.${name}`;
}

function compileMachineAccess(
  tenant: TenantToCompile,
  sharedPoolSlug: string | null,
): { resourceServers: DesiredResourceServer[]; machineClients: DesiredMachineClient[] } {
  const resourceServers = (tenant.resourceServers ?? [])
    .map((server) => ({
      identifier: resourceServerIdentifier(server.identifier, sharedPoolSlug),
      name: server.name,
      scopes: server.scopes.map((s) => ({ name: s.name, description: s.description })),
    }))
    .sort((a, b) => a.identifier.localeCompare(b.identifier));
  const machineClients = (tenant.machineClients ?? [])
    .map((client) => ({
      name: machineClientName(tenant.slug, client.name),
      // The prefix goes on the identifier part only: `<slug>.<identifier>/<scope>`.
      scopes: client.scopes.map((scope) => resourceServerIdentifier(scope, sharedPoolSlug)),
      accessTokenValidityMinutes: client.accessTokenValidityMinutes ?? DEFAULT_ACCESS_TOKEN_MINUTES,
      // Suspension stops machine sign-in too: no new tokens until resumed.
      enabled: !tenant.suspended,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { resourceServers, machineClients };
}

/** Compiles a tenant's spec and children into the Cognito resources it should have. Pure and deterministic. */
export function compileTenant(
  tenant: TenantToCompile,
  ctx: CompileContext,
  children: TenantChildren,
): DesiredTenantResources {
  const dedicated = tenant.isolationModel === 'DEDICATED_POOL';
  const userPool: DesiredUserPool = dedicated
    ? {
        name: `idplane-${ctx.environment}-${tenant.slug}`,
        tags: {
          [MANAGED_BY_TAG]: MANAGED_BY_VALUE,
          [ENVIRONMENT_TAG]: ctx.environment,
          [TENANT_ID_TAG]: tenant.id,
        },
        customAttributes: dedicatedPoolCustomAttributes(children.identityProviders),
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
  const groups = withGroupNames(tenant, children.roles ?? DEFAULT_ROLES).map((role) =>
    compileGroup(tenant, role),
  );
  const identityProviders = [...children.identityProviders]
    .map(compileIdentityProvider)
    .sort((a, b) => a.name.localeCompare(b.name));
  // Cognito refuses a federated sign-in when the client can't write an attribute the IdP is mapped to.
  const mappedAttributes = identityProviders.flatMap((idp) => Object.keys(idp.attributeMapping));
  // Suspension strips every sign-in path from the client and keeps the client itself (see TenantService).
  const oauthOn = !tenant.suspended && tenant.callbackUrls.length > 0;
  return {
    tenantId: tenant.id,
    userPool,
    ownsUserPool: dedicated,
    appClient: {
      name: `idplane-${tenant.slug}-web`,
      explicitAuthFlows: tenant.suspended ? [] : SIGN_IN_FLOWS,
      // Only the tenant's own IdPs: this list is what keeps one tenant's users off another's IdPs in a shared pool.
      supportedIdentityProviders: tenant.suspended
        ? []
        : ['COGNITO', ...identityProviders.map((idp) => idp.name)],
      // tenant_id is readable so apps can scope sessions, and never writable through the client.
      readAttributes: [...USER_ATTRIBUTES, `custom:${TENANT_ID_ATTRIBUTE}`],
      writeAttributes: [
        ...new Set([...USER_ATTRIBUTES.filter((a) => a !== 'email_verified'), ...mappedAttributes]),
      ],
      callbackUrls: [...tenant.callbackUrls],
      logoutUrls: [...tenant.logoutUrls],
      oauthFlows: oauthOn ? ['code'] : [],
      // A spec stored before the user-admin scope was refused loses it here (see OAUTH_SCOPES).
      oauthScopes: oauthOn ? tenant.oauthScopes.filter((s) => (s as string) !== USER_ADMIN_SCOPE) : [],
    },
    groups,
    identityProviders,
    ...compileMachineAccess(tenant, dedicated ? null : tenant.slug),
    // Only a pool with threat protection can hold one (the validator refuses it otherwise).
    riskConfiguration:
      userPool.settings.threatProtection !== 'OFF' && tenant.riskConfiguration
        ? {
            compromisedCredentials: tenant.riskConfiguration.compromisedCredentials,
            accountTakeover: { ...tenant.riskConfiguration.accountTakeover },
          }
        : null,
    sharedPoolSlug: dedicated ? null : tenant.slug,
  };
}
