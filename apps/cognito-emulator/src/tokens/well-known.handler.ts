import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../protocol/json-response';
import type { EmulatorRuntime } from '../server/emulator-runtime';
import type { UserPoolRecord } from '../state/state-types';
import { poolJwks } from './pool-signing-key';
import { poolIssuer } from './token-issuer';
import { getOwn } from '../state/own-entry';

function findPool(runtime: EmulatorRuntime, poolId: string): UserPoolRecord | undefined {
  for (const region of Object.values(runtime.store.state.regions)) {
    const pool = getOwn(region.userPools, poolId);
    if (pool) return pool;
  }
  return undefined;
}

/** Serves `/<userPoolId>/.well-known/jwks.json` and `/<userPoolId>/.well-known/openid-configuration`. */
export async function handleWellKnown(
  runtime: EmulatorRuntime,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
): Promise<void> {
  const match = /^\/([^/]+)\/\.well-known\/(jwks\.json|openid-configuration)$/.exec(path);
  const pool = match ? findPool(runtime, decodeURIComponent(match[1])) : undefined;
  if (!match || !pool) {
    return sendJson(response, 404, { message: 'User pool not found' }, 'none', 'application/json');
  }
  if (match[2] === 'jwks.json') {
    const jwks = poolJwks(pool);
    runtime.stateWriter?.schedule();
    return sendJson(response, 200, jwks, 'none', 'application/json');
  }
  const base = `http://${request.headers.host ?? `${runtime.settings.host}:${runtime.settings.port}`}`;
  const issuer = poolIssuer(base, pool.id);
  const domain = pool.domain ? `https://${pool.domain}.auth.emulator.local` : issuer;
  return sendJson(
    response,
    200,
    {
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      authorization_endpoint: `${domain}/oauth2/authorize`,
      token_endpoint: `${domain}/oauth2/token`,
      userinfo_endpoint: `${domain}/oauth2/userInfo`,
      end_session_endpoint: `${domain}/logout`,
      response_types_supported: ['code', 'token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid', 'email', 'phone', 'profile'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    },
    'none',
    'application/json',
  );
}
