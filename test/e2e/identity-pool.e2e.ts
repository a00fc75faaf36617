import {
  CognitoIdentityClient,
  DescribeIdentityPoolCommand,
  GetIdentityPoolRolesCommand,
  SetIdentityPoolRolesCommand,
} from '@aws-sdk/client-cognito-identity';
import { CREATE_TENANT, graphql } from '../support/graphql-client';
import { eventually, tenantSettled } from '../support/processes';
import { startTestStack, TestStack } from '../support/test-stack';

jest.setTimeout(120_000);

const ADMIN_ARN = 'arn:aws:iam::123456789012:role/initech-admin';
const SIGNED_IN_ARN = 'arn:aws:iam::123456789012:role/initech-signed-in';

interface View {
  status: string;
  generation: number;
  observedGeneration: number;
  version: number;
  cognito: { userPoolId: string | null; appClientId: string | null };
  identityPool: { identityPoolId: string | null; version: number } | null;
}

const VIEW = `query($id: ID!) { tenant(id: $id) {
  status generation observedGeneration version cognito { userPoolId appClientId }
  identityPool { identityPoolId version }
} }`;

/** An identity pool as the portal asks for it, made by the worker, and gone with its tenant. */
describe('identity pool through GraphQL, the worker and the emulator', () => {
  let stack: TestStack;
  let identity: CognitoIdentityClient;
  const gql = <T>(query: string, variables: Record<string, unknown> = {}) =>
    graphql<T>(stack.apiUrl, query, variables, stack.token);
  const view = async (id: string) => (await gql<{ tenant: View }>(VIEW, { id })).data!.tenant;
  const settled = (id: string, status: string) => tenantSettled(() => view(id), status, id);

  beforeAll(async () => {
    stack = await startTestStack('e2e-identity-pool', { DRIFT_SWEEP_INTERVAL_MS: '1000' });
    identity = new CognitoIdentityClient({
      region: 'us-east-1',
      endpoint: stack.emulatorUrl,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
  });

  afterAll(async () => {
    identity?.destroy();
    await stack?.stop();
  });

  it('creates the pool trusting the tenant client with Rules from the roles, and deletes it with the tenant', async () => {
    const created = await gql<{ createTenant: { tenant: { id: string } } }>(CREATE_TENANT, {
      input: { slug: 'initech', displayName: 'Initech', isolationModel: 'SHARED_POOL' },
    });
    const id = created.data!.createTenant.tenant.id;
    const roles = await gql(
      `mutation($t: ID!) { setRoles(tenantId: $t, expectedVersion: 0, roles: [
        { name: "admin", precedence: 10, iamRoleArn: "${ADMIN_ARN}" }, { name: "member", precedence: 20 },
        { name: "read-only", precedence: 30 } ]) { roles { name } } }`,
      { t: id },
    );
    expect(roles.errors).toBeUndefined();
    const set = await gql(
      `mutation($t: ID!) { setIdentityPool(tenantId: $t, expectedVersion: 1,
        input: { authenticatedRoleArn: "${SIGNED_IN_ARN}" }) { identityPool { version } } }`,
      { t: id },
    );
    expect(set.errors).toBeUndefined();

    const active = await eventually(
      async () => {
        const t = await view(id);
        return t.status === 'ACTIVE' &&
          t.observedGeneration === t.generation &&
          t.identityPool?.identityPoolId
          ? t
          : undefined;
      },
      60_000,
      'the identity pool to be made',
    );
    const poolId = active.identityPool!.identityPoolId!;
    const pool = await identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: poolId }));
    expect(pool.CognitoIdentityProviders).toEqual([
      {
        ProviderName: `cognito-idp.us-east-1.amazonaws.com/${active.cognito.userPoolId}`,
        ClientId: active.cognito.appClientId,
        ServerSideTokenCheck: true,
      },
    ]);
    const poolRoles = await identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: poolId }));
    expect(poolRoles.Roles).toEqual({ authenticated: SIGNED_IN_ARN });
    expect(Object.values(poolRoles.RoleMappings!)[0].RulesConfiguration!.Rules).toEqual([
      { Claim: 'cognito:groups', MatchType: 'Contains', Value: 'initech.admin', RoleARN: ADMIN_ARN },
    ]);

    // Changed behind idplane: the drift sweep finds it and a run puts it back.
    const corrections = async () => {
      const res = await gql<{
        tenant: { reconcileRuns: { edges: { node: { trigger: string; outcome: string } }[] } };
      }>(
        `query($id: ID!) { tenant(id: $id) { reconcileRuns(first: 20) { edges { node { trigger outcome } } } } }`,
        { id },
      );
      const runs = res.data!.tenant.reconcileRuns.edges.map((e) => e.node);
      return { runs, count: runs.filter((r) => r.outcome === 'drift-corrected').length };
    };
    const before = (await corrections()).count;
    await identity.send(
      new SetIdentityPoolRolesCommand({ IdentityPoolId: poolId, Roles: { authenticated: ADMIN_ARN } }),
    );
    await eventually(
      async () => {
        const now = await corrections();
        // Usually the sweep's own run; a reconcile still queued from the spec changes absorbs the sweep's request
        // (one pending job per tenant) and corrects it as well. A timeout shows the run history.
        if (now.count <= before) throw new Error(JSON.stringify(now.runs));
        return true;
      },
      90_000,
      'a drift-corrected run after the identity pool roles were changed',
    );
    const restored = await identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: poolId }));
    expect(restored.Roles).toEqual({ authenticated: SIGNED_IN_ARN });

    const deleted = await gql(
      'mutation($id: ID!, $v: Int!) { deleteTenant(id: $id, expectedVersion: $v) { tenant { status } } }',
      {
        id,
        v: active.version,
      },
    );
    expect(deleted.errors).toBeUndefined();
    await settled(id, 'DELETED');
    await expect(
      identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: poolId })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});
