import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  ListGroupsCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CREATE_TENANT, graphql as rawGraphql, TENANT } from '../support/graphql-client';
import { OperatorAuth, setupOperatorAuth } from '../support/operator-auth';
import { eventually, freePort, RunningProcess, startProcess, waitForHttp } from '../support/processes';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { deleteRedisPrefix, testQueuePrefix } from '../support/test-redis';

jest.setTimeout(120_000);

interface TenantView {
  id: string;
  slug: string;
  status: string;
  generation: number;
  observedGeneration: number;
  conditions: { type: string; status: string }[];
  cognito: { userPoolId: string | null; appClientId: string | null; issuer: string | null };
}

/**
 * The walking skeleton as a user runs it: emulator, api and worker as separate processes from the build, driven
 * over HTTP through GraphQL, with Cognito's state checked through the real AWS SDK.
 */
describe('walking skeleton: GraphQL mutation to reconciled Cognito tenant', () => {
  let db: TestDatabase;
  const prefix = testQueuePrefix('e2e');
  const processes: RunningProcess[] = [];
  let apiUrl: string;
  let emulatorUrl: string;
  let cognito: CognitoIdentityProviderClient;
  let auth: OperatorAuth;
  let token: string;
  const graphql = <T>(url: string, query: string, variables: Record<string, unknown>) =>
    rawGraphql<T>(url, query, variables, token);

  beforeAll(async () => {
    db = await createTestDatabase('e2e');
    await db.dataSource.destroy();
    const [emulatorPort, apiPort, workerPort] = [await freePort(), await freePort(), await freePort()];
    emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: prefix,
      COGNITO_ENDPOINT: emulatorUrl,
      IDPLANE_ENVIRONMENT: 'e2e',
      PORT: String(apiPort),
      WORKER_PORT: String(workerPort),
      EMULATOR_PORT: String(emulatorPort),
      OUTBOX_POLL_INTERVAL_MS: '100',
      LOG_LEVEL: 'info',
    };
    processes.push(startProcess('emulator', 'apps/cognito-emulator/src/main.js', env));
    await waitForHttp(`${emulatorUrl}/_emulator/calls`);
    auth = await setupOperatorAuth(emulatorUrl, 'e2e');
    token = await auth.tokenFor({ role: 'platform-admin' });
    processes.push(startProcess('api', 'apps/api/src/main.js', { ...env, ...auth.env }));
    processes.push(startProcess('worker', 'apps/worker/src/main.js', env));
    apiUrl = `http://127.0.0.1:${apiPort}`;
    await waitForHttp(`${apiUrl}/health/ready`);
    await waitForHttp(`http://127.0.0.1:${workerPort}/health/ready`);
    cognito = new CognitoIdentityProviderClient({
      region: 'us-east-1',
      endpoint: emulatorUrl,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
  });

  afterAll(async () => {
    cognito?.destroy();
    auth?.close();
    for (const p of processes.reverse()) await p.stop();
    await deleteRedisPrefix(prefix);
    await db?.drop();
  });

  afterEach(() => {
    const state = expect.getState();
    if (state.assertionCalls !== state.numPassingAsserts) {
      for (const p of processes) console.log(`--- ${p.name} output ---\n${p.output().slice(-4000)}`);
    }
  });

  async function createAndWaitActive(slug: string, isolationModel: string): Promise<TenantView> {
    const created = await graphql<{ createTenant: { tenant: TenantView } }>(apiUrl, CREATE_TENANT, {
      input: { slug, displayName: `Tenant ${slug}`, isolationModel },
    });
    expect(created.errors).toBeUndefined();
    const id = created.data!.createTenant.tenant.id;
    return eventually(
      async () => {
        const res = await graphql<{ tenant: TenantView }>(apiUrl, TENANT, { id });
        return res.data?.tenant.status === 'ACTIVE' ? res.data.tenant : undefined;
      },
      60_000,
      `tenant ${slug} to become ACTIVE`,
    );
  }

  it('provisions a DEDICATED_POOL tenant into its own tagged pool', async () => {
    const tenant = await createAndWaitActive('dedicated-e2e', 'DEDICATED_POOL');
    expect(tenant.observedGeneration).toBe(tenant.generation);
    expect(tenant.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'Ready', status: 'True' }),
        expect.objectContaining({ type: 'Synced', status: 'True' }),
      ]),
    );
    const poolId = tenant.cognito.userPoolId!;
    expect(tenant.cognito.issuer).toMatch(new RegExp(`/${poolId}$`));

    const { UserPool } = await cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(UserPool?.Name).toBe('idplane-e2e-dedicated-e2e');
    expect(UserPool?.UserPoolTags).toMatchObject({ 'idplane:tenant-id': tenant.id, 'managed-by': 'idplane' });
    const { Groups } = await cognito.send(new ListGroupsCommand({ UserPoolId: poolId }));
    expect(Groups?.map((g) => g.GroupName).sort()).toEqual(['admin', 'member']);
    const { UserPoolClient } = await cognito.send(
      new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: tenant.cognito.appClientId! }),
    );
    expect(UserPoolClient?.ClientName).toBe('idplane-dedicated-e2e-web');
  });

  it('provisions SHARED_POOL tenants into one shared pool with tenant_id and prefixed groups', async () => {
    const [a, b] = await Promise.all([
      createAndWaitActive('shared-a', 'SHARED_POOL'),
      createAndWaitActive('shared-b', 'SHARED_POOL'),
    ]);
    expect(a.cognito.userPoolId).toBe(b.cognito.userPoolId);
    expect(a.cognito.appClientId).not.toBe(b.cognito.appClientId);

    const { UserPools } = await cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    expect(UserPools?.filter((p) => p.Name === 'idplane-e2e-shared-0')).toHaveLength(1);
    const { UserPool } = await cognito.send(
      new DescribeUserPoolCommand({ UserPoolId: a.cognito.userPoolId! }),
    );
    expect(UserPool?.SchemaAttributes?.map((s) => s.Name)).toContain('custom:tenant_id');
    const { Groups } = await cognito.send(new ListGroupsCommand({ UserPoolId: a.cognito.userPoolId! }));
    expect(Groups?.map((g) => g.GroupName).sort()).toEqual([
      'shared-a.admin',
      'shared-a.member',
      'shared-b.admin',
      'shared-b.member',
    ]);
  });

  it('finishes the job in hand when the worker gets SIGTERM, then exits 0', async () => {
    // Slow Cognito down so the reconcile is still running when the signal arrives.
    await fetch(`${emulatorUrl}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ operation: 'CreateGroup', latencyMs: 1_500 }),
    });
    const created = await graphql<{ createTenant: { tenant: TenantView } }>(apiUrl, CREATE_TENANT, {
      input: { slug: 'in-flight', displayName: 'In flight', isolationModel: 'DEDICATED_POOL' },
    });
    const id = created.data!.createTenant.tenant.id;
    await eventually(
      async () =>
        (await graphql<{ tenant: TenantView }>(apiUrl, TENANT, { id })).data?.tenant.status === 'PROVISIONING'
          ? true
          : undefined,
      30_000,
      'the reconcile to start',
    );
    const worker = processes.find((p) => p.name === 'worker')!;
    expect(await worker.stop()).toBe(0);
    expect(worker.output()).toContain('reconcile worker stopped');
    // No worker runs now: the tenant can only be ACTIVE if the stopping worker finished its job.
    const after = await graphql<{ tenant: TenantView }>(apiUrl, TENANT, { id });
    expect(after.data?.tenant.status).toBe('ACTIVE');
  });
});
