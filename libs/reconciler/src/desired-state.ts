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
}

export interface DesiredTenantResources {
  tenantId: string;
  /** DEDICATED_POOL: the tenant's own pool, which the tenant owns. SHARED_POOL: the shard it lives in, not owned. */
  userPool: DesiredUserPool;
  ownsUserPool: boolean;
  appClient: DesiredAppClient;
  groups: DesiredGroup[];
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
}

export interface ObservedTenantResources {
  userPool: ObservedUserPool | null;
  appClient: ObservedAppClient | null;
  groups: ObservedGroup[];
}
