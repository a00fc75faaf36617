import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SecretCipherError } from './secret-cipher.error';
import type { SecretKeyring } from './secret-keyring';

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
// 96-bit IVs are GCM's native size; random ones are safe for far more than 2^32 seals per key.
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Seals secrets at rest with AES-256-GCM as `v1:<keyId>:<iv>:<ciphertext+tag>` (base64url). The key id lets
 * keys rotate: new seals use the active key, old ones open with whichever key sealed them until rewrapped.
 * An optional context (e.g. the owning row's id) is bound as associated data, so a sealed value copied onto
 * another row does not open there.
 */
export class SecretCipher {
  constructor(private readonly keyring: SecretKeyring) {}

  get activeKeyId(): string {
    return this.keyring.activeKeyId;
  }

  encrypt(plaintext: string, context = ''): string {
    const keyId = this.keyring.activeKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key(keyId), iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(keyId, context));
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return [VERSION, keyId, iv.toString('base64url'), sealed.toString('base64url')].join(':');
  }

  decrypt(sealed: string, context = ''): string {
    const parts = parse(sealed);
    const decipher = createDecipheriv(ALGORITHM, this.key(parts.keyId), parts.iv, {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(associatedData(parts.keyId, context));
    decipher.setAuthTag(parts.tag);
    try {
      return Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretCipherError(
        'SECRET_INTEGRITY_FAILED',
        `the secret sealed with key ${parts.keyId} failed authentication (tampered, or another context)`,
      );
    }
  }

  /** The key id a sealed value names, without opening it. */
  keyIdOf(sealed: string): string {
    return parse(sealed).keyId;
  }

  /** True when the value was sealed with a key other than the active one. */
  needsRewrap(sealed: string): boolean {
    return this.keyIdOf(sealed) !== this.keyring.activeKeyId;
  }

  /** Reseals under the active key; a value already sealed with it comes back unchanged. */
  rewrap(sealed: string, context = ''): string {
    if (!this.needsRewrap(sealed)) return sealed;
    return this.encrypt(this.decrypt(sealed, context), context);
  }

  private key(keyId: string): Buffer {
    const key = this.keyring.keys.get(keyId);
    if (key === undefined) {
      throw new SecretCipherError(
        'SECRET_KEY_UNKNOWN',
        `the secret was sealed with key ${keyId}, which is not in SECRETS_KEYS`,
      );
    }
    return key;
  }
}

interface SealedParts {
  readonly keyId: string;
  readonly iv: Buffer;
  readonly ciphertext: Buffer;
  readonly tag: Buffer;
}

function parse(sealed: string): SealedParts {
  const parts = sealed.split(':');
  const [version, keyId, iv, body] = parts;
  if (
    parts.length !== 4 ||
    version !== VERSION ||
    keyId === undefined ||
    keyId === '' ||
    iv === undefined ||
    body === undefined ||
    !BASE64URL.test(iv) ||
    !BASE64URL.test(body)
  ) {
    throw new SecretCipherError('SECRET_FORMAT_INVALID', `not a ${VERSION} sealed secret`);
  }
  const ivBytes = Buffer.from(iv, 'base64url');
  const bodyBytes = Buffer.from(body, 'base64url');
  if (ivBytes.length !== IV_BYTES || bodyBytes.length < TAG_BYTES) {
    throw new SecretCipherError('SECRET_FORMAT_INVALID', `not a ${VERSION} sealed secret`);
  }
  return {
    keyId,
    iv: ivBytes,
    ciphertext: bodyBytes.subarray(0, bodyBytes.length - TAG_BYTES),
    tag: bodyBytes.subarray(bodyBytes.length - TAG_BYTES),
  };
}

// The key id is authenticated too, so relabelling a value with another configured key id fails loudly.
function associatedData(keyId: string, context: string): Buffer {
  return Buffer.from(`${VERSION}:${keyId}:${context}`, 'utf8');
}
