import { DesiredIdentityPool, ObservedIdentityPool } from './desired-identity-pool';

export interface IdentityPoolStep {
  action: 'create' | 'update' | 'delete';
  resource: 'IdentityPool' | 'IdentityPoolRoles';
  name: string;
  changes?: string[];
}

/** JSON with object keys sorted, so that equal mappings compare equal whatever order AWS returns them in. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );

/**
 * The steps that make the observed identity pool match the desired one. Tags are only set at creation: AWS
 * reports them, but idplane finds its pool by recorded id, so a changed tag is not worth an update. Pure.
 */
export function planIdentityPool(
  desired: DesiredIdentityPool | null,
  observed: ObservedIdentityPool | null,
): IdentityPoolStep[] {
  if (!desired) return observed ? [{ action: 'delete', resource: 'IdentityPool', name: observed.name }] : [];
  if (!observed) {
    return [
      { action: 'create', resource: 'IdentityPool', name: desired.name },
      {
        action: 'update',
        resource: 'IdentityPoolRoles',
        name: desired.name,
        changes: ['roles', 'roleMappings'],
      },
    ];
  }
  const steps: IdentityPoolStep[] = [];
  const poolChanges = [
    observed.name !== desired.name ? 'name' : null,
    observed.allowUnauthenticated !== desired.allowUnauthenticated ? 'allowUnauthenticated' : null,
    canonical(observed.providers) !== canonical(desired.providers) ? 'cognitoIdentityProviders' : null,
  ].filter((c): c is string => c !== null);
  if (poolChanges.length > 0)
    steps.push({ action: 'update', resource: 'IdentityPool', name: desired.name, changes: poolChanges });
  const roleChanges = [
    canonical(observed.roles) !== canonical(desired.roles) ? 'roles' : null,
    canonical(observed.roleMappings) !== canonical(desired.roleMappings) ? 'roleMappings' : null,
  ].filter((c): c is string => c !== null);
  if (roleChanges.length > 0)
    steps.push({ action: 'update', resource: 'IdentityPoolRoles', name: desired.name, changes: roleChanges });
  return steps;
}
