export type SecretCipherErrorCode =
  'SECRET_KEYS_INVALID' | 'SECRET_FORMAT_INVALID' | 'SECRET_KEY_UNKNOWN' | 'SECRET_INTEGRITY_FAILED';

/**
 * A sealed secret or the key configuration could not be used. Never carries key material or plaintext, so it is
 * safe to log; an admin-facing API should still answer it as an internal error, since the input was ours.
 */
export class SecretCipherError extends Error {
  readonly code: SecretCipherErrorCode;

  constructor(code: SecretCipherErrorCode, message: string) {
    super(message);
    this.name = 'SecretCipherError';
    this.code = code;
  }
}
