import 'reflect-metadata';
import { buildSchema, GraphQLObjectType } from 'graphql';
import { buildSchemaSdl } from '../../apps/api/src/graphql/build-schema';
import { randomUUID } from 'node:crypto';
import IORedis from 'ioredis';
import { publishTenantStatus } from '@idplane/messaging';
import { TypeOrmReconcileRunStore, TypeOrmTenantStore } from '@idplane/persistence';
import { CREATE_TENANT, createTenantOverHttp, graphql } from '../support/graphql-client';
import { firstSubscriptionMessage } from '../support/graphql-ws-client';
import { deleteRedisPrefix, TEST_REDIS_URL, testQueuePrefix } from '../support/test-redis';
import { OperatorAuth } from '../support/operator-auth';
import { startTestApi, TestApi } from '../support/test-api';
import { testSamlMetadata } from '../../libs/federation/src/testing/saml-metadata.factory';

type ActorName = 'anonymous' | 'platformAdmin' | 'adminOfA' | 'adminOfB' | 'noRole';
type Outcome =
  | 'OK'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'BAD_USER_INPUT'
  | 'PRECONDITION_FAILED';

interface Ids {
  tenantA: string;
  slugA: string;
  idpA: string;
  runA: string;
}

/**
 * One example call per root operation, and what each actor must get. Tenant A is the target throughout, so the
 * admin of B must never learn that it exists.
 */
const MATRIX: Record<
  string,
  { call: (ids: Ids) => [string, Record<string, unknown>]; expect: Record<ActorName, Outcome>; ws?: true }
> = {
  'Query.node': {
    call: (ids) => ['query($id: ID!) { node(id: $id) { id ... on Tenant { slug } } }', { id: ids.tenantA }],
    expect: {
      anonymous: 'UNAUTHENTICATED',
      platformAdmin: 'OK',
      adminOfA: 'OK',
      adminOfB: 'NOT_FOUND',
      noRole: 'FORBIDDEN',
    },
  },
  // node(id) of each kind of object decides by the tenant that owns it; extra rows beside the operation's own.
  'Query.node (IdentityProvider)': {
    call: (ids) => [
      'query($id: ID!) { node(id: $id) { id ... on IdentityProvider { name } } }',
      { id: ids.idpA },
    ],
    expect: {
      anonymous: 'UNAUTHENTICATED',
      platformAdmin: 'OK',
      adminOfA: 'OK',
      adminOfB: 'NOT_FOUND',
      noRole: 'FORBIDDEN',
    },
  },
  'Query.node (ReconcileRun)': {
    call: (ids) => [
      'query($id: ID!) { node(id: $id) { id ... on ReconcileRun { outcome } } }',
      { id: ids.runA },
    ],
    expect: {
      anonymous: 'UNAUTHENTICATED',
      platformAdmin: 'OK',
      adminOfA: 'OK',
      adminOfB: 'NOT_FOUND',
      noRole: 'FORBIDDEN',
    },
  },
  'Query.tenant': {
    call: (ids) => ['query($id: ID!) { tenant(id: $id) { id } }', { id: ids.tenantA }],
    expect: {
      anonymous: 'UNAUTHENTICATED',
      platformAdmin: 'OK',
      adminOfA: 'OK',
      adminOfB: 'NOT_FOUND',
      noRole: 'FORBIDDEN',
    },
  },
  'Query.tenantBySlug': {
    call: (ids) => ['query($slug: String!) { tenantBySlug(slug: $slug) { id } }', { slug: ids.slugA }],
    expect: {
      anonymous: 'UNAUTHENTICATED',
      platformAdmin: 'OK',
      adminOfA: 'OK',
      adminOfB: 'NOT_FOUND',
      noRole: 'FORBIDDEN',
    },
  },
  'Query.tenants': {
    call: () => ['{ tenants(first: 10) { edges { node { id } } } }', {}],
    expect: {
      anonymous: 'UNAUTHENTICATED',
      platformAdmin: 'OK',
      adminOfA: 'OK',
      adminOfB: 'OK',
      noRole: 'FORBIDDEN',
    },
  },
  'Query.auditEvents': {
    call: () => ['{ auditEvents(first: 5) { edges { node { action } } } }', {}],
    expect: {
      anonymous: 'UNAUTHENTICATED',
      platformAdmin: 'OK',
      adminOfA: 'OK',
      adminOfB: 'OK',
      noRole: 'FORBIDDEN',
    },
  },
  'Query.simulateRoleMapping': {
    call: (ids) => [
      'query($t: ID!) { simulateRoleMapping(tenantId: $t, claims: {groups: ["x"]}) { primaryRole } }',
      { t: ids.tenantA },
    ],
    expect: {
      anonymous: 'UNAUTHENTICATED',
      platformAdmin: 'OK',
      adminOfA: 'OK',
      adminOfB: 'NOT_FOUND',
      noRole: 'FORBIDDEN',
    },
  },
  'Mutation.setRoles': {
    call: (ids) => [
      `mutation($t: ID!) { setRoles(tenantId: $t, expectedVersion: 0, roles: [
        {name: "admin", precedence: 10}, {name: "member", precedence: 20}, {name: "read-only", precedence: 30}
      ]) { roles { name } } }`,
      { t: ids.tenantA },
    ],
    // Only the first successful actor's expectedVersion 0 is current; the second gets CONFLICT, so B is the probe.
    expect: {
      anonymous: 'UNAUTHENTICATED',
      platformAdmin: 'OK',
      adminOfA: 'CONFLICT',
      adminOfB: 'NOT_FOUND',
      noRole: 'FORBIDDEN',
    },
  },
  'Mutation.setRoleMappings': {
    call: (ids) => [
      'mutation($t: ID!) { setRoleMappings(tenantId: $t, expectedVersion: 1, rules: []) { roleMappings { version } } }',
      { t: ids.tenantA },
    ],
    expect: {
      anonymous: 'UNAUTHENTICATED',
      platformAdmin: 'OK',
      adminOfA: 'CONFLICT',
      adminOfB: 'NOT_FOUND',
      noRole: 'FORBIDDEN',
    },
  },
  'Mutation.setIdentityPool': {
    call: (ids) => [
      `mutation($t: ID!) { setIdentityPool(tenantId: $t, expectedVersion: 999,
        input: { authenticatedRoleArn: "arn:aws:iam::123456789012:role/signed-in" }) { identityPool { version } } }`,
      { t: ids.tenantA },
    ],
    // Platform admins only: IAM roles are the operator's. A stale version proves the admin got through.
    expect: {
      anonymous: 'UNAUTHENTICATED',
      platformAdmin: 'CONFLICT',
      adminOfA: 'FORBIDDEN',
      adminOfB: 'FORBIDDEN',
      noRole: 'FORBIDDEN',
    },
  },
  'Mutation.removeIdentityPool': {
    call: (ids) => [
      'mutation($t: ID!) { removeIdentityPool(tenantId: $t, expectedVersion: 999) { identityPool { version } } }',
      { t: ids.tenantA },
    ],
    expect: {
      anonymous: 'UNAUTHENTICATED',
      platformAdmin: 'CONFLICT',
      adminOfA: 'FORBIDDEN',
      adminOfB: 'FORBIDDEN',
      noRole: 'FORBIDDEN',
    },
  },
  'Subscription.tenantStatusChanged': {
    ws: true,
    call: (ids) => [
      'subscription($t: ID!) { tenantStatusChanged(tenantId: $t) { status } }',
      { t: ids.tenantA },
    ],
    expect: {
      anonymous: 'UNAUTHENTICATED',
      platformAdmin: 'OK',
      adminOfA: 'OK',
      adminOfB: 'NOT_FOUND',
      noRole: 'FORBIDDEN',
    },
  },
  // Outcomes past authorization (CONFLICT, BAD_USER_INPUT, ...) prove the guard let the actor through.
  'Mutation.addSamlIdentityProvider': {
    call: (ids) => [
      'mutation($t: ID!, $i: AddSamlIdentityProviderInput!) { addSamlIdentityProvider(tenantId: $t, input: $i) { warnings } }',
      { t: ids.tenantA, i: { name: 'matrix-saml', metadataXml: testSamlMetadata('urn:matrix') } },
    ],
    expect: {
      anonymous: 'UNAUTHENTICATED',
      platformAdmin: 'OK',
      adminOfA: 'CONFLICT',
      adminOfB: 'NOT_FOUND',
      noRole: 'FORBIDDEN',
    },
  },
  'Mutation.addOidcIdentityProvider': {
    call: (ids) => [
      'mutation($t: ID!, $i: AddOidcIdentityProviderInput!) { addOidcIdentityProvider(tenantId: $t, input: $i) { warnings } }',
      { t: ids.tenantA, i: { name: 'matrix-oidc', issuer: 'https://127.0.0.1/realm', clientId: 'c' } },
    ],
    expect: {
      anonymous: 'UNAUTHENTICATED',
      platformAdmin: 'BAD_USER_INPUT',
      adminOfA: 'BAD_USER_INPUT',
      adminOfB: 'NOT_FOUND',
      noRole: 'FORBIDDEN',
    },
  },
  'Mutation.addSocialIdentityProvider': {
    call: (ids) => [
      'mutation($t: ID!, $i: AddSocialIdentityProviderInput!) { addSocialIdentityProvider(tenantId: $t, input: $i) { warnings } }',
      { t: ids.tenantA, i: { type: 'GOOGLE', clientId: 'g', clientSecret: 's' } },
    ],
    expect: {
      anonymous: 'UNAUTHENTICATED',
      platformAdmin: 'PRECONDITION_FAILED',
      adminOfA: 'PRECONDITION_FAILED',
      adminOfB: 'NOT_FOUND',
      noRole: 'FORBIDDEN',
    },
  },
  'Mutation.updateIdentityProvider': {
    call: (ids) => [
      'mutation($t: ID!, $i: UpdateIdentityProviderInput!) { updateIdentityProvider(tenantId: $t, input: $i) { warnings } }',
      { t: ids.tenantA, i: { id: ids.idpA, expectedVersion: 99, signOut: true } },
    ],
    expect: {
      anonymous: 'UNAUTHENTICATED',
      platformAdmin: 'CONFLICT',
      adminOfA: 'CONFLICT',
      adminOfB: 'NOT_FOUND',
      noRole: 'FORBIDDEN',
    },
  },
  'Mutation.removeIdentityProvider': {
    call: (ids) => [
      'mutation($t: ID!, $id: ID!) { removeIdentityProvider(tenantId: $t, id: $id, expectedVersion: 99) { removedIdentityProviderId } }',
      { t: ids.tenantA, id: ids.idpA },
    ],
    expect: {
      anonymous: 'UNAUTHENTICATED',
      platformAdmin: 'CONFLICT',
      adminOfA: 'CONFLICT',
      adminOfB: 'NOT_FOUND',
      noRole: 'FORBIDDEN',
    },
  },
  'Query.tenantPlan': {
    // No worker runs here, so an authorized request waits for a plan and gets PRECONDITION_FAILED.
    call: (ids) => ['query($id: ID!) { tenantPlan(id: $id) { drift } }', { id: ids.tenantA }],
    expect: {
      anonymous: 'UNAUTHENTICATED',
      platformAdmin: 'PRECONDITION_FAILED',
      adminOfA: 'PRECONDITION_FAILED',
      adminOfB: 'NOT_FOUND',
      noRole: 'FORBIDDEN',
    },
  },
  'Query.sharedPoolShards': {
    call: () => ['{ sharedPoolShards { index region tenantCount fillRatio } }', {}],
    expect: {
      anonymous: 'UNAUTHENTICATED',
      platformAdmin: 'OK',
      adminOfA: 'FORBIDDEN',
      adminOfB: 'FORBIDDEN',
      noRole: 'FORBIDDEN',
    },
  },
  'Query.discoverTenant': {
    // Any signed-in operator may ask (a sign-in page's own client has no admin group); tenant A's IdP claims the
    // domain, so the admin of B must get the same NOT_FOUND as for an unclaimed one.
    call: () => [
      'query($e: String!) { discoverTenant(email: $e) { tenant { id } authorizeUrl } }',
      { e: 'someone@tenant-a.example' },
    ],
    expect: {
      anonymous: 'UNAUTHENTICATED',
      platformAdmin: 'OK',
      adminOfA: 'OK',
      adminOfB: 'NOT_FOUND',
      noRole: 'OK',
    },
  },
  'Mutation.updateTenant': {
    call: (ids) => [
      'mutation($id: ID!) { updateTenant(id: $id, expectedVersion: 999, input: { displayName: "X" }) { tenant { id } } }',
      { id: ids.tenantA },
    ],
    expect: {
      anonymous: 'UNAUTHENTICATED',
      platformAdmin: 'CONFLICT',
      adminOfA: 'CONFLICT',
      adminOfB: 'NOT_FOUND',
      noRole: 'FORBIDDEN',
    },
  },
  'Mutation.reconcileTenant': {
    call: (ids) => ['mutation($id: ID!) { reconcileTenant(id: $id) { generation } }', { id: ids.tenantA }],
    expect: {
      anonymous: 'UNAUTHENTICATED',
      platformAdmin: 'OK',
      adminOfA: 'OK',
      adminOfB: 'NOT_FOUND',
      noRole: 'FORBIDDEN',
    },
  },
  'Mutation.deleteTenant': {
    call: (ids) => [
      'mutation($id: ID!) { deleteTenant(id: $id, expectedVersion: 999) { tenant { id } } }',
      { id: ids.tenantA },
    ],
    expect: {
      anonymous: 'UNAUTHENTICATED',
      platformAdmin: 'CONFLICT',
      adminOfA: 'FORBIDDEN',
      adminOfB: 'FORBIDDEN',
      noRole: 'FORBIDDEN',
    },
  },
  'Mutation.suspendTenant': {
    call: (ids) => [
      'mutation($id: ID!) { suspendTenant(id: $id, expectedVersion: 999) { tenant { id } } }',
      { id: ids.tenantA },
    ],
    expect: {
      anonymous: 'UNAUTHENTICATED',
      platformAdmin: 'CONFLICT',
      adminOfA: 'FORBIDDEN',
      adminOfB: 'FORBIDDEN',
      noRole: 'FORBIDDEN',
    },
  },
  'Mutation.resumeTenant': {
    call: (ids) => [
      'mutation($id: ID!) { resumeTenant(id: $id, expectedVersion: 999) { tenant { id } } }',
      { id: ids.tenantA },
    ],
    expect: {
      anonymous: 'UNAUTHENTICATED',
      platformAdmin: 'CONFLICT',
      adminOfA: 'FORBIDDEN',
      adminOfB: 'FORBIDDEN',
      noRole: 'FORBIDDEN',
    },
  },
  'Mutation.createTenant': {
    call: () => [
      CREATE_TENANT,
      {
        input: {
          slug: `t-${Math.random().toString(36).slice(2, 10)}`,
          displayName: 'T',
          isolationModel: 'SHARED_POOL',
        },
      },
    ],
    expect: {
      anonymous: 'UNAUTHENTICATED',
      platformAdmin: 'OK',
      adminOfA: 'FORBIDDEN',
      adminOfB: 'FORBIDDEN',
      noRole: 'FORBIDDEN',
    },
  },
};

describe('authorization matrix: every operation as every actor', () => {
  let auth: OperatorAuth;
  let api: TestApi;
  let url: string;
  const tokens = {} as Record<ActorName, string | undefined>;
  const ids = {} as Ids;
  let tenantB: string;
  let redis: IORedis;
  const prefix = testQueuePrefix('authz');

  beforeAll(async () => {
    api = await startTestApi('api_authz', { QUEUE_PREFIX: prefix, PLAN_PREVIEW_TIMEOUT_MS: '300' });
    ({ url, auth } = api);
    redis = new IORedis(TEST_REDIS_URL);

    tokens.platformAdmin = await auth.tokenFor({ role: 'platform-admin' });
    const create = (slug: string) => createTenantOverHttp(url, tokens.platformAdmin!, slug, 'SHARED_POOL');
    ids.tenantA = await create('tenant-a');
    ids.slugA = 'tenant-a';
    tenantB = await create('tenant-b');
    ids.idpA = (
      await graphql<{ addSamlIdentityProvider: { identityProvider: { id: string } } }>(
        url,
        'mutation($t: ID!, $i: AddSamlIdentityProviderInput!) { addSamlIdentityProvider(tenantId: $t, input: $i) { identityProvider { id } } }',
        {
          t: ids.tenantA,
          i: {
            name: 'matrix-fixed',
            metadataXml: testSamlMetadata('urn:matrix-fixed'),
            emailDomains: ['tenant-a.example'],
          },
        },
        tokens.platformAdmin,
      )
    ).data!.addSamlIdentityProvider.identityProvider.id;
    // What the worker records once tenant A is provisioned: home-realm discovery routes only to such tenants.
    await new TypeOrmTenantStore(api.db.dataSource).recordReconcileOutcome({
      tenantId: ids.tenantA,
      observedGeneration: 100,
      status: 'ACTIVE',
      conditions: [],
      cognito: {
        userPoolId: 'us-east-1_shared0',
        appClientId: 'client-a',
        issuer: null,
        domain: 'idplane-test-shared-0.auth.us-east-1.amazoncognito.com',
      },
    });
    // The run record a worker writes for such a reconcile.
    ids.runA = randomUUID();
    await new TypeOrmReconcileRunStore(api.db.dataSource).record({
      id: ids.runA,
      tenantId: ids.tenantA,
      trigger: 'manual',
      generation: 100,
      outcome: 'synced',
      plan: [],
      calls: {},
      mutatingCalls: 0,
      durationMs: 5,
      error: null,
    });
    tokens.adminOfA = await auth.tokenFor({ role: 'tenant-admin', tenantId: ids.tenantA });
    tokens.adminOfB = await auth.tokenFor({ role: 'tenant-admin', tenantId: tenantB });
    tokens.noRole = await auth.tokenFor({ role: 'none' });
    tokens.anonymous = undefined;
  });

  afterAll(async () => {
    redis?.disconnect();
    await api?.close();
    await deleteRedisPrefix(prefix);
  });

  it('covers every root operation of the schema', async () => {
    const schema = buildSchema(await buildSchemaSdl());
    const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(
      (t): t is GraphQLObjectType => Boolean(t),
    );
    const operations = roots.flatMap((r) => Object.keys(r.getFields()).map((f) => `${r.name}.${f}`));
    expect(operations.filter((op) => !(op in MATRIX))).toEqual([]);
  });

  const cases = Object.entries(MATRIX).flatMap(([operation, { expect: outcomes }]) =>
    (Object.keys(outcomes) as ActorName[]).map((actor) => [operation, actor, outcomes[actor]] as const),
  );

  it.each(cases)('%s as %s gives %s', async (operation, actor, outcome) => {
    const [query, variables] = MATRIX[operation].call(ids);
    const res = MATRIX[operation].ws
      ? await firstSubscriptionMessage(
          `${url.replace('http', 'ws')}/graphql`,
          tokens[actor],
          query,
          variables,
          () =>
            publishTenantStatus(redis, prefix, {
              tenantId: ids.tenantA,
              status: 'ACTIVE',
              generation: 1,
              observedGeneration: 1,
              conditions: [],
              at: new Date().toISOString(),
            }),
        )
      : await graphql(url, query, variables, tokens[actor]);
    if (outcome === 'OK') {
      expect(res.errors).toBeUndefined();
    } else {
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual([outcome]);
      expect(JSON.stringify(res.errors)).not.toContain(tenantB);
    }
  });

  it('shows a tenant admin only their own tenant in the list', async () => {
    const res = await graphql<{ tenants: { edges: { node: { id: string } }[] } }>(
      url,
      '{ tenants(first: 50) { edges { node { id } } } }',
      {},
      tokens.adminOfA,
    );
    expect(res.data!.tenants.edges.map((e) => e.node.id)).toEqual([ids.tenantA]);
  });

  it.each([
    ['a malformed header', 'Basic abc'],
    ['a forged token', 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln'],
  ])('answers UNAUTHENTICATED to %s', async (_, header) => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: header },
      body: JSON.stringify({ query: '{ tenants(first: 1) { edges { cursor } } }' }),
    });
    const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors.map((e) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('keeps health and metrics open', async () => {
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
    expect((await fetch(`${url}/metrics`)).status).toBe(200);
  });
});
