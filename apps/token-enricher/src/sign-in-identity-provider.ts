import { NATIVE_PROVIDER } from '../../../libs/access/src/role-mapping';

interface LinkedIdentity {
  providerName: string;
  primary: boolean;
}

function readIdentities(raw: string): LinkedIdentity[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed)) return null;
  const identities: LinkedIdentity[] = [];
  for (const entry of parsed) {
    if (typeof entry !== 'object' || entry === null) return null;
    const { providerName, primary } = entry as { providerName?: unknown; primary?: unknown };
    if (typeof providerName !== 'string' || providerName.length === 0) return null;
    // The stored attribute has a boolean; the copy in ID tokens has the string "true".
    identities.push({ providerName, primary: primary === true || primary === 'true' });
  }
  return identities;
}

/**
 * The identity provider a user came through, from the `identities` attribute Cognito keeps for federated
 * users (a JSON array of {userId, providerName, providerType, issuer, primary, dateCreated}). No identities
 * means a native user. Null when it can't be told (unreadable, or several links and none primary); then
 * only rules for any provider apply, which never widens what a provider-specific rule would grant.
 */
export function signInIdentityProvider(userAttributes: Readonly<Record<string, string>>): string | null {
  const raw = userAttributes['identities'];
  if (raw === undefined || raw.trim() === '') return NATIVE_PROVIDER;
  const identities = readIdentities(raw);
  if (identities === null) return null;
  if (identities.length === 0) return NATIVE_PROVIDER;
  if (identities.length === 1) return identities[0].providerName;
  const primary = identities.filter((i) => i.primary);
  return primary.length === 1 ? primary[0].providerName : null;
}
