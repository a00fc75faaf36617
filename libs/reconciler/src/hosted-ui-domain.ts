import { createHash } from 'node:crypto';

const MAX_PREFIX = 63;
// Cognito refuses prefix domains containing these words anywhere.
const RESERVED = [
  [/aws/g, 'a-ws'],
  [/amazon/g, 'ama-zon'],
  [/cognito/g, 'cog-nito'],
] as const;

/**
 * The deterministic prefix domain for a pool: `idplane-<env>-<name>` when that is a valid prefix (1-63 characters of
 * `^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$`, no reserved word). Otherwise the reserved words are broken up, the
 * result is cut to fit, and a short hash of `uniqueKey` keeps two such tenants apart.
 */
export function hostedUiDomainPrefix(environment: string, name: string, uniqueKey: string): string {
  const plain = `idplane-${environment}-${name}`;
  let safe = plain;
  for (const [word, replacement] of RESERVED) safe = safe.replace(word, replacement);
  if (safe === plain && plain.length <= MAX_PREFIX) return plain;
  const hash = createHash('sha256').update(uniqueKey).digest('hex').slice(0, 7);
  const head = safe.slice(0, MAX_PREFIX - hash.length - 1).replace(/-+$/, '');
  return `${head}-${hash}`;
}

/** The host name of the hosted UI for a prefix domain. */
export function hostedUiHost(prefix: string, region: string): string {
  return `${prefix}.auth.${region}.amazoncognito.com`;
}
