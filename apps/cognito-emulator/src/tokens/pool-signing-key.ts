import { createHash, generateKeyPairSync } from 'node:crypto';
import type { JsonObject, SigningKey, UserPoolRecord } from '../state/state-types';

/** The pool's RSA signing key, generated on first use (key generation is slow, and most pools never sign). */
export function poolSigningKey(pool: UserPoolRecord): SigningKey {
  if (!pool.signingKey) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const publicJwk = publicKey.export({ format: 'jwk' }) as JsonObject;
    const kid = createHash('sha256').update(String(publicJwk.n)).digest('base64url').slice(0, 43);
    pool.signingKey = { kid, privateJwk: privateKey.export({ format: 'jwk' }) as JsonObject, publicJwk };
  }
  return pool.signingKey;
}

/** The pool's JSON Web Key Set, as served at /<poolId>/.well-known/jwks.json. */
export function poolJwks(pool: UserPoolRecord): { keys: JsonObject[] } {
  const key = poolSigningKey(pool);
  return {
    keys: [{ alg: 'RS256', e: key.publicJwk.e, kid: key.kid, kty: 'RSA', n: key.publicJwk.n, use: 'sig' }],
  };
}
