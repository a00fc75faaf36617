/**
 * Claims that are lists by nature, so a plain `a,b` string is read as two values. Other claims keep their
 * commas: a department called "Sales, EMEA" or a distinguished name must not be torn apart. `idp_groups` is
 * the user-pool attribute (`custom:idp_groups`) every IdP's group claim is mapped into.
 */
const LIST_CLAIMS = new Set(['groups', 'group', 'roles', 'role', 'idp_groups']);

/** Cognito joins a SAML attribute's several AttributeValues as `[a, b, c]` when it stores them. */
const SAML_LIST_SEPARATOR = ', ';

function baseName(claim: string): string {
  const bare = claim.startsWith('custom:') ? claim.slice('custom:'.length) : claim;
  return bare.toLowerCase();
}

/** True for claims whose comma-separated string form lists several values. */
export function isListClaim(claim: string): boolean {
  return LIST_CLAIMS.has(baseName(claim));
}

function primitiveToString(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

function parseJsonArray(text: string): string[] | null {
  try {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed)) return null;
    const values = parsed.map(primitiveToString);
    return values.every((v): v is string => v !== null) ? values : null;
  } catch {
    return null;
  }
}

function splitString(raw: string, claim: string): string[] {
  const text = raw.trim();
  if (text.startsWith('[') && text.endsWith(']')) {
    // An OIDC array claim mapped to an attribute arrives as JSON; a SAML multi-valued one as `[a, b]`.
    const json = parseJsonArray(text);
    if (json) return json;
    const inner = text.slice(1, -1);
    const parts = inner.split(SAML_LIST_SEPARATOR);
    return isListClaim(claim) ? parts.flatMap((p) => p.split(',')) : parts;
  }
  return isListClaim(claim) ? text.split(',') : [text];
}

/**
 * Normalises one claim, however the IdP and Cognito delivered it, into its distinct trimmed values:
 * a string, an array, a JSON array string, Cognito's bracketed SAML list, or a comma-separated list claim.
 * Objects (such as `address`) have no comparable value and yield none.
 */
export function claimValues(raw: unknown, claim: string): string[] {
  let values: string[];
  if (raw === undefined || raw === null) {
    values = [];
  } else if (Array.isArray(raw)) {
    values = raw.map(primitiveToString).filter((v): v is string => v !== null);
  } else if (typeof raw === 'string') {
    values = splitString(raw, claim);
  } else {
    const single = primitiveToString(raw);
    values = single === null ? [] : [single];
  }
  const seen = new Set<string>();
  const out: string[] = [];
  for (const v of values) {
    const trimmed = v.trim();
    if (trimmed.length > 0 && !seen.has(trimmed)) {
      seen.add(trimmed);
      out.push(trimmed);
    }
  }
  return out;
}
