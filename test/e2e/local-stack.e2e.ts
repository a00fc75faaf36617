import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { setupOperatorAuth } from '../support/operator-auth';
import { freePort, RunningProcess, startProcess, waitForHttp } from '../support/processes';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/**
 * docker-compose.yml's api runs behind scripts/with-local-operator-pool: no operator pool is configured in a local
 * stack, so it makes the emulator's local one and trusts it. There is no Docker here; this starts the same command
 * line as processes, the api before the emulator as compose may.
 */
describe('the local stack of docker-compose.yml (api behind with-local-operator-pool)', () => {
  const ROOT = resolve(__dirname, '..', '..');
  let db: TestDatabase;
  const processes: RunningProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('local_stack');
    await db.dataSource.destroy();
  });
  afterAll(async () => {
    for (const p of processes.reverse()) await p.stop();
    await db.drop();
  });

  it('is what compose runs: the api through the wrapper, in development mode', () => {
    const compose = readFileSync(resolve(ROOT, 'docker-compose.yml'), 'utf8');
    expect(compose).toMatch(
      /'dist\/scripts\/with-local-operator-pool\.js',\s*'dist\/apps\/api\/src\/main\.js'/,
    );
    expect(compose).toMatch(/NODE_ENV: development/);
  });

  it('waits for the emulator, makes the operator pool there, and accepts its tokens', async () => {
    const [emulatorPort, apiPort] = [await freePort(), await freePort()];
    const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
    const env = {
      NODE_ENV: 'development',
      DATABASE_URL: db.url,
      REDIS_URL: 'redis://127.0.0.1:6379',
      COGNITO_ENDPOINT: emulatorUrl,
      IDPLANE_ENVIRONMENT: 'local-stack',
      PORT: String(apiPort),
      OPERATOR_USER_POOL_ID: '',
      OPERATOR_CLIENT_IDS: '',
    };
    processes.push(
      startProcess('api', 'scripts/with-local-operator-pool.js', env, [
        resolve(ROOT, 'dist/apps/api/src/main.js'),
      ]),
    );
    await new Promise((r) => setTimeout(r, 1_000));
    processes.push(
      startProcess('emulator', 'apps/cognito-emulator/src/main.js', { EMULATOR_PORT: String(emulatorPort) }),
    );
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    await waitForHttp(`${apiUrl}/health/ready`, 60_000).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}\n${processes.map((p) => p.output()).join('\n')}`);
    });

    const auth = await setupOperatorAuth(emulatorUrl, 'local-stack');
    try {
      const res = await fetch(`${apiUrl}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await auth.tokenFor({ role: 'platform-admin' })}`,
        },
        body: JSON.stringify({ query: '{ tenants(first: 1) { edges { node { id } } } }' }),
      });
      expect(await res.json()).toEqual({ data: { tenants: { edges: [] } } });
      expect(processes[0].output()).toContain(
        `operator pool ${auth.env.OPERATOR_USER_POOL_ID} on ${emulatorUrl}`,
      );
    } finally {
      auth.close();
    }
  }, 90_000);

  it('refuses to make a local operator pool in production', async () => {
    const wrapper = startProcess(
      'wrapper',
      'scripts/with-local-operator-pool.js',
      {
        NODE_ENV: 'production',
        OPERATOR_USER_POOL_ID: 'us-east-1_abcdefghi',
        SECRETS_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
        DATABASE_URL: db.url,
        COGNITO_ENDPOINT: 'http://127.0.0.1:9',
      },
      [resolve(ROOT, 'dist/apps/api/src/main.js')],
    );
    expect(await new Promise((done) => wrapper.child.on('exit', done))).toBe(1);
    expect(wrapper.output()).toContain('only for a local emulator');
  });
});
