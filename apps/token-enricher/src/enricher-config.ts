/** A setting the enricher can't run with; reported once, at cold start. */
export class EnricherConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnricherConfigError';
  }
}

export type SnapshotLocation =
  /** `token`: the api's ACCESS_SNAPSHOT_TOKEN, sent as a Bearer token. */
  { kind: 'url'; url: string; timeoutMs: number; token: string } | { kind: 'file'; path: string };

export interface EnricherConfig {
  snapshot: SnapshotLocation;
  ttlMs: number;
  maxStaleMs: number;
  retryAfterFailureMs: number;
  /** Refuse the sign-in outright (instead of issuing a role-less token) when client and user tenants differ. */
  blockSignInOnTenantMismatch: boolean;
}

function seconds(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback * 1000;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new EnricherConfigError(`${name} must be a number of seconds`);
  return value * 1000;
}

/**
 * Reads the enricher's settings from env:
 * SNAPSHOT_URL or SNAPSHOT_FILE (one required), SNAPSHOT_TOKEN (required with SNAPSHOT_URL: the api's
 * ACCESS_SNAPSHOT_TOKEN), SNAPSHOT_TIMEOUT_MS (1500: Cognito gives the whole trigger 5 s), SNAPSHOT_TTL_SECONDS (60), SNAPSHOT_MAX_STALE_SECONDS (900), SNAPSHOT_RETRY_SECONDS (5),
 * BLOCK_SIGN_IN_ON_TENANT_MISMATCH (false).
 */
export function readEnricherConfig(env: Readonly<Record<string, string | undefined>>): EnricherConfig {
  const url = env.SNAPSHOT_URL?.trim();
  const file = env.SNAPSHOT_FILE?.trim();
  let snapshot: SnapshotLocation;
  if (url) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new EnricherConfigError('SNAPSHOT_URL must be an http(s) URL');
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw new EnricherConfigError('SNAPSHOT_URL must be an http(s) URL');
    }
    const timeoutMs = Number(env.SNAPSHOT_TIMEOUT_MS ?? '1500');
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0 || timeoutMs > 4000) {
      throw new EnricherConfigError('SNAPSHOT_TIMEOUT_MS must be 1-4000 milliseconds');
    }
    // The endpoint answers 401 to anyone without the token: without one every load would fail.
    const token = env.SNAPSHOT_TOKEN?.trim();
    if (!token)
      throw new EnricherConfigError("set SNAPSHOT_TOKEN (the api's ACCESS_SNAPSHOT_TOKEN) with SNAPSHOT_URL");
    snapshot = { kind: 'url', url, timeoutMs, token };
  } else if (file) {
    snapshot = { kind: 'file', path: file };
  } else {
    throw new EnricherConfigError('set SNAPSHOT_URL or SNAPSHOT_FILE');
  }
  const mismatch = (env.BLOCK_SIGN_IN_ON_TENANT_MISMATCH ?? 'false').toLowerCase();
  if (mismatch !== 'true' && mismatch !== 'false') {
    throw new EnricherConfigError('BLOCK_SIGN_IN_ON_TENANT_MISMATCH must be true or false');
  }
  return {
    snapshot,
    ttlMs: seconds(env, 'SNAPSHOT_TTL_SECONDS', 60),
    maxStaleMs: seconds(env, 'SNAPSHOT_MAX_STALE_SECONDS', 900),
    retryAfterFailureMs: seconds(env, 'SNAPSHOT_RETRY_SECONDS', 5),
    blockSignInOnTenantMismatch: mismatch === 'true',
  };
}
