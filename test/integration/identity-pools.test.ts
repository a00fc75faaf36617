import 'reflect-metadata';
import {
  CognitoIdentityClient,
  DescribeIdentityPoolCommand,
  GetIdentityPoolRolesCommand,
  ListIdentityPoolsCommand,
  SetIdentityPoolRolesCommand,
} from '@aws-sdk/client-cognito-identity';
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { IdentityPoolGateway } from '@idplane/cognito';
import { PostgresAccessStore } from '@idplane/persistence';
import { IdentityPoolReconciler } from '@idplane/reconciler';
import { CREATE_TENANT, graphql } from '../support/graphql-client';
import { startTestApi, TestApi } from '../support/test-api';

const ADMIN_ARN = 'arn:aws:iam::123456789012:role/globex-admin';
const SIGNED_IN_ARN = 'arn:aws:iam::123456789012:role/globex-signed-in';
const GUEST_ARN = 'arn:aws:iam::123456789012:role/globex-guest';

const SET_IDENTITY_POOL = `mutation($t: ID!, $input: IdentityPoolInput!, $v: Int!) {
  setIdentityPool(tenantId: $t, input: $input, expectedVersion: $v) {
    tenant { generation }
    identityPool { authenticatedRoleArn guestRoleArn ambiguousRoleResolution identityPoolId version }
  }
}`;
const SET_ROLES = `mutation($t: ID!, $roles: [RoleInput!]!, $v: Int!) {
  setRoles(tenantId: $t, roles: $roles, expectedVersion: $v) { roles { name } }
}`;
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

describe('identity pools: desired over GraphQL, reconciled to the emulator through the real SDK', () => {
  let api: TestApi;
  let token: string;
  let tenantId: string;
  let identity: CognitoIdentityClient;
  let idp: CognitoIdentityProviderClient;
  let userPoolId: string;
  let appClientId: string;
  let calls: Record<string, number>;
  let reconciler: IdentityPoolReconciler;
  let gateway: IdentityPoolGateway;

  const tenantRef = () => ({ id: tenantId, slug: 'globex', region: 'eu-west-1', userPoolId, appClientId });
  const mutating = () =>
    Object.entries(calls)
      .filter(([op]) => /^(Create|Update|Delete|Set)/.test(op))
      .reduce((n, [, c]) => n + c, 0);

  beforeAll(async () => {
    api = await startTestApi('identity_pools');
    token = await api.auth.tokenFor({ role: 'platform-admin' });
    const created = await graphql<{ createTenant: { tenant: { id: string } } }>(
      api.url,
      CREATE_TENANT,
      {
        input: {
          slug: 'globex',
          displayName: 'Globex',
          isolationModel: 'DEDICATED_POOL',
          region: 'eu-west-1',
        },
      },
      token,
    );
    if (!created.data) throw new Error(JSON.stringify(created.errors));
    tenantId = created.data.createTenant.tenant.id;
    const sdk = { region: 'eu-west-1', endpoint: api.emulatorUrl, credentials };
    identity = new CognitoIdentityClient(sdk);
    idp = new CognitoIdentityProviderClient(sdk);
    // The tenant's pool and client, as the main reconcile would have made them.
    userPoolId = (await idp.send(new CreateUserPoolCommand({ PoolName: 'idplane-test-globex' }))).UserPool!
      .Id!;
    appClientId = (
      await idp.send(new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: 'globex-web' }))
    ).UserPoolClient!.ClientId!;
    reconciler = new IdentityPoolReconciler(new PostgresAccessStore(api.db.dataSource), 'test');
    calls = {};
    gateway = new IdentityPoolGateway(identity, (c) => (calls[c.operation] = (calls[c.operation] ?? 0) + 1));
  });

  afterAll(async () => {
    identity?.destroy();
    idp?.destroy();
    await api?.close();
  });

  it('refuses a bad IAM role ARN with the field at fault and writes nothing', async () => {
    const res = await graphql(
      api.url,
      SET_IDENTITY_POOL,
      {
        t: tenantId,
        input: { authenticatedRoleArn: 'arn:aws:iam::1234:role/x', guestRoleArn: 'nope' },
        v: 0,
      },
      token,
    );
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(JSON.stringify(res.errors?.[0].extensions)).toContain('input.authenticatedRoleArn');
    expect(JSON.stringify(res.errors?.[0].extensions)).toContain('input.guestRoleArn');
    const rows = await api.db.dataSource.query('SELECT count(*)::int AS n FROM tenant_access');
    expect(rows[0].n).toBe(0);
  });

  it('sets roles with IAM roles and an identity pool; the generation moves and a reconcile intent is written', async () => {
    const roles = await graphql(
      api.url,
      SET_ROLES,
      {
        t: tenantId,
        roles: [
          { name: 'admin', precedence: 10, iamRoleArn: ADMIN_ARN },
          { name: 'member', precedence: 20 },
          { name: 'read-only', precedence: 30 },
        ],
        v: 0,
      },
      token,
    );
    expect(roles.errors).toBeUndefined();
    const res = await graphql<{
      setIdentityPool: { tenant: { generation: number }; identityPool: Record<string, unknown> };
    }>(
      api.url,
      SET_IDENTITY_POOL,
      { t: tenantId, input: { authenticatedRoleArn: SIGNED_IN_ARN, ambiguousRoleResolution: 'Deny' }, v: 1 },
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.setIdentityPool).toEqual({
      tenant: { generation: 3 },
      identityPool: {
        authenticatedRoleArn: SIGNED_IN_ARN,
        guestRoleArn: null,
        ambiguousRoleResolution: 'Deny',
        identityPoolId: null,
        version: 2,
      },
    });
    const intents = await api.db.dataSource.query(
      `SELECT payload FROM outbox_messages WHERE aggregate_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [tenantId],
    );
    expect(intents[0].payload).toMatchObject({ tenantId, generation: 3 });
  });

  it('answers CONFLICT for a stale version', async () => {
    const res = await graphql(
      api.url,
      SET_IDENTITY_POOL,
      { t: tenantId, input: { authenticatedRoleArn: SIGNED_IN_ARN }, v: 1 },
      token,
    );
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses roles that identity pool rules cannot tell apart while the tenant has an identity pool', async () => {
    const res = await graphql(
      api.url,
      SET_ROLES,
      {
        t: tenantId,
        roles: [
          { name: 'admin', precedence: 10, iamRoleArn: ADMIN_ARN },
          { name: 'member', precedence: 20 },
          { name: 'read-only', precedence: 30 },
          { name: 'super-admin', precedence: 5, iamRoleArn: ADMIN_ARN },
        ],
        v: 2,
      },
      token,
    );
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(JSON.stringify(res.errors?.[0].extensions)).toContain('roles[3].name');
  });

  it('creates the identity pool with only the tenant client, enhanced flow and Rules from the roles', async () => {
    const steps = await reconciler.reconcile(gateway, tenantRef());
    expect(steps.map((s) => `${s.action} ${s.resource}`)).toEqual([
      'create IdentityPool',
      'update IdentityPoolRoles',
    ]);
    const [{ identity_pool_id: id }] = await api.db.dataSource.query(
      'SELECT identity_pool_id FROM tenant_access WHERE tenant_id = $1',
      [tenantId],
    );
    expect(id).toMatch(/^eu-west-1:/);
    const pool = await identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: id }));
    expect(pool).toMatchObject({
      IdentityPoolName: 'idplane_test_globex',
      AllowUnauthenticatedIdentities: false,
      AllowClassicFlow: false,
      CognitoIdentityProviders: [
        {
          ProviderName: `cognito-idp.eu-west-1.amazonaws.com/${userPoolId}`,
          ClientId: appClientId,
          ServerSideTokenCheck: true,
        },
      ],
      IdentityPoolTags: { 'managed-by': 'idplane', 'idplane:tenant-id': tenantId },
    });
    const roles = await identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: id }));
    expect(roles.Roles).toEqual({ authenticated: SIGNED_IN_ARN });
    expect(roles.RoleMappings).toEqual({
      [`cognito-idp.eu-west-1.amazonaws.com/${userPoolId}:${appClientId}`]: {
        Type: 'Rules',
        AmbiguousRoleResolution: 'Deny',
        RulesConfiguration: {
          Rules: [{ Claim: 'cognito:groups', MatchType: 'Contains', Value: 'admin', RoleARN: ADMIN_ARN }],
        },
      },
    });
    const view = await graphql<{ tenant: { identityPool: { identityPoolId: string } } }>(
      api.url,
      'query($id: ID!) { tenant(id: $id) { identityPool { identityPoolId } } }',
      { id: tenantId },
      token,
    );
    expect(view.data!.tenant.identityPool.identityPoolId).toBe(id);
  });

  it('is idempotent: a second run only reads', async () => {
    calls = {};
    expect(await reconciler.reconcile(gateway, tenantRef())).toEqual([]);
    expect(mutating()).toBe(0);
  });

  it('corrects roles changed behind idplane', async () => {
    const [{ identity_pool_id: id }] = await api.db.dataSource.query(
      'SELECT identity_pool_id FROM tenant_access WHERE tenant_id = $1',
      [tenantId],
    );
    await identity.send(
      new SetIdentityPoolRolesCommand({ IdentityPoolId: id, Roles: { authenticated: ADMIN_ARN } }),
    );
    const steps = await reconciler.reconcile(gateway, tenantRef());
    expect(steps).toEqual([
      {
        action: 'update',
        resource: 'IdentityPoolRoles',
        name: 'idplane_test_globex',
        changes: ['roles', 'roleMappings'],
      },
    ]);
    const roles = await identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: id }));
    expect(roles.Roles).toEqual({ authenticated: SIGNED_IN_ARN });
  });

  it('finds its pool by name when the id was never recorded (a crash after Create), without a duplicate', async () => {
    await api.db.dataSource.query('UPDATE tenant_access SET identity_pool_id = NULL WHERE tenant_id = $1', [
      tenantId,
    ]);
    expect(await reconciler.reconcile(gateway, tenantRef())).toEqual([]);
    const pools = await identity.send(new ListIdentityPoolsCommand({ MaxResults: 60 }));
    expect(pools.IdentityPools!.filter((p) => p.IdentityPoolName === 'idplane_test_globex')).toHaveLength(1);
  });

  it('adds guests when a guest role is set, and deletes the pool when removed', async () => {
    const guest = await graphql(
      api.url,
      SET_IDENTITY_POOL,
      { t: tenantId, input: { authenticatedRoleArn: SIGNED_IN_ARN, guestRoleArn: GUEST_ARN }, v: 2 },
      token,
    );
    expect(guest.errors).toBeUndefined();
    expect((await reconciler.reconcile(gateway, tenantRef())).map((s) => s.resource)).toEqual([
      'IdentityPool',
      'IdentityPoolRoles',
    ]);
    const [{ identity_pool_id: id }] = await api.db.dataSource.query(
      'SELECT identity_pool_id FROM tenant_access WHERE tenant_id = $1',
      [tenantId],
    );
    const roles = await identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: id }));
    expect(roles.Roles).toEqual({ authenticated: SIGNED_IN_ARN, unauthenticated: GUEST_ARN });

    const removed = await graphql<{ removeIdentityPool: { identityPool: null } }>(
      api.url,
      'mutation($t: ID!) { removeIdentityPool(tenantId: $t, expectedVersion: 3) { identityPool { version } } }',
      { t: tenantId },
      token,
    );
    expect(removed.errors).toBeUndefined();
    expect(await reconciler.reconcile(gateway, tenantRef())).toEqual([
      { action: 'delete', resource: 'IdentityPool', name: 'idplane_test_globex' },
    ]);
    await expect(
      identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: id })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    expect(await reconciler.reconcile(gateway, tenantRef())).toEqual([]);
  });
});
