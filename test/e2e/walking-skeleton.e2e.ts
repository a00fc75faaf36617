import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  ListGroupsCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CREATE_TENANT, graphql as rawGraphql, TENANT } from '../support/graphql-client';
import { eventually } from '../support/processes';
import { startTestStack, TestStack } from '../support/test-stack';
import { emulatorSdk } from '../support/cognito-sdk';

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
  let stack: TestStack;
  let apiUrl: string;
  let emulatorUrl: string;
  let cognito: CognitoIdentityProviderClient;
  const graphql = <T>(url: string, query: string, variables: Record<string, unknown>) =>
    rawGraphql<T>(url, query, variables, stack.token);

  beforeAll(async () => {
    // One shard: these tests look at shared tenants side by side in one pool.
    stack = await startTestStack('e2e', { SHARED_POOL_MIN_SHARDS: '1' });
    ({ apiUrl, emulatorUrl } = stack);
    cognito = emulatorSdk(emulatorUrl);
  });

  afterAll(async () => {
    cognito?.destroy();
    await stack?.stop();
  });

  afterEach(() => {
    const state = expect.getState();
    if (state.assertionCalls !== state.numPassingAsserts) {
      console.log(stack.output().slice(-8000));
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
    expect(Groups?.map((g) => g.GroupName).sort()).toEqual(['admin', 'member', 'read-only']);
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
      'shared-a.read-only',
      'shared-b.admin',
      'shared-b.member',
      'shared-b.read-only',
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
    const worker = stack.processes.find((p) => p.name === 'worker')!;
    expect(await worker.stop()).toBe(0);
    expect(worker.output()).toContain('reconcile worker stopped');
    // No worker runs now: the tenant can only be ACTIVE if the stopping worker finished its job.
    const after = await graphql<{ tenant: TenantView }>(apiUrl, TENANT, { id });
    expect(after.data?.tenant.status).toBe('ACTIVE');
  });
});
