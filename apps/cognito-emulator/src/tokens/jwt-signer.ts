import { createPrivateKey, createSign } from 'node:crypto';
import type { JsonObject, SigningKey } from '../state/state-types';

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs claims as a compact RS256 JWT with the key's kid in the header. */
export function signJwt(claims: JsonObject, key: SigningKey): string {
  const signingInput = `${encode({ kid: key.kid, alg: 'RS256' })}.${encode(claims)}`;
  const privateKey = createPrivateKey({ key: key.privateJwk, format: 'jwk' });
  const signature = createSign('RSA-SHA256').update(signingInput).sign(privateKey).toString('base64url');
  return `${signingInput}.${signature}`;
}

/** Reads the claims of a JWT this emulator signed; the caller decides what to trust. */
export function decodeJwtClaims(token: string): JsonObject | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown;
    return typeof claims === 'object' && claims !== null ? (claims as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}
