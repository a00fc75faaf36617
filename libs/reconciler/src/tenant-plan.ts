import { OWNED_POOL_TAG_KEYS } from './compile-tenant';
import {
  DesiredAppClient,
  DesiredTenantResources,
  ObservedAppClient,
  ObservedTenantResources,
  ObservedUserPool,
  PoolSettings,
} from './desired-state';

export type PlanAction = 'create' | 'update' | 'delete';
export type PlanResource = 'UserPool' | 'Tags' | 'CustomAttribute' | 'Domain' | 'AppClient' | 'Group';

/** One change the apply step will make. Parents come before children on create, children first on delete. */
export interface PlanStep {
  action: PlanAction;
  resource: PlanResource;
  name: string;
  /** For updates: the fields that differ. */
  changes?: string[];
}

const sameSet = (a: string[], b: string[]) =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

const CLIENT_SET_FIELDS = [
  'explicitAuthFlows',
  'supportedIdentityProviders',
  'readAttributes',
  'writeAttributes',
  'callbackUrls',
  'logoutUrls',
  'oauthFlows',
  'oauthScopes',
] as const satisfies readonly (keyof DesiredAppClient & keyof ObservedAppClient)[];

/** The managed pool settings that differ, by name (passwordPolicy counts as one). */
export function poolSettingChanges(desired: PoolSettings, observed: PoolSettings): string[] {
  const changes: string[] = [];
  const policyKeys = Object.keys(desired.passwordPolicy) as (keyof PoolSettings['passwordPolicy'])[];
  if (policyKeys.some((key) => desired.passwordPolicy[key] !== observed.passwordPolicy[key]))
    changes.push('passwordPolicy');
  for (const key of ['mfa', 'threatProtection', 'tier', 'deletionProtection'] as const) {
    if (desired[key] !== observed[key]) changes.push(key);
  }
  return changes;
}

function missingTags(desired: Record<string, string>, pool: ObservedUserPool): boolean {
  return Object.entries(desired).some(([key, value]) => pool.tags[key] !== value);
}

/**
 * Diffs desired against observed into an ordered plan. An in-sync tenant yields an empty plan, which is what makes
 * a repeated reconcile free of mutating calls. A missing shared pool is planned (for previews) but is created by
 * the reconciler under its own lock, never by applying this step.
 */
export function planTenant(desired: DesiredTenantResources, observed: ObservedTenantResources): PlanStep[] {
  const steps: PlanStep[] = [];
  const pool = observed.userPool;
  if (!pool) {
    steps.push({ action: 'create', resource: 'UserPool', name: desired.userPool.name });
    if (desired.ownsUserPool)
      steps.push({ action: 'create', resource: 'Domain', name: desired.userPool.domainPrefix });
  } else {
    if (desired.ownsUserPool) {
      const changes = poolSettingChanges(desired.userPool.settings, pool.settings);
      if (changes.length > 0)
        steps.push({ action: 'update', resource: 'UserPool', name: pool.name, changes });
      if (missingTags(desired.userPool.tags, pool))
        steps.push({ action: 'update', resource: 'Tags', name: pool.name });
    }
    for (const attribute of desired.userPool.customAttributes) {
      if (!pool.customAttributes.includes(`custom:${attribute.name}`)) {
        steps.push({ action: 'create', resource: 'CustomAttribute', name: attribute.name });
      }
    }
    // An operator's own domain on a dedicated pool is left alone: a pool has room for one prefix domain.
    if (desired.ownsUserPool && pool.domainPrefix === null)
      steps.push({ action: 'create', resource: 'Domain', name: desired.userPool.domainPrefix });
  }

  const client = observed.appClient;
  if (!client) {
    steps.push({ action: 'create', resource: 'AppClient', name: desired.appClient.name });
  } else {
    const changes = CLIENT_SET_FIELDS.filter((field) => !sameSet(desired.appClient[field], client[field]));
    if (changes.length > 0)
      steps.push({ action: 'update', resource: 'AppClient', name: client.name, changes: [...changes] });
  }

  const observedGroups = new Map(observed.groups.map((g) => [g.name, g]));
  for (const group of desired.groups) {
    const found = observedGroups.get(group.name);
    if (!found) {
      steps.push({ action: 'create', resource: 'Group', name: group.name });
      continue;
    }
    const changes: string[] = [];
    if (found.description !== group.description) changes.push('description');
    if (found.precedence !== group.precedence) changes.push('precedence');
    if (changes.length > 0) steps.push({ action: 'update', resource: 'Group', name: group.name, changes });
  }
  return steps;
}

/**
 * The plan that removes what idplane created for a tenant, children before parents. A shared pool is never
 * touched: only the tenant's client and groups go. A dedicated pool is deleted (deletion protection off first, then
 * its domain, which Cognito requires gone before the pool), or with RETAIN kept and stripped of idplane's tags.
 */
export function planTenantDeletion(
  desired: DesiredTenantResources,
  observed: ObservedTenantResources,
  deletionPolicy: 'DELETE' | 'RETAIN',
): PlanStep[] {
  const pool = observed.userPool;
  if (!pool) return [];
  if (!desired.ownsUserPool) {
    const desiredGroups = new Set(desired.groups.map((g) => g.name));
    return [
      ...observed.groups
        .filter((g) => desiredGroups.has(g.name))
        .map((g): PlanStep => ({ action: 'delete', resource: 'Group', name: g.name })),
      ...(observed.appClient
        ? [{ action: 'delete', resource: 'AppClient', name: observed.appClient.name } as PlanStep]
        : []),
    ];
  }
  if (deletionPolicy === 'RETAIN') {
    return OWNED_POOL_TAG_KEYS.some((key) => key in pool.tags)
      ? [{ action: 'delete', resource: 'Tags', name: pool.name }]
      : [];
  }
  const steps: PlanStep[] = [];
  if (pool.settings.deletionProtection)
    steps.push({ action: 'update', resource: 'UserPool', name: pool.name, changes: ['deletionProtection'] });
  if (pool.domainPrefix) steps.push({ action: 'delete', resource: 'Domain', name: pool.domainPrefix });
  steps.push({ action: 'delete', resource: 'UserPool', name: pool.name });
  return steps;
}
