import { createHash } from 'node:crypto';

/** Cognito's ProviderName limit; its pattern forbids "_" after the second character and any whitespace. */
export const COGNITO_PROVIDER_NAME_MAX_LENGTH = 32;

/**
 * The name an admin gives an IdP: 3-32 letters, digits and inner hyphens. No "." (it separates the tenant slug in
 * shared pools) and no "~" (it marks hashed names), so the mapping below stays injective.
 */
export const IDENTITY_PROVIDER_NAME_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{1,30})[A-Za-z0-9]$/;

const RESERVED_NAMES = new Set(['cognito', 'google', 'facebook', 'loginwithamazon', 'signinwithapple']);
const HASH_LENGTH = 12;

export type PoolPlacement = {
  readonly isolationModel: 'SHARED_POOL' | 'DEDICATED_POOL';
  readonly slug: string;
};

/** Why a name can't be used, or null. Reserved names belong to Cognito and its social provider types. */
export function identityProviderNameProblem(name: string): string | null {
  if (!IDENTITY_PROVIDER_NAME_PATTERN.test(name)) {
    return 'must be 3-32 letters, digits or hyphens, starting and ending with a letter or digit';
  }
  if (RESERVED_NAMES.has(name.toLowerCase())) return `"${name}" is reserved by Cognito`;
  return null;
}

/**
 * The Cognito ProviderName of a tenant's IdP. A dedicated pool holds one tenant, so the admin's name is used as is.
 * A shared pool holds every shared tenant, so the name is prefixed `<slug>.`: slugs are unique and contain no ".",
 * so two tenants' names can't meet. When that exceeds 32 characters, the slug is cut and a hash of the full
 * `<slug>.<name>` follows a "~", which admin-given names never contain.
 */
export function cognitoProviderNameFor(placement: PoolPlacement, name: string): string {
  if (placement.isolationModel === 'DEDICATED_POOL') return name;
  const full = `${placement.slug}.${name}`;
  if (full.length <= COGNITO_PROVIDER_NAME_MAX_LENGTH) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, HASH_LENGTH);
  const prefix = placement.slug.slice(0, COGNITO_PROVIDER_NAME_MAX_LENGTH - HASH_LENGTH - 2);
  return `${prefix}.~${hash}`;
}

/** Which pool a provider name must be unique in: the shared pool, or the tenant's own. */
export function poolKeyFor(placement: PoolPlacement & { readonly tenantId: string }): string {
  return placement.isolationModel === 'SHARED_POOL' ? 'shared' : placement.tenantId;
}
