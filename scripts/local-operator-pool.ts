import { ensureLocalOperatorPool, localCognitoClient } from '@idplane/admin-auth';
import type { AppConfig } from '@idplane/config';

/** Resolves once something answers HTTP at `url`, or fails after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/**
 * Points the api at the local operator pool on a Cognito emulator, creating the pool on first use (it is found by
 * name after that); `npm run token` mints tokens from the same pool.
 */
export async function localOperatorPoolEnv(config: AppConfig, endpoint: string): Promise<NodeJS.ProcessEnv> {
  const client = localCognitoClient(config.AWS_REGION, endpoint);
  try {
    const groups = { platformAdmin: config.PLATFORM_ADMIN_GROUP, tenantAdmin: config.TENANT_ADMIN_GROUP };
    const pool = await ensureLocalOperatorPool(client, config.IDPLANE_ENVIRONMENT, groups);
    return { OPERATOR_USER_POOL_ID: pool.userPoolId, OPERATOR_CLIENT_IDS: pool.clientId };
  } finally {
    client.destroy();
  }
}
