const SECRET_KEY = /secret|password|passwd|token|private.?key|credential|authorization/i;
const MAX_DEPTH = 8;

/**
 * A copy of a value with every secret-looking field replaced, for audit summaries and logs. Secrets are write-only:
 * they must never come back out through the audit log either. A boolean is no secret, only whether one is set
 * (`hasSecret`), and is kept.
 */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return '[truncated]';
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth + 1));
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, v]) => [
        key,
        SECRET_KEY.test(key) && v !== null && v !== undefined && typeof v !== 'boolean'
          ? '[redacted]'
          : redactSecrets(v, depth + 1),
      ]),
    );
  }
  return value;
}
