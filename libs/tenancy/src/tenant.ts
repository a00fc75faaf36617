export const ISOLATION_MODELS = ['SHARED_POOL', 'DEDICATED_POOL'] as const;
export type IsolationModel = (typeof ISOLATION_MODELS)[number];

export const TENANT_STATUSES = [
  'PENDING',
  'PROVISIONING',
  'ACTIVE',
  'DEGRADED',
  'SUSPENDED',
  'DELETING',
  'DELETED',
  'FAILED',
] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];

export const CONDITION_TYPES = ['Ready', 'Synced', 'Degraded', 'IdpCertificatesValid'] as const;
export type ConditionType = (typeof CONDITION_TYPES)[number];
/** The conditions a reconcile run writes; the others (IdpCertificatesValid) belong to other jobs. */
export const RECONCILER_CONDITION_TYPES: readonly ConditionType[] = ['Ready', 'Synced', 'Degraded'];
export type ConditionStatus = 'True' | 'False' | 'Unknown';

/** A Kubernetes-style condition: the latest observation of one aspect of a tenant. */
export interface Condition {
  type: ConditionType;
  status: ConditionStatus;
  reason: string;
  message: string;
  lastTransitionTime: string;
}

/** What idplane has observed in Cognito for a tenant. */
export interface CognitoRefs {
  userPoolId: string | null;
  appClientId: string | null;
  issuer: string | null;
  domain: string | null;
}

export const DELETION_POLICIES = ['DELETE', 'RETAIN'] as const;
export type DeletionPolicy = (typeof DELETION_POLICIES)[number];

export const DRIFT_POLICIES = ['CORRECT', 'REPORT_ONLY'] as const;
export type DriftPolicy = (typeof DRIFT_POLICIES)[number];

export const MFA_MODES = ['OFF', 'OPTIONAL', 'ON'] as const;
export type MfaMode = (typeof MFA_MODES)[number];

export const THREAT_PROTECTION_MODES = ['OFF', 'AUDIT', 'ENFORCED'] as const;
export type ThreatProtectionMode = (typeof THREAT_PROTECTION_MODES)[number];

/**
 * The web client's OAuth scopes. Not `aws.cognito.signin.user.admin`: it lets a signed-in user rewrite their own
 * attributes, and a federated user's include the IdP claims that role mappings read (custom:idp_groups and the
 * other mapped ones, which the client must be able to write for federation): a user could grant themselves a role.
 */
export const OAUTH_SCOPES = ['openid', 'email', 'profile', 'phone'] as const;
/** Refused, and dropped from specs stored before it was (see OAUTH_SCOPES). */
export const USER_ADMIN_SCOPE = 'aws.cognito.signin.user.admin';
export type OAuthScope = (typeof OAUTH_SCOPES)[number];

export interface PasswordPolicy {
  minimumLength: number;
  requireUppercase: boolean;
  requireLowercase: boolean;
  requireNumbers: boolean;
  requireSymbols: boolean;
  temporaryPasswordValidityDays: number;
}

/** Cognito's own defaults, so a tenant that never chose a policy gets what a new pool would have. */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  minimumLength: 8,
  requireUppercase: true,
  requireLowercase: true,
  requireNumbers: true,
  requireSymbols: true,
  temporaryPasswordValidityDays: 7,
};

export const DEFAULT_OAUTH_SCOPES: OAuthScope[] = ['openid', 'email', 'profile'];

/** A custom scope of a resource server; machine clients ask for it as `<identifier>/<name>`. */
export interface ResourceServerScope {
  name: string;
  description: string;
}

/** An OAuth resource server (an API) whose custom scopes the tenant's machine clients are granted. */
export interface ResourceServer {
  /** URL-like, unique per tenant; in a shared pool Cognito sees it prefixed `<slug>.` (see compileTenant). */
  identifier: string;
  name: string;
  scopes: ResourceServerScope[];
}

/** A machine-to-machine app client (client_credentials flow, with a Cognito-generated secret). */
export interface MachineClient {
  /** Short name, unique per tenant; the Cognito client is `idplane-<slug>-m2m.<name>`. */
  name: string;
  /** `<resource server identifier>/<scope name>`, each naming a scope the tenant declares. */
  scopes: string[];
  /** Null: Cognito's default of 60 minutes. */
  accessTokenValidityMinutes: number | null;
}

export const RISK_ACTIONS = ['BLOCK', 'MFA_IF_CONFIGURED', 'NO_ACTION'] as const;
export type RiskAction = (typeof RISK_ACTIONS)[number];
export const COMPROMISED_CREDENTIALS_ACTIONS = ['BLOCK', 'NO_ACTION'] as const;
export type CompromisedCredentialsAction = (typeof COMPROMISED_CREDENTIALS_ACTIONS)[number];

/** Threat protection's per-client answers to risky sign-ins (Cognito's risk configuration of the web client). */
export interface RiskConfiguration {
  compromisedCredentials: CompromisedCredentialsAction;
  accountTakeover: { low: RiskAction; medium: RiskAction; high: RiskAction };
}

/**
 * The part of a tenant's desired state a caller may change after creation. The pool settings (passwordPolicy, mfa,
 * threatProtection, deletionProtection) apply to DEDICATED_POOL tenants only; shared pools keep the shard's.
 */
export interface TenantSettings {
  displayName: string;
  deletionPolicy: DeletionPolicy;
  driftPolicy: DriftPolicy;
  callbackUrls: string[];
  logoutUrls: string[];
  oauthScopes: OAuthScope[];
  passwordPolicy: PasswordPolicy;
  mfa: MfaMode;
  threatProtection: ThreatProtectionMode;
  deletionProtection: boolean;
  resourceServers: ResourceServer[];
  machineClients: MachineClient[];
  /** DEDICATED_POOL with threatProtection AUDIT or ENFORCED only; null for none. */
  riskConfiguration: RiskConfiguration | null;
}

export interface Tenant extends TenantSettings {
  id: string;
  slug: string;
  isolationModel: IsolationModel;
  /** AWS region of the tenant's Cognito resources; fixed at creation. */
  region: string;
  /** Desired: sign-in stopped while the resources are kept. status becomes SUSPENDED once the worker applied it. */
  suspended: boolean;
  /** SHARED_POOL: the shard (shared pool) the worker placed the tenant in; null until its first reconcile. */
  sharedPoolShard: number | null;
  status: TenantStatus;
  generation: number;
  observedGeneration: number;
  conditions: Condition[];
  version: number;
  cognito: CognitoRefs;
  createdAt: Date;
  updatedAt: Date;
}

/** The fields a caller chooses when creating a tenant, already validated. */
export interface NewTenantSpec extends Partial<Omit<TenantSettings, 'displayName'>> {
  slug: string;
  displayName: string;
  isolationModel: IsolationModel;
  region?: string;
}

/** A new tenant's spec with every default filled in (the validator fills them too; stores call this to be sure). */
export function completeNewTenantSpec(
  spec: NewTenantSpec,
  defaultRegion = 'us-east-1',
): Required<NewTenantSpec> {
  return {
    region: defaultRegion,
    deletionPolicy: 'DELETE',
    driftPolicy: 'CORRECT',
    callbackUrls: [],
    logoutUrls: [],
    oauthScopes: DEFAULT_OAUTH_SCOPES,
    passwordPolicy: DEFAULT_PASSWORD_POLICY,
    mfa: 'OFF',
    threatProtection: 'OFF',
    deletionProtection: false,
    resourceServers: [],
    machineClients: [],
    riskConfiguration: null,
    ...Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)),
  } as unknown as Required<NewTenantSpec>;
}

/** A validated change to an existing tenant's desired state (only the fields given). */
export type TenantSettingsChange = Partial<TenantSettings>;
