import {
  CognitoIdentityProviderClient,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import IORedis from 'ioredis';
import { CREATE_TENANT, graphql } from '../support/graphql-client';
import { OperatorAuth, setupOperatorAuth } from '../support/operator-auth';
import { eventually, freePort, RunningProcess, startProcess, waitForHttp } from '../support/processes';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { deleteRedisPrefix, TEST_REDIS_URL, testQueuePrefix } from '../support/test-redis';
import { emulatorSdk } from '../support/cognito-sdk';

// BullMQ's stall detection (lockDuration and stalledInterval 30 s, not configurable through the environment) hands
// the killed worker's job on only after two stalled checks, so the resumed run starts 30 to 90 s after the kill.
jest.setTimeout(300_000);

const ENVIRONMENT = 'e2e-crash';
const STALL_RECOVERY_TIMEOUT_MS = 180_000;
const READ_ONLY = /^(Describe|Get|List)/;

interface View {
  id: string;
  status: string;
  generation: number;
  observedGeneration: number;
  cognito: { userPoolId: string | null; appClientId: string | null };
}

interface Run {
  id: string;
  trigger: string;
  generation: number;
  outcome: string;
  plan: { action: string; resource: string; name: string }[];
  calls: Record<string, number>;
  mutatingCalls: number;
}

const VIEW = `query($id: ID!) { tenant(id: $id) {
  id status generation observedGeneration cognito { userPoolId appClientId } } }`;
const RUNS = `query($id: ID!) { tenant(id: $id) { reconcileRuns(first: 50) { edges { node {
  id trigger generation outcome plan { action resource name } calls mutatingCalls } } } } }`;

/**
 * Issue 4, "idempotent and crash-safe": a worker killed with SIGKILL after Cognito answered CreateUserPool and
 * CreateUserPoolClient, but before the run recorded their ids, leaves its job to BullMQ's stall detection; the next
 * worker resumes it, observe adopts what the crashed run created, and Cognito ends up with no duplicate and no orphan.
 */
describe('a reconcile killed with SIGKILL mid-run is resumed without duplicates or orphans', () => {
  let db: TestDatabase;
  let prefix: string;
  let auth: OperatorAuth;
  let token: string;
  let apiUrl: string;
  let emulatorUrl: string;
  let vars: Record<string, string>;
  let cognito: CognitoIdentityProviderClient;
  const processes: RunningProcess[] = [];

  const gql = <T>(query: string, variables: Record<string, unknown> = {}) =>
    graphql<T>(apiUrl, query, variables, token);
  const view = async (id: string) => (await gql<{ tenant: View }>(VIEW, { id })).data!.tenant;
  const runs = async (id: string) =>
    (
      await gql<{ tenant: { reconcileRuns: { edges: { node: Run }[] } } }>(RUNS, { id })
    ).data!.tenant.reconcileRuns.edges.map((e) => e.node);
  const emulator = async <T>(path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${emulatorUrl}/_emulator/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`emulator ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const calls = () => emulator<Record<string, Record<string, number>>>('calls');
  const ok = (log: Record<string, Record<string, number>>, operation: string) => log[operation]?.ok ?? 0;

  async function startWorker(name: string): Promise<RunningProcess> {
    const port = await freePort();
    const worker = startProcess(name, 'apps/worker/src/main.js', { ...vars, WORKER_PORT: String(port) });
    processes.push(worker);
    await waitForHttp(`http://127.0.0.1:${port}/health/ready`);
    return worker;
  }

  beforeAll(async () => {
    db = await createTestDatabase('e2e-worker-crash');
    await db.dataSource.destroy();
    prefix = testQueuePrefix('e2e-worker-crash');
    const [emulatorPort, apiPort] = [await freePort(), await freePort()];
    emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
    apiUrl = `http://127.0.0.1:${apiPort}`;
    vars = {
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: prefix,
      COGNITO_ENDPOINT: emulatorUrl,
      IDPLANE_ENVIRONMENT: ENVIRONMENT,
      PORT: String(apiPort),
      EMULATOR_PORT: String(emulatorPort),
      OUTBOX_POLL_INTERVAL_MS: '100',
      // No drift sweep: the only runs are the crashed job's, its resumption and the forced one.
      DRIFT_SWEEP_INTERVAL_MS: '0',
      LOG_LEVEL: 'info',
    };
    processes.push(startProcess('emulator', 'apps/cognito-emulator/src/main.js', vars));
    await waitForHttp(`${emulatorUrl}/_emulator/calls`);
    auth = await setupOperatorAuth(emulatorUrl, ENVIRONMENT);
    processes.push(startProcess('api', 'apps/api/src/main.js', { ...vars, ...auth.env }));
    await waitForHttp(`${apiUrl}/health/ready`);
    token = await auth.tokenFor({ role: 'platform-admin' });
    cognito = emulatorSdk(emulatorUrl);
  });

  afterAll(async () => {
    cognito?.destroy();
    auth?.close();
    for (const p of [...processes].reverse()) await p.stop();
    if (prefix) await deleteRedisPrefix(prefix);
    await db?.drop();
  });

  afterEach(() => {
    const state = expect.getState();
    if (state.assertionCalls !== state.numPassingAsserts)
      console.log(processes.map((p) => `--- ${p.name} ---\n${p.output().slice(-6000)}`).join('\n'));
  });

  it('adopts the pool, client and groups the killed run created, creates the rest once, then stays quiet', async () => {
    const firstWorker = await startWorker('worker-1');
    await emulator('calls/reset', {});
    // CreateGroup comes after CreateUserPool, CreateUserPoolDomain and CreateUserPoolClient in the plan: slowing it
    // keeps both runs in flight with their pool and client created in Cognito but not yet recorded.
    await emulator('faults', { operation: 'CreateGroup', latencyMs: 4_000 });

    const create = async (slug: string, isolationModel: string) => {
      const res = await gql<{ createTenant: { tenant: View } }>(CREATE_TENANT, {
        input: { slug, displayName: `Tenant ${slug}`, isolationModel },
      });
      expect(res.errors).toBeUndefined();
      return res.data!.createTenant.tenant.id;
    };
    const dedicatedId = await create('crash-dedicated', 'DEDICATED_POOL');
    const sharedId = await create('crash-shared', 'SHARED_POOL');

    // Both pools (the dedicated one and shard 0) and both web clients answered ok, and one group is in Cognito.
    await eventually(
      async () => {
        const log = await calls();
        return ok(log, 'CreateUserPool') === 2 &&
          ok(log, 'CreateUserPoolClient') === 2 &&
          ok(log, 'CreateGroup') >= 1
          ? log
          : undefined;
      },
      60_000,
      'both runs to be past CreateUserPoolClient and one CreateGroup',
    );
    firstWorker.child.kill('SIGKILL');
    await new Promise((done) => firstWorker.child.once('exit', done));
    expect(firstWorker.child.signalCode).toBe('SIGKILL');
    await emulator('faults/reset', {});

    // The crash left Cognito ahead of the database: pools and clients exist, their ids were never recorded.
    for (const id of [dedicatedId, sharedId]) {
      const t = await view(id);
      expect(t.status).toBe('PROVISIONING');
      expect(t.cognito.appClientId).toBeNull();
      expect(await runs(id)).toEqual([]);
    }
    expect((await view(dedicatedId)).cognito.userPoolId).toBeNull();

    await startWorker('worker-2');
    const settled = async (id: string) =>
      eventually(
        async () => {
          const t = await view(id);
          return t.status === 'ACTIVE' && t.observedGeneration === t.generation ? t : undefined;
        },
        STALL_RECOVERY_TIMEOUT_MS,
        `tenant ${id} to be resumed and ACTIVE`,
      );
    const [dedicated, shared] = await Promise.all([settled(dedicatedId), settled(sharedId)]);

    // Cognito through the SDK: one of each, and they are the ones recorded.
    const { UserPools } = await cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    const ours = UserPools ?? [];
    // Every pool in the emulator: the operators' pool (made before the test), the tenant's and shard 0, once each.
    expect(ours.map((p) => p.Name).sort()).toEqual([
      `idplane-${ENVIRONMENT}-crash-dedicated`,
      `idplane-${ENVIRONMENT}-operators`,
      `idplane-${ENVIRONMENT}-shared-0`,
    ]);
    const poolOf = (name: string) => ours.find((p) => p.Name === name)!.Id!;
    expect(dedicated.cognito.userPoolId).toBe(poolOf(`idplane-${ENVIRONMENT}-crash-dedicated`));
    expect(shared.cognito.userPoolId).toBe(poolOf(`idplane-${ENVIRONMENT}-shared-0`));

    const clientsOf = async (userPoolId: string) =>
      (await cognito.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 })))
        .UserPoolClients ?? [];
    const dedicatedClients = await clientsOf(dedicated.cognito.userPoolId!);
    expect(dedicatedClients.map((c) => [c.ClientName, c.ClientId])).toEqual([
      ['idplane-crash-dedicated-web', dedicated.cognito.appClientId],
    ]);
    const sharedClients = await clientsOf(shared.cognito.userPoolId!);
    expect(sharedClients.map((c) => [c.ClientName, c.ClientId])).toEqual([
      ['idplane-crash-shared-web', shared.cognito.appClientId],
    ]);

    const groupsOf = async (userPoolId: string) =>
      ((await cognito.send(new ListGroupsCommand({ UserPoolId: userPoolId, Limit: 60 }))).Groups ?? [])
        .map((g) => g.GroupName)
        .sort();
    expect(await groupsOf(dedicated.cognito.userPoolId!)).toEqual(['admin', 'member', 'read-only']);
    expect(await groupsOf(shared.cognito.userPoolId!)).toEqual([
      'crash-shared.admin',
      'crash-shared.member',
      'crash-shared.read-only',
    ]);

    // Cognito was asked to create each pool and web client exactly once, across both workers.
    const afterResume = await calls();
    expect(ok(afterResume, 'CreateUserPool')).toBe(2);
    expect(ok(afterResume, 'CreateUserPoolClient')).toBe(2);
    expect(ok(afterResume, 'CreateGroup')).toBe(6);

    // The resumed job is the crashed one (BullMQ counted one stall), and its run adopted the pool and client.
    const redis = new IORedis(TEST_REDIS_URL);
    try {
      for (const id of [dedicatedId, sharedId]) {
        const job = await redis.hgetall(`${prefix}:reconcile:tenant-${id}-g1-create`);
        expect(job.stc).toBe('1');
        expect(job.finishedOn).toBeDefined();
        expect(job.failedReason).toBeUndefined();
      }
    } finally {
      redis.disconnect();
    }
    for (const id of [dedicatedId, sharedId]) {
      const recorded = await runs(id);
      expect(recorded).toHaveLength(1);
      const [resumed] = recorded;
      expect(resumed).toMatchObject({ trigger: 'create', generation: 1, outcome: 'synced' });
      expect(resumed.calls.CreateUserPool).toBeUndefined();
      expect(resumed.calls.CreateUserPoolClient).toBeUndefined();
      expect(resumed.plan.filter((s) => s.resource === 'UserPool' || s.resource === 'AppClient')).toEqual([]);
      expect(resumed.calls.CreateGroup).toBeLessThan(3);
    }

    // A forced reconcile of both finds everything in place: reads only.
    await emulator('calls/reset', {});
    for (const id of [dedicatedId, sharedId]) {
      const forced = await gql('mutation($id: ID!) { reconcileTenant(id: $id) { generation } }', { id });
      expect(forced.errors).toBeUndefined();
    }
    for (const id of [dedicatedId, sharedId]) {
      const manual = await eventually(
        async () => (await runs(id)).find((r) => r.trigger === 'manual'),
        60_000,
        `the forced run of ${id}`,
      );
      expect(manual).toMatchObject({ outcome: 'synced', mutatingCalls: 0, plan: [] });
    }
    const quiet = await calls();
    expect(Object.keys(quiet).filter((operation) => !READ_ONLY.test(operation))).toEqual([]);
  });
});
