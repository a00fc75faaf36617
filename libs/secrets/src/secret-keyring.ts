import { createHash } from 'node:crypto';
import { SecretCipherError } from './secret-cipher.error';

export const SECRET_KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** The keys a SecretCipher may use: the active one seals, every one (active included) opens. */
export interface SecretKeyring {
  readonly activeKeyId: string;
  readonly keys: ReadonlyMap<string, Buffer>;
}

/**
 * Parses `SECRETS_KEYS`: `kid:base64key` pairs, comma-separated, the first being active. Keys are 32 random
 * bytes in base64 or base64url (`openssl rand -base64 32`).
 */
export function parseSecretKeys(raw: string): SecretKeyring {
  const keys = new Map<string, Buffer>();
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const [index, entry] of entries.entries()) {
    const colon = entry.indexOf(':');
    const keyId = colon < 0 ? '' : entry.slice(0, colon);
    const encoded = colon < 0 ? '' : entry.slice(colon + 1);
    if (!KEY_ID.test(keyId)) {
      throw new SecretCipherError(
        'SECRET_KEYS_INVALID',
        `key #${index + 1}: expected "<keyId>:<base64 key>" with a key id of 1-32 letters, digits, "_" or "-"`,
      );
    }
    if (keys.has(keyId)) {
      throw new SecretCipherError('SECRET_KEYS_INVALID', `key id ${keyId} is listed twice`);
    }
    const key = decodeKey(encoded);
    if (key === null) {
      throw new SecretCipherError(
        'SECRET_KEYS_INVALID',
        `key ${keyId} must be ${SECRET_KEY_BYTES} bytes in base64 (openssl rand -base64 32)`,
      );
    }
    keys.set(keyId, key);
  }
  const activeKeyId = keys.keys().next().value;
  if (activeKeyId === undefined) throw new SecretCipherError('SECRET_KEYS_INVALID', 'no key given');
  return { activeKeyId, keys };
}

export const DEVELOPMENT_SECRET_KEY_ID = 'dev';

/**
 * A fixed, publicly known key, so that local development and tests need no setup and can read each other's
 * rows. It protects nothing, which is why configuration refuses to start without SECRETS_KEYS in production.
 */
export function developmentSecretKeyring(): SecretKeyring {
  const key = createHash('sha256').update('idplane development secret key: not for production').digest();
  return { activeKeyId: DEVELOPMENT_SECRET_KEY_ID, keys: new Map([[DEVELOPMENT_SECRET_KEY_ID, key]]) };
}

/** SECRETS_KEYS when set; otherwise the development key, which only non-production environments may use. */
export function secretKeyringFromConfig(config: {
  readonly SECRETS_KEYS?: string;
  readonly NODE_ENV: string;
}): SecretKeyring {
  if (config.SECRETS_KEYS !== undefined && config.SECRETS_KEYS !== '')
    return parseSecretKeys(config.SECRETS_KEYS);
  if (config.NODE_ENV === 'production') {
    throw new SecretCipherError(
      'SECRET_KEYS_INVALID',
      'SECRETS_KEYS is required when NODE_ENV is production',
    );
  }
  return developmentSecretKeyring();
}

function decodeKey(encoded: string): Buffer | null {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(encoded)) return null;
  const key = Buffer.from(encoded.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return key.length === SECRET_KEY_BYTES ? key : null;
}
