/** Cognito resources as idplane wants them: the output of compile, the input of diff. Plain data, no SDK types. */

export interface DesiredCustomAttribute {
  /** Without the `custom:` prefix. */
  name: string;
  mutable: boolean;
  maxLength: number;
}

/** The pool settings idplane manages. UpdateUserPool gets all of them every time, since it resets omitted ones. */
export interface PoolSettings {
  passwordPolicy: {
    minimumLength: number;
    requireUppercase: boolean;
    requireLowercase: boolean;
    requireNumbers: boolean;
    requireSymbols: boolean;
    temporaryPasswordValidityDays: number;
  };
  mfa: 'OFF' | 'OPTIONAL' | 'ON';
  /** AdvancedSecurityMode; anything but OFF needs the PLUS tier. */
  threatProtection: 'OFF' | 'AUDIT' | 'ENFORCED';
  tier: 'LITE' | 'ESSENTIALS' | 'PLUS';
  deletionProtection: boolean;
}

export interface DesiredUserPool {
  name: string;
  tags: Record<string, string>;
  customAttributes: DesiredCustomAttribute[];
  settings: PoolSettings;
  /** The hosted UI prefix domain (`<prefix>.auth.<region>.amazoncognito.com`). */
  domainPrefix: string;
}

export interface DesiredAppClient {
  name: string;
  explicitAuthFlows: string[];
  supportedIdentityProviders: string[];
  readAttributes: string[];
  writeAttributes: string[];
  callbackUrls: string[];
  logoutUrls: string[];
  /** Empty: the hosted UI / OAuth endpoints are off for this client. */
  oauthFlows: string[];
  oauthScopes: string[];
}

export interface DesiredGroup {
  name: string;
  description: string;
  precedence: number;
  /** The role's IAM role ARN, or null for none. */
  roleArn: string | null;
}

/** Where apply finds an IdP's secret: still sealed, opened only for the Create/Update call that sends it. */
export interface SealedProviderSecret {
  /** The ProviderDetails key it goes into: client_secret, or private_key for Sign in with Apple. */
  detailKey: string;
  sealed: string;
  /** The associated data it was sealed with (it opens only on its own IdP row). */
  context: string;
  /** A hash of the sealed value, never of the secret: it changes when the API stores a new secret. */
  fingerprint: string;
}

export interface DesiredIdentityProvider {
  /** Cognito's ProviderName: deterministic, unique per pool (see cognitoProviderNameFor). */
  name: string;
  /** Cognito's ProviderType: SAML, OIDC, Google, Facebook, LoginWithAmazon or SignInWithApple. */
  providerType: string;
  /** ProviderDetails without the secret. */
  providerDetails: Record<string, string>;
  /**
   * The ProviderDetails keys idplane owns and compares: those it sets, and those it must keep absent. Keys Cognito
   * adds on its own (discovered OIDC endpoints, SAML SLO URLs, ...) are not among them.
   */
  managedDetailKeys: string[];
  attributeMapping: Record<string, string>;
  /** The email domains of home-realm discovery. */
  idpIdentifiers: string[];
  secret: SealedProviderSecret | null;
}

export interface DesiredTenantResources {
  tenantId: string;
  /** DEDICATED_POOL: the tenant's own pool, which the tenant owns. SHARED_POOL: the shard it lives in, not owned. */
  userPool: DesiredUserPool;
  ownsUserPool: boolean;
  appClient: DesiredAppClient;
  groups: DesiredGroup[];
  identityProviders: DesiredIdentityProvider[];
  /**
   * In a shared pool, the slug that every name of the tenant's groups and IdPs is derived from (null in an owned
   * pool): deletion never touches a name outside the tenant's namespace, whatever the inventory says.
   */
  sharedPoolSlug: string | null;
}

/** What observe found, reduced to the fields diff compares. */
export interface ObservedUserPool {
  id: string;
  arn: string;
  name: string;
  tags: Record<string, string>;
  customAttributes: string[];
  settings: PoolSettings;
  domainPrefix: string | null;
  /**
   * Settings idplane does not manage (Lambda triggers, e-mail, verification messages, ...), carried into
   * UpdateUserPool unchanged so that an update of the managed ones doesn't reset them. Plain JSON.
   */
  unmanaged: Record<string, unknown>;
}

export interface ObservedAppClient {
  id: string;
  name: string;
  explicitAuthFlows: string[];
  supportedIdentityProviders: string[];
  readAttributes: string[];
  writeAttributes: string[];
  callbackUrls: string[];
  logoutUrls: string[];
  oauthFlows: string[];
  oauthScopes: string[];
}

export interface ObservedGroup {
  name: string;
  description: string;
  precedence: number | null;
  roleArn: string | null;
}

/** An IdP as Cognito describes it, with any secret already stripped: observed state never holds one. */
export interface ObservedIdentityProvider {
  name: string;
  providerType: string;
  providerDetails: Record<string, string>;
  attributeMapping: Record<string, string>;
  idpIdentifiers: string[];
  /** The fingerprint of the sealed secret idplane last applied successfully (from the inventory), if any. */
  appliedSecretFingerprint: string | null;
}

/**
 * The tenant's resources that exist. Groups and IdPs are only those the tenant owns: desired ones, and ones the
 * inventory says idplane created for it. Anything else in the pool (another tenant's, an operator's) is not here.
 */
export interface ObservedTenantResources {
  userPool: ObservedUserPool | null;
  appClient: ObservedAppClient | null;
  groups: ObservedGroup[];
  identityProviders: ObservedIdentityProvider[];
}
