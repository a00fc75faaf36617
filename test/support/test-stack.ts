import { OperatorAuth, setupOperatorAuth } from './operator-auth';
import { freePort, RunningProcess, startProcess, waitForHttp } from './processes';
import { createTestDatabase, TestDatabase } from './test-database';
import { deleteRedisPrefix, testQueuePrefix } from './test-redis';

export interface TestStack {
  apiUrl: string;
  emulatorUrl: string;
  processes: RunningProcess[];
  auth: OperatorAuth;
  /** A platform admin's token. */
  token: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * The whole system as `npm run dev` runs it, from dist/: the emulator, the api and the worker as processes of their
 * own, with a database and a Redis prefix of this test file's own.
 */
export async function startTestStack(label: string, env: Record<string, string> = {}): Promise<TestStack> {
  const db: TestDatabase = await createTestDatabase(label);
  await db.dataSource.destroy();
  const prefix = testQueuePrefix(label);
  const [emulatorPort, apiPort, workerPort] = [await freePort(), await freePort(), await freePort()];
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
  const vars = {
    DATABASE_URL: db.url,
    REDIS_URL: 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: prefix,
    COGNITO_ENDPOINT: emulatorUrl,
    IDPLANE_ENVIRONMENT: label.replace(/[^a-z0-9-]/g, '-').slice(0, 20),
    PORT: String(apiPort),
    WORKER_PORT: String(workerPort),
    EMULATOR_PORT: String(emulatorPort),
    OUTBOX_POLL_INTERVAL_MS: '100',
    LOG_LEVEL: 'info',
    ...env,
  };
  const processes: RunningProcess[] = [startProcess('emulator', 'apps/cognito-emulator/src/main.js', vars)];
  await waitForHttp(`${emulatorUrl}/_emulator/calls`);
  const auth = await setupOperatorAuth(emulatorUrl, vars.IDPLANE_ENVIRONMENT);
  processes.push(startProcess('api', 'apps/api/src/main.js', { ...vars, ...auth.env }));
  processes.push(startProcess('worker', 'apps/worker/src/main.js', vars));
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  await waitForHttp(`${apiUrl}/health/ready`);
  await waitForHttp(`http://127.0.0.1:${workerPort}/health/ready`);
  return {
    apiUrl,
    emulatorUrl,
    processes,
    auth,
    token: await auth.tokenFor({ role: 'platform-admin' }),
    output: () => processes.map((p) => `--- ${p.name} ---\n${p.output()}`).join('\n'),
    stop: async () => {
      auth.close();
      for (const p of [...processes].reverse()) await p.stop();
      await deleteRedisPrefix(prefix);
      await db.drop();
    },
  };
}
