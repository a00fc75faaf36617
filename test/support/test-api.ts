import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { startCognitoEmulator } from '@idplane/cognito-emulator';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { OperatorAuth, setupOperatorAuth } from './operator-auth';
import { createTestDatabase, TestDatabase } from './test-database';

export interface TestApi {
  app: INestApplication;
  url: string;
  db: TestDatabase;
  auth: OperatorAuth;
  emulatorUrl: string;
  /** The variables this app was started with (in process.env until close). */
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * The api as one test file runs it: its own database, an in-process emulator holding the operator pool, and the
 * app listening on a random port. `env` adds or overrides variables for this app only.
 */
export async function startTestApi(label: string, env: Record<string, string> = {}): Promise<TestApi> {
  const db = await createTestDatabase(label);
  const emulator = await startCognitoEmulator({ port: 0 });
  const auth = await setupOperatorAuth(emulator.url);
  const vars = {
    ...auth.env,
    DATABASE_URL: db.url,
    REDIS_URL: 'redis://127.0.0.1:6379',
    LOG_LEVEL: 'silent',
    ...env,
  };
  const previous = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  const app = await createApiApp({ logger: false });
  await app.listen(0, '127.0.0.1');
  return {
    app,
    url: await app.getUrl(),
    db,
    auth,
    emulatorUrl: emulator.url,
    env: vars,
    close: async () => {
      await app.close();
      for (const [k, v] of Object.entries(previous)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      auth.close();
      await emulator.close();
      await db.drop();
    },
  };
}

/**
 * One more replica of `api`'s app, as a scaled-out deployment runs it: the same database, operator pool, Redis and
 * QUEUE_PREFIX, with its own connections and port. Close it before `api`.
 */
export async function startTestApiReplica(api: TestApi): Promise<{ url: string; close(): Promise<void> }> {
  Object.assign(process.env, api.env);
  const app = await createApiApp({ logger: false });
  await app.listen(0, '127.0.0.1');
  return { url: await app.getUrl(), close: () => app.close() };
}
