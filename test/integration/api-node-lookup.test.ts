import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CognitoClients } from '@idplane/cognito';
import {
  AdvisoryLocks,
  postgresReconcileSources,
  TypeOrmReconcileRunStore,
  TypeOrmTenantStore,
} from '@idplane/persistence';
import { TenantReconciler } from '@idplane/reconciler';
import { developmentSecretKeyring, SecretCipher } from '@idplane/secrets';
import { ROOT_TYPE_DESCRIPTIONS } from '../../apps/api/src/graphql/root-type-descriptions';
import { testSamlMetadata } from '../../libs/federation/src/testing/saml-metadata.factory';
import { countStatements } from '../support/count-statements';
import { createTenantOverHttp, graphql, GraphQLResponse } from '../support/graphql-client';
import { startTestApi, TestApi } from '../support/test-api';

const IDP_FIELDS = 'id name type cognitoProviderName emailDomains hasSecret version';
const RUN_FIELDS = 'id trigger generation outcome mutatingCalls plan { action resource name }';
const NODE = `query($id: ID!) {
  node(id: $id) {
    __typename id
    ... on IdentityProvider { ${IDP_FIELDS} }
    ... on ReconcileRun { ${RUN_FIELDS} }
  }
}`;

type Node = Record<string, unknown> & { __typename: string; id: string };

describe('node(id) for identity providers and reconcile runs, over HTTP', () => {
  let api: TestApi;
  let url: string;
  const tokens = {} as Record<'platformAdmin' | 'adminOfA' | 'adminOfB', string>;
  let tenantA: string;
  let tenantB: string;
  let idp: Record<string, unknown> & { id: string };
  let run: Record<string, unknown> & { id: string };

  const node = (id: string, token: string) => graphql<{ node: Node }>(url, NODE, { id }, token);
  /** What a caller can tell from an error: everything but where in the document it happened. */
  const visible = (res: GraphQLResponse<unknown>) =>
    res.errors?.map(({ message, path, extensions }) => ({ message, path, extensions }));

  beforeAll(async () => {
    api = await startTestApi('api_node_lookup');
    url = api.url;
    tokens.platformAdmin = await api.auth.tokenFor({ role: 'platform-admin' });
    const create = (slug: string) => createTenantOverHttp(url, tokens.platformAdmin!, slug, 'DEDICATED_POOL');
    tenantA = await create('node-a');
    tenantB = await create('node-b');
    tokens.adminOfA = await api.auth.tokenFor({ role: 'tenant-admin', tenantId: tenantA });
    tokens.adminOfB = await api.auth.tokenFor({ role: 'tenant-admin', tenantId: tenantB });

    const added = await graphql<{ addSamlIdentityProvider: { identityProvider: typeof idp } }>(
      url,
      `mutation($t: ID!, $i: AddSamlIdentityProviderInput!) {
        addSamlIdentityProvider(tenantId: $t, input: $i) { identityProvider { ${IDP_FIELDS} } }
      }`,
      {
        t: tenantA,
        i: { name: 'okta', metadataXml: testSamlMetadata('urn:node-a'), emailDomains: ['node-a.example'] },
      },
      tokens.platformAdmin,
    );
    expect(added.errors).toBeUndefined();
    idp = added.data!.addSamlIdentityProvider.identityProvider;

    // A real reconcile of tenant A against the api's emulator records the run, as a worker would.
    const ds = api.db.dataSource;
    const clients = new CognitoClients({ endpoint: api.emulatorUrl });
    try {
      const reconciler = new TenantReconciler(
        new TypeOrmTenantStore(ds),
        postgresReconcileSources(ds, new SecretCipher(developmentSecretKeyring())),
        clients,
        new AdvisoryLocks(ds),
        { environment: 'node-lookup', region: 'us-east-1' },
        { runs: new TypeOrmReconcileRunStore(ds) },
      );
      const report = await reconciler.reconcile(tenantA, 'manual');
      expect(report.outcome).toBe('synced');
    } finally {
      clients.destroy();
    }
    const runs = await graphql<{ tenant: { reconcileRuns: { edges: { node: typeof run }[] } } }>(
      url,
      `query($id: ID!) { tenant(id: $id) { reconcileRuns(first: 5) { edges { node { ${RUN_FIELDS} } } } } }`,
      { id: tenantA },
      tokens.platformAdmin,
    );
    expect(runs.data!.tenant.reconcileRuns.edges).toHaveLength(1);
    run = runs.data!.tenant.reconcileRuns.edges[0].node;
  });

  afterAll(async () => {
    await api?.close();
  });

  it.each(['platformAdmin', 'adminOfA'] as const)(
    'gives %s the identity provider by its id, as the mutation returned it',
    async (actor) => {
      const res = await node(idp.id, tokens[actor]);
      expect(res.errors).toBeUndefined();
      expect(res.data!.node).toEqual({ __typename: 'IdentityProvider', ...idp });
      expect(res.data!.node).toMatchObject({ name: 'okta', type: 'SAML', hasSecret: false });
    },
  );

  it.each(['platformAdmin', 'adminOfA'] as const)(
    "gives %s the reconcile run by its id, as the tenant's run history shows it",
    async (actor) => {
      const res = await node(run.id, tokens[actor]);
      expect(res.errors).toBeUndefined();
      expect(res.data!.node).toEqual({ __typename: 'ReconcileRun', ...run });
      expect(res.data!.node).toMatchObject({ trigger: 'manual', outcome: 'synced' });
      expect((res.data!.node.plan as unknown[]).length).toBeGreaterThan(0);
    },
  );

  it.each([
    ['an identity provider', () => idp.id],
    ['a reconcile run', () => run.id],
  ])(
    "answers another tenant's admin NOT_FOUND for %s, exactly as for an id that does not exist",
    async (_, id) => {
      const hidden = await node(id(), tokens.adminOfB);
      expect(hidden.data).toBeUndefined();
      expect(hidden.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
      expect(visible(hidden)).toEqual(visible(await node(randomUUID(), tokens.adminOfB)));
      const body = JSON.stringify(hidden);
      for (const secret of [tenantA, 'okta', 'node-a']) expect(body).not.toContain(secret);
    },
  );

  it('answers NOT_FOUND to a platform admin for an id that is no object', async () => {
    const res = await node(randomUUID(), tokens.platformAdmin);
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
  });

  it.each(['000000000000000000000000000000000000', '------------------------------------', 'not-an-id'])(
    'answers NOT_FOUND, not an internal error, for %p (shaped like no UUID Postgres reads)',
    async (id) => {
      expect((await node(id, tokens.platformAdmin)).errors?.map((e) => e.extensions?.code)).toEqual([
        'NOT_FOUND',
      ]);
      const tenant = await graphql(
        url,
        'query($id: ID!) { tenant(id: $id) { id } }',
        { id },
        tokens.platformAdmin,
      );
      expect(tenant.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    },
  );

  it("looks a tenant admin's node up once per request: the guard's lookup serves the resolver", async () => {
    const statementsOf = async (token: string) => {
      const counter = countStatements(api.app.get(DataSource));
      try {
        const res = await node(run.id, token);
        expect(res.errors).toBeUndefined();
        expect(res.data!.node.id).toBe(run.id);
        return counter.statements.length;
      } finally {
        counter.stop();
      }
    };
    // A platform admin's request has no guard lookup; a tenant admin's asks who owns the run, then answers from that.
    const platform = await statementsOf(tokens.platformAdmin);
    expect(platform).toBeGreaterThan(0);
    expect(await statementsOf(tokens.adminOfA)).toBe(platform);
  });

  it('resolves every kind of Node to its own object type', async () => {
    const events = await graphql<{ auditEvents: { edges: { node: { id: string } }[] } }>(
      url,
      '{ auditEvents(first: 1) { edges { node { id } } } }',
      {},
      tokens.platformAdmin,
    );
    const eventId = events.data!.auditEvents.edges[0].node.id;
    const typeOf = async (id: string) => (await node(id, tokens.platformAdmin)).data?.node.__typename;
    expect({
      tenant: await typeOf(tenantA),
      identityProvider: await typeOf(idp.id),
      reconcileRun: await typeOf(run.id),
      auditEvent: await typeOf(eventId),
    }).toEqual({
      tenant: 'Tenant',
      identityProvider: 'IdentityProvider',
      reconcileRun: 'ReconcileRun',
      auditEvent: 'AuditEvent',
    });
  });

  it('serves Query, Mutation and Subscription with their descriptions', async () => {
    const res = await graphql<{ __schema: Record<string, { name: string; description: string | null }> }>(
      url,
      '{ __schema { queryType { name description } mutationType { name description } subscriptionType { name description } } }',
      {},
      tokens.platformAdmin,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.__schema).toEqual({
      queryType: { name: 'Query', description: ROOT_TYPE_DESCRIPTIONS.query },
      mutationType: { name: 'Mutation', description: ROOT_TYPE_DESCRIPTIONS.mutation },
      subscriptionType: { name: 'Subscription', description: ROOT_TYPE_DESCRIPTIONS.subscription },
    });
  });
});
