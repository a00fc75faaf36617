import {
  ensureLocalOperatorPool,
  issueLocalOperatorToken,
  localCognitoClient,
  LocalOperatorRole,
} from '@idplane/admin-auth';

const GROUPS = { platformAdmin: 'platform-admin', tenantAdmin: 'tenant-admin' };

export interface OperatorAuth {
  /** Variables that point the api at the operator pool. */
  env: Record<string, string>;
  tokenFor(who: LocalOperatorRole): Promise<string>;
  close(): void;
}

/** Creates the operator pool in the emulator and mints real tokens from it, as `npm run token` does. */
export async function setupOperatorAuth(emulatorUrl: string, environment = 'test'): Promise<OperatorAuth> {
  const client = localCognitoClient('us-east-1', emulatorUrl);
  const pool = await ensureLocalOperatorPool(client, environment, GROUPS);
  return {
    env: {
      OPERATOR_USER_POOL_ID: pool.userPoolId,
      OPERATOR_CLIENT_IDS: pool.clientId,
      COGNITO_ENDPOINT: emulatorUrl,
    },
    tokenFor: (who) => issueLocalOperatorToken(client, pool, GROUPS, who),
    close: () => client.destroy(),
  };
}
