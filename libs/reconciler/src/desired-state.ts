/** Cognito resources as idplane wants them: the output of compile, the input of diff. Plain data, no SDK types. */

export interface DesiredCustomAttribute {
  /** Without the `custom:` prefix. */
  name: string;
  mutable: boolean;
  maxLength: number;
}

export interface DesiredUserPool {
  name: string;
  tags: Record<string, string>;
  customAttributes: DesiredCustomAttribute[];
}

export interface DesiredAppClient {
  name: string;
  explicitAuthFlows: string[];
  supportedIdentityProviders: string[];
  readAttributes: string[];
  writeAttributes: string[];
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
  name: string;
  tags: Record<string, string>;
  customAttributes: string[];
}

export interface ObservedAppClient {
  id: string;
  name: string;
  explicitAuthFlows: string[];
  supportedIdentityProviders: string[];
  readAttributes: string[];
  writeAttributes: string[];
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
