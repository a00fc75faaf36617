import { randomBytes } from 'node:crypto';
import { SecretCipher } from './secret-cipher';
import { SecretCipherError } from './secret-cipher.error';
import { developmentSecretKeyring, parseSecretKeys, secretKeyringFromConfig } from './secret-keyring';

const key = () => randomBytes(32).toString('base64');
const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return error instanceof SecretCipherError ? error.code : 'NOT_A_SECRET_CIPHER_ERROR';
  }
  return undefined;
};

describe('SecretCipher', () => {
  const k1 = key();
  const k0 = key();
  const cipher = new SecretCipher(parseSecretKeys(`k1:${k1},k0:${k0}`));

  it('round-trips and never shows the plaintext in the sealed value', () => {
    const sealed = cipher.encrypt('s3cr3t-value ✓');
    expect(sealed).toMatch(/^v1:k1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('s3cr3t');
    expect(cipher.decrypt(sealed)).toBe('s3cr3t-value ✓');
  });

  it('uses a fresh IV for every seal', () => {
    expect(cipher.encrypt('same')).not.toBe(cipher.encrypt('same'));
  });

  it('detects a tampered ciphertext, IV or tag', () => {
    const sealed = cipher.encrypt('hello world');
    const [v, kid, iv, body] = sealed.split(':');
    const flip = (s: string, at: number) => {
      const bytes = Buffer.from(s, 'base64url');
      bytes[at] ^= 1;
      return bytes.toString('base64url');
    };
    const bodyLength = Buffer.from(body, 'base64url').length;
    expect(codeOf(() => cipher.decrypt([v, kid, iv, flip(body, 0)].join(':')))).toBe(
      'SECRET_INTEGRITY_FAILED',
    );
    expect(codeOf(() => cipher.decrypt([v, kid, iv, flip(body, bodyLength - 1)].join(':')))).toBe(
      'SECRET_INTEGRITY_FAILED',
    );
    expect(codeOf(() => cipher.decrypt([v, kid, flip(iv, 3), body].join(':')))).toBe(
      'SECRET_INTEGRITY_FAILED',
    );
  });

  it('refuses a value relabelled with another configured key id', () => {
    const [v, , iv, body] = cipher.encrypt('x').split(':');
    expect(codeOf(() => cipher.decrypt([v, 'k0', iv, body].join(':')))).toBe('SECRET_INTEGRITY_FAILED');
  });

  it('binds the context: a value copied to another row does not open', () => {
    const sealed = cipher.encrypt('x', 'idp:1');
    expect(cipher.decrypt(sealed, 'idp:1')).toBe('x');
    expect(codeOf(() => cipher.decrypt(sealed, 'idp:2'))).toBe('SECRET_INTEGRITY_FAILED');
  });

  it('names an unknown key id', () => {
    const other = new SecretCipher(parseSecretKeys(`k9:${key()}`));
    const sealed = other.encrypt('x');
    expect(codeOf(() => cipher.decrypt(sealed))).toBe('SECRET_KEY_UNKNOWN');
    expect(() => cipher.decrypt(sealed)).toThrow(/k9/);
  });

  it.each(['', 'plain', 'v2:k1:AAAA:BBBB', 'v1:k1:!!:BBBB', 'v1:k1:AAAAAAAAAAAAAAAA:AAAA', 'v1::a:b'])(
    'refuses the malformed value %p',
    (sealed) => {
      expect(codeOf(() => cipher.decrypt(sealed))).toBe('SECRET_FORMAT_INVALID');
    },
  );

  describe('rotation', () => {
    const oldCipher = new SecretCipher(parseSecretKeys(`k0:${k0}`));

    it('opens values sealed with an older key and rewraps them under the active one', () => {
      const old = oldCipher.encrypt('rotate me', 'ctx');
      expect(cipher.needsRewrap(old)).toBe(true);
      const rewrapped = cipher.rewrap(old, 'ctx');
      expect(cipher.keyIdOf(rewrapped)).toBe('k1');
      expect(cipher.needsRewrap(rewrapped)).toBe(false);
      expect(cipher.decrypt(rewrapped, 'ctx')).toBe('rotate me');
      expect(cipher.rewrap(rewrapped, 'ctx')).toBe(rewrapped);
    });

    it('can no longer open values once their key is retired', () => {
      const old = oldCipher.encrypt('gone');
      const retired = new SecretCipher(parseSecretKeys(`k1:${k1}`));
      expect(codeOf(() => retired.decrypt(old))).toBe('SECRET_KEY_UNKNOWN');
    });
  });
});

describe('parseSecretKeys', () => {
  it('takes the first key as active and accepts base64url', () => {
    const ring = parseSecretKeys(` a:${key()} , b:${randomBytes(32).toString('base64url')}`);
    expect(ring.activeKeyId).toBe('a');
    expect([...ring.keys.keys()]).toEqual(['a', 'b']);
  });

  it.each([
    ['', /no key/],
    ['nocolon', /keyId/],
    [`bad id!:${randomBytes(32).toString('base64')}`, /key id/],
    [`short:${randomBytes(16).toString('base64')}`, /32 bytes/],
    [`a:${randomBytes(32).toString('base64')},a:${randomBytes(32).toString('base64')}`, /twice/],
  ])('refuses %p', (raw, message) => {
    expect(() => parseSecretKeys(raw)).toThrow(message);
  });

  it('never echoes key material in its errors', () => {
    const material = randomBytes(16).toString('base64');
    expect(() => parseSecretKeys(`k:${material}`)).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(material) }),
    );
  });
});

describe('secretKeyringFromConfig', () => {
  it('uses the development key outside production when SECRETS_KEYS is unset', () => {
    const ring = secretKeyringFromConfig({ NODE_ENV: 'development' });
    expect(ring.activeKeyId).toBe('dev');
    expect(ring.keys.get('dev')).toEqual(developmentSecretKeyring().keys.get('dev'));
  });

  it('refuses to run production without SECRETS_KEYS', () => {
    expect(() => secretKeyringFromConfig({ NODE_ENV: 'production' })).toThrow(/SECRETS_KEYS/);
  });

  it('prefers SECRETS_KEYS when set', () => {
    expect(secretKeyringFromConfig({ NODE_ENV: 'production', SECRETS_KEYS: `p1:${key()}` }).activeKeyId).toBe(
      'p1',
    );
  });
});
