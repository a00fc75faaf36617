import { resolve } from 'node:path';
import { ConfigError, loadConfig } from '@idplane/config';
import { localOperatorPoolEnv, waitForHttp } from './local-operator-pool';

/**
 * `node dist/scripts/with-local-operator-pool.js <entry point>`: for a local stack on the Cognito emulator (such as
 * docker-compose.yml), where no operator pool is configured. Waits for COGNITO_ENDPOINT, makes sure the local
 * operator pool exists there, sets OPERATOR_USER_POOL_ID and OPERATOR_CLIENT_IDS, then runs the entry point in this
 * process. Never for real Cognito: it refuses to run without COGNITO_ENDPOINT, or in production.
 */
async function main(): Promise<void> {
  const entry = process.argv[2];
  if (!entry) throw new Error('usage: with-local-operator-pool <entry point script>');
  const config = loadConfig();
  if (!config.COGNITO_ENDPOINT || config.NODE_ENV === 'production')
    throw new Error(
      'the local operator pool is only for a local emulator (COGNITO_ENDPOINT, not production)',
    );
  if (!config.OPERATOR_USER_POOL_ID) {
    await waitForHttp(config.COGNITO_ENDPOINT, 60_000);
    Object.assign(process.env, await localOperatorPoolEnv(config, config.COGNITO_ENDPOINT));
    console.log(`[local] operator pool ${process.env.OPERATOR_USER_POOL_ID} on ${config.COGNITO_ENDPOINT}`);
  }
  await import(resolve(entry));
}

main().catch((error: unknown) => {
  console.error(`[local] ${error instanceof ConfigError ? error.message : (error as Error).message}`);
  process.exit(1);
});
