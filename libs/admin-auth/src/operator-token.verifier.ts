import { JwtVerifier } from 'aws-jwt-verify';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { UnauthenticatedError } from '@idplane/errors';
import { VerifiedTokenCache } from './verified-token.cache';

export interface OperatorTokenSettings {
  /** Issuer URLs of the operator pools: https://cognito-idp.<region>.amazonaws.com/<poolId>, or the emulator's. */
  issuers: string[];
  /** When set, the token must come from one of these app clients (aud for id tokens, client_id for access). */
  clientIds: string[] | null;
}

const JWKS_MAX_BYTES = 256 * 1024;

/**
 * Fetches a JWKS with a timeout and a size cap. aws-jwt-verify's own fetcher only speaks https; the local emulator
 * serves http, and the issuer list comes from configuration, never from the token.
 */
const jwksFetcher: Fetcher = {
  fetch: async (uri: string) => {
    const res = await fetch(uri, { signal: AbortSignal.timeout(3_000), redirect: 'error' });
    if (!res.ok) throw new Error(`JWKS fetch answered ${res.status}`);
    const body = await res.arrayBuffer();
    if (body.byteLength > JWKS_MAX_BYTES) throw new Error('JWKS too large');
    return body;
  },
};

/** Verifies operator Bearer tokens (Cognito id or access tokens) against the configured pools, with JWKS cached. */
export class OperatorTokenVerifier {
  private readonly verifier: { verify(token: string): Promise<Record<string, unknown>> } | null;
  private readonly verified = new VerifiedTokenCache();

  constructor(settings: OperatorTokenSettings) {
    const clientIds = settings.clientIds;
    this.verifier =
      settings.issuers.length === 0
        ? null
        : JwtVerifier.create(
            settings.issuers.map((issuer) => ({
              issuer,
              jwksUri: `${issuer}/.well-known/jwks.json`,
              audience: null,
              customJwtCheck: ({ payload }: { payload: Record<string, unknown> }) => {
                const use = payload.token_use;
                if (use !== 'id' && use !== 'access') throw new Error('token_use must be id or access');
                const client = use === 'id' ? payload.aud : payload.client_id;
                if (clientIds && !clientIds.includes(String(client)))
                  throw new Error('token from an unknown client');
              },
            })),
            { jwksCache: new SimpleJwksCache({ fetcher: jwksFetcher }) },
          );
  }

  /** The verified claims, or UNAUTHENTICATED. The reason is not echoed, so probing learns nothing. */
  async verify(token: string): Promise<Record<string, unknown>> {
    if (!this.verifier) throw new UnauthenticatedError('no operator user pool is configured');
    const known = this.verified.get(token);
    if (known) return known;
    try {
      const claims = await this.verifier.verify(token);
      this.verified.set(token, claims);
      return claims;
    } catch {
      throw new UnauthenticatedError('the Bearer token is invalid or expired');
    }
  }
}
