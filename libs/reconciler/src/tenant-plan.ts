import { OWNED_POOL_TAG_KEYS } from './compile-tenant';
import {
  DesiredAppClient,
  DesiredGroup,
  DesiredIdentityProvider,
  DesiredMachineClient,
  DesiredResourceServer,
  DesiredRiskConfiguration,
  DesiredTenantResources,
  ObservedAppClient,
  ObservedGroup,
  ObservedIdentityProvider,
  ObservedMachineClient,
  ObservedResourceServer,
  ObservedTenantResources,
  ObservedUserPool,
  PoolSettings,
} from './desired-state';
import { providerDetailChanges, sameAttributeMapping } from './identity-provider-details';

export type PlanAction = 'create' | 'update' | 'delete';
export type PlanResource =
  | 'UserPool'
  | 'Tags'
  | 'CustomAttribute'
  | 'Domain'
  | 'AppClient'
  | 'Group'
  | 'IdentityProvider'
  | 'IdentityPool'
  | 'IdentityPoolRoles'
  | 'ResourceServer'
  | 'MachineClient'
  | 'RiskConfiguration';

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
 * Whether a group or IdP name lies in the tenant's namespace of a shared pool (every name does in an owned pool,
 * `sharedPoolSlug` null). Groups are `<slug>.<role>`; IdPs `<slug>.<name>`, or `<slug cut short>.~<hash>` when that
 * is too long (cognitoProviderNameFor).
 */
export function inTenantNamespace(
  kind: 'Group' | 'IdentityProvider' | 'ResourceServer' | 'MachineClient',
  name: string,
  sharedPoolSlug: string | null,
): boolean {
  if (sharedPoolSlug === null) return true;
  if (kind === 'Group' || kind === 'ResourceServer') return name.startsWith(`${sharedPoolSlug}.`);
  if (kind === 'MachineClient') return name.startsWith(`idplane-${sharedPoolSlug}-m2m.`);
  const dot = name.indexOf('.');
  if (dot <= 0) return false;
  const head = name.slice(0, dot);
  return head === sharedPoolSlug || (name.charAt(dot + 1) === '~' && sharedPoolSlug.startsWith(head));
}

/** The fields of a group that differ. */
export function groupChanges(desired: DesiredGroup, observed: ObservedGroup): string[] {
  const changes: string[] = [];
  if (observed.description !== desired.description) changes.push('description');
  if (observed.precedence !== desired.precedence) changes.push('precedence');
  if (observed.roleArn !== desired.roleArn) changes.push('roleArn');
  return changes;
}

/**
 * The fields of an IdP that differ: managed ProviderDetails keys by name, attributeMapping, idpIdentifiers, and the
 * secret's key when the sealed secret changed since it was last applied. Cognito's copy of a secret is never read
 * or compared: observed state never holds one, and a secret changed behind idplane's back goes unnoticed until the
 * next change of the IdP, which re-sends it (every Create and Update sends the secret).
 */
export function identityProviderChanges(
  desired: DesiredIdentityProvider,
  observed: ObservedIdentityProvider,
): string[] {
  const changes = providerDetailChanges(desired, observed.providerDetails);
  if (!sameAttributeMapping(desired.attributeMapping, observed.attributeMapping))
    changes.push('attributeMapping');
  if (!sameSet(desired.idpIdentifiers, observed.idpIdentifiers)) changes.push('idpIdentifiers');
  if (desired.secret && desired.secret.fingerprint !== observed.appliedSecretFingerprint)
    changes.push(desired.secret.detailKey);
  return changes;
}

/** The fields of a resource server that differ (scopes compared as name and description). */
export function resourceServerChanges(
  desired: DesiredResourceServer,
  observed: ObservedResourceServer,
): string[] {
  const changes: string[] = [];
  if (desired.name !== observed.name) changes.push('name');
  const key = (s: { name: string; description: string }) => `${s.name}\t${s.description}`;
  if (!sameSet(desired.scopes.map(key), observed.scopes.map(key))) changes.push('scopes');
  return changes;
}

/** The fields of a machine client that differ. Its secret is Cognito's and never compared. */
export function machineClientChanges(
  desired: DesiredMachineClient,
  observed: ObservedMachineClient,
): string[] {
  const changes: string[] = [];
  if (desired.enabled !== observed.clientCredentials) changes.push('oauthFlows');
  // A disabled client is sent no scopes (Cognito keeps OAuth settings only on an OAuth client).
  if (desired.enabled && !sameSet(desired.scopes, observed.scopes)) changes.push('scopes');
  if (desired.accessTokenValidityMinutes !== observed.accessTokenValidityMinutes)
    changes.push('accessTokenValidityMinutes');
  return changes;
}

const sameRisk = (a: DesiredRiskConfiguration | null, b: DesiredRiskConfiguration | null) =>
  JSON.stringify(
    a && [a.compromisedCredentials, a.accountTakeover.low, a.accountTakeover.medium, a.accountTakeover.high],
  ) ===
  JSON.stringify(
    b && [b.compromisedCredentials, b.accountTakeover.low, b.accountTakeover.medium, b.accountTakeover.high],
  );

/** Creates and updates of resource servers: they come before the machine clients that name their scopes. */
function planResourceServerUpserts(
  desired: DesiredTenantResources,
  observed: ObservedTenantResources,
): PlanStep[] {
  const found = new Map(observed.resourceServers.map((s) => [s.identifier, s]));
  return desired.resourceServers.flatMap((server): PlanStep[] => {
    const current = found.get(server.identifier);
    if (!current) return [{ action: 'create', resource: 'ResourceServer', name: server.identifier }];
    const changes = resourceServerChanges(server, current);
    return changes.length > 0
      ? [{ action: 'update', resource: 'ResourceServer', name: server.identifier, changes }]
      : [];
  });
}

function planMachineClients(desired: DesiredTenantResources, observed: ObservedTenantResources): PlanStep[] {
  const found = new Map(observed.machineClients.map((c) => [c.name, c]));
  const steps = desired.machineClients.flatMap((client): PlanStep[] => {
    const current = found.get(client.name);
    if (!current) return [{ action: 'create', resource: 'MachineClient', name: client.name }];
    const changes = machineClientChanges(client, current);
    return changes.length > 0
      ? [{ action: 'update', resource: 'MachineClient', name: client.name, changes }]
      : [];
  });
  const wanted = new Set(desired.machineClients.map((c) => c.name));
  for (const client of observed.machineClients)
    if (!wanted.has(client.name) && inTenantNamespace('MachineClient', client.name, desired.sharedPoolSlug))
      steps.push({ action: 'delete', resource: 'MachineClient', name: client.name });
  // Servers go after the clients that stopped naming their scopes.
  const servers = new Set(desired.resourceServers.map((s) => s.identifier));
  for (const server of observed.resourceServers)
    if (
      !servers.has(server.identifier) &&
      inTenantNamespace('ResourceServer', server.identifier, desired.sharedPoolSlug)
    )
      steps.push({ action: 'delete', resource: 'ResourceServer', name: server.identifier });
  return steps;
}

/** The web client's risk configuration, set once the client exists; cleared only where threat protection stays on. */
function planRiskConfiguration(
  desired: DesiredTenantResources,
  observed: ObservedTenantResources,
): PlanStep[] {
  if (sameRisk(desired.riskConfiguration, observed.riskConfiguration)) return [];
  const name = desired.appClient.name;
  if (desired.riskConfiguration === null)
    return desired.userPool.settings.threatProtection === 'OFF'
      ? []
      : [{ action: 'delete', resource: 'RiskConfiguration', name }];
  return [{ action: observed.riskConfiguration ? 'update' : 'create', resource: 'RiskConfiguration', name }];
}

/**
 * Creates, updates and type changes of the tenant's IdPs. An email domain moved from one IdP to another is released
 * before it is claimed (Cognito refuses an IdpIdentifier that another IdP of the pool holds), so the IdPs that must
 * give one up come first.
 */
function planIdentityProviderUpserts(
  desired: DesiredIdentityProvider[],
  observed: Map<string, ObservedIdentityProvider>,
): PlanStep[] {
  const heldBy = new Map<string, string>();
  for (const idp of observed.values()) for (const id of idp.idpIdentifiers) heldBy.set(id, idp.name);
  const steps: { step: PlanStep[]; claims: boolean }[] = [];
  for (const idp of desired) {
    const found = observed.get(idp.name);
    const claims = idp.idpIdentifiers.some((id) => (heldBy.get(id) ?? idp.name) !== idp.name);
    if (!found) {
      steps.push({ step: [{ action: 'create', resource: 'IdentityProvider', name: idp.name }], claims });
    } else if (found.providerType !== idp.providerType) {
      // Cognito can't change a provider's type: a new IdP with a reused name replaces the old one.
      steps.push({
        step: [
          { action: 'delete', resource: 'IdentityProvider', name: idp.name, changes: ['providerType'] },
          { action: 'create', resource: 'IdentityProvider', name: idp.name, changes: ['providerType'] },
        ],
        claims,
      });
    } else {
      const changes = identityProviderChanges(idp, found);
      if (changes.length > 0)
        steps.push({
          step: [{ action: 'update', resource: 'IdentityProvider', name: idp.name, changes }],
          claims,
        });
    }
  }
  return [...steps.filter((s) => !s.claims), ...steps.filter((s) => s.claims)].flatMap((s) => s.step);
}

/**
 * Diffs desired against observed into an ordered plan. An in-sync tenant yields an empty plan, which is what makes
 * a repeated reconcile free of mutating calls. A missing shared pool is planned (for previews) but is created by
 * the reconciler under its own lock, never by applying this step. Order: the pool and its schema; the IdPs the
 * client will name; resource servers; the client and its risk configuration; machine clients (after the servers
 * whose scopes they name), then the servers no longer wanted; the IdPs the client stopped naming (Cognito wants
 * them off the client before they go);
 * groups. A group or IdP that is observed but no longer desired is deleted: observe only reports the tenant's own.
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

  const observedIdps = new Map(observed.identityProviders.map((idp) => [idp.name, idp]));
  steps.push(...planIdentityProviderUpserts(desired.identityProviders, observedIdps));

  steps.push(...planResourceServerUpserts(desired, observed));

  const client = observed.appClient;
  if (!client) {
    steps.push({ action: 'create', resource: 'AppClient', name: desired.appClient.name });
  } else {
    const changes = CLIENT_SET_FIELDS.filter((field) => !sameSet(desired.appClient[field], client[field]));
    if (changes.length > 0)
      steps.push({ action: 'update', resource: 'AppClient', name: client.name, changes: [...changes] });
  }
  steps.push(...planRiskConfiguration(desired, observed));
  steps.push(...planMachineClients(desired, observed));

  const desiredIdps = new Set(desired.identityProviders.map((idp) => idp.name));
  for (const idp of observed.identityProviders) {
    if (!desiredIdps.has(idp.name) && inTenantNamespace('IdentityProvider', idp.name, desired.sharedPoolSlug))
      steps.push({ action: 'delete', resource: 'IdentityProvider', name: idp.name });
  }

  const observedGroups = new Map(observed.groups.map((g) => [g.name, g]));
  for (const group of desired.groups) {
    const found = observedGroups.get(group.name);
    if (!found) {
      steps.push({ action: 'create', resource: 'Group', name: group.name });
      continue;
    }
    const changes = groupChanges(group, found);
    if (changes.length > 0) steps.push({ action: 'update', resource: 'Group', name: group.name, changes });
  }
  const desiredGroups = new Set(desired.groups.map((g) => g.name));
  for (const group of observed.groups) {
    if (!desiredGroups.has(group.name) && inTenantNamespace('Group', group.name, desired.sharedPoolSlug))
      steps.push({ action: 'delete', resource: 'Group', name: group.name });
  }
  return steps;
}

/**
 * The plan that removes what idplane created for a tenant, children before parents. A shared pool is never
 * touched: only the tenant's groups, machine clients, web client, resource servers (after the clients granted their
 * scopes) and IdPs go (the IdPs after the client that names them). A dedicated
 * pool is deleted with everything in it (deletion protection off first, then its domain, which Cognito requires
 * gone before the pool), or with RETAIN kept and stripped of idplane's tags.
 */
export function planTenantDeletion(
  desired: DesiredTenantResources,
  observed: ObservedTenantResources,
  deletionPolicy: 'DELETE' | 'RETAIN',
): PlanStep[] {
  const pool = observed.userPool;
  if (!pool) return [];
  if (!desired.ownsUserPool) {
    const slug = desired.sharedPoolSlug;
    return [
      ...observed.groups
        .filter((g) => inTenantNamespace('Group', g.name, slug))
        .map((g): PlanStep => ({ action: 'delete', resource: 'Group', name: g.name })),
      ...observed.machineClients
        .filter((c) => inTenantNamespace('MachineClient', c.name, slug))
        .map((c): PlanStep => ({ action: 'delete', resource: 'MachineClient', name: c.name })),
      ...(observed.appClient
        ? [{ action: 'delete', resource: 'AppClient', name: observed.appClient.name } as PlanStep]
        : []),
      ...observed.resourceServers
        .filter((s) => inTenantNamespace('ResourceServer', s.identifier, slug))
        .map((s): PlanStep => ({ action: 'delete', resource: 'ResourceServer', name: s.identifier })),
      ...observed.identityProviders
        .filter((idp) => inTenantNamespace('IdentityProvider', idp.name, slug))
        .map((idp): PlanStep => ({ action: 'delete', resource: 'IdentityProvider', name: idp.name })),
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
