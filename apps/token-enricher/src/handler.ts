import { MappingSnapshot } from '../../../libs/access/src/mapping-snapshot';
import { applyEnrichment, decideEnrichment, Enrichment } from './enrich-token';
import { readEnricherConfig } from './enricher-config';
import { PreTokenGenerationEvent } from './pre-token-generation-event';
import { CachedSnapshotSource, FileSnapshotLoader, HttpSnapshotLoader } from './snapshot-source';

/**
 * Thrown, deliberately, only to refuse a sign-in. Cognito fails the authentication when the trigger throws,
 * and shows the message to the user, so it says nothing about tenants.
 */
export class SignInRefusedError extends Error {
  constructor() {
    super('Sign-in is not allowed through this application.');
    this.name = 'SignInRefusedError';
  }
}

export interface SnapshotProvider {
  current(): Promise<MappingSnapshot | null>;
}

/** One JSON log line; never claims, names or emails, only what an operator needs to see why. */
export type EnricherLog = (entry: Record<string, unknown>) => void;

export interface EnricherDeps {
  snapshot: SnapshotProvider;
  blockSignInOnTenantMismatch: boolean;
  log: EnricherLog;
}

function describe(enrichment: Enrichment): Record<string, unknown> {
  switch (enrichment.kind) {
    case 'enriched':
      return {
        outcome: 'enriched',
        tenantId: enrichment.tenantId,
        roles: enrichment.roles.map((r) => r.role),
        grantedBy: enrichment.roles.map((r) => r.rule),
      };
    case 'denied':
      return { outcome: 'denied', reason: enrichment.reason, tenantId: enrichment.tenantId };
    case 'untouched':
      return { outcome: 'untouched', reason: enrichment.reason };
  }
}

/**
 * Builds the trigger function. It never throws on bad data or an unreachable control plane: a sign-in then
 * gets a token with no groups, no roles and no tenant claim, which apps must treat as "no access". Blocking
 * every sign-in of every tenant because the snapshot endpoint is down would turn a control-plane outage into
 * a product outage. The deliberate throws: a suspended tenant, and a tenant mismatch when configured to refuse it.
 */
export function createEnricher(
  deps: EnricherDeps,
): (event: PreTokenGenerationEvent) => Promise<PreTokenGenerationEvent> {
  return async (event) => {
    let enrichment: Enrichment;
    try {
      const snapshot = await deps.snapshot.current();
      enrichment = decideEnrichment(event, snapshot);
    } catch (e) {
      deps.log({ level: 'error', msg: 'enrichment failed; issuing a role-less token', error: String(e) });
      enrichment = { kind: 'denied', reason: 'malformed-event' };
    }
    deps.log({
      level: enrichment.kind === 'denied' ? 'warn' : 'info',
      msg: 'pre token generation',
      triggerSource: event?.triggerSource,
      ...describe(enrichment),
    });
    if (
      enrichment.kind === 'denied' &&
      ((enrichment.reason === 'tenant-mismatch' && deps.blockSignInOnTenantMismatch) ||
        // Suspension must hold even where Cognito would still authenticate (a refresh token, an open session):
        // every token the pool issues passes through here.
        enrichment.reason === 'tenant-suspended')
    ) {
      throw new SignInRefusedError();
    }
    return applyEnrichment(event, enrichment);
  };
}

const writeLog: EnricherLog = (entry) => {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
};

/** Wires the enricher from env once per Lambda container; a bad config fails safe rather than failing sign-in. */
function enricherFromEnv(): (event: PreTokenGenerationEvent) => Promise<PreTokenGenerationEvent> {
  try {
    const config = readEnricherConfig(process.env);
    const loader =
      config.snapshot.kind === 'url'
        ? new HttpSnapshotLoader(config.snapshot.url, config.snapshot.timeoutMs, config.snapshot.token)
        : new FileSnapshotLoader(config.snapshot.path);
    const snapshot = new CachedSnapshotSource(loader, {
      ttlMs: config.ttlMs,
      maxStaleMs: config.maxStaleMs,
      retryAfterFailureMs: config.retryAfterFailureMs,
      onLoadFailure: (error, servingStale) =>
        writeLog({
          level: servingStale ? 'warn' : 'error',
          msg: 'snapshot load failed',
          servingStale,
          error: String(error),
        }),
    });
    return createEnricher({
      snapshot,
      blockSignInOnTenantMismatch: config.blockSignInOnTenantMismatch,
      log: writeLog,
    });
  } catch (e) {
    writeLog({
      level: 'error',
      msg: 'token enricher misconfigured; every token will carry no roles',
      error: String(e),
    });
    return createEnricher({
      snapshot: { current: async () => null },
      blockSignInOnTenantMismatch: false,
      log: writeLog,
    });
  }
}

let enrich: ((event: PreTokenGenerationEvent) => Promise<PreTokenGenerationEvent>) | undefined;

/** The Lambda entry point, configured as the user pool's PreTokenGeneration trigger with LambdaVersion V2_0. */
export async function handler(event: PreTokenGenerationEvent): Promise<PreTokenGenerationEvent> {
  enrich ??= enricherFromEnv();
  return enrich(event);
}
