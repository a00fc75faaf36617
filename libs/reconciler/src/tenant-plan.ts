import { DesiredTenantResources, ObservedTenantResources } from './desired-state';

export type PlanAction = 'create' | 'update' | 'delete';
export type PlanResource = 'UserPool' | 'CustomAttribute' | 'AppClient' | 'Group';

/** One change the apply step will make. Parents come before children. */
export interface PlanStep {
  action: PlanAction;
  resource: PlanResource;
  name: string;
  /** For updates: the fields that differ. */
  changes?: string[];
}

const sameSet = (a: string[], b: string[]) =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/**
 * Diffs desired against observed into an ordered plan. An in-sync tenant yields an empty plan, which is what makes
 * a repeated reconcile free of mutating calls.
 */
export function planTenant(desired: DesiredTenantResources, observed: ObservedTenantResources): PlanStep[] {
  const steps: PlanStep[] = [];
  const pool = observed.userPool;
  if (!pool) {
    if (!desired.ownsUserPool)
      throw new Error(`shared user pool ${desired.userPool.name} must exist before its tenants`);
    steps.push({ action: 'create', resource: 'UserPool', name: desired.userPool.name });
  } else {
    for (const attribute of desired.userPool.customAttributes) {
      if (!pool.customAttributes.includes(`custom:${attribute.name}`)) {
        steps.push({ action: 'create', resource: 'CustomAttribute', name: attribute.name });
      }
    }
  }

  const client = observed.appClient;
  if (!client) {
    steps.push({ action: 'create', resource: 'AppClient', name: desired.appClient.name });
  } else {
    const changes = (
      ['explicitAuthFlows', 'supportedIdentityProviders', 'readAttributes', 'writeAttributes'] as const
    ).filter((field) => !sameSet(desired.appClient[field], client[field]));
    if (changes.length > 0)
      steps.push({ action: 'update', resource: 'AppClient', name: client.name, changes });
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
