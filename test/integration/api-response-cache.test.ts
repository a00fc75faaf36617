import { DataSource } from 'typeorm';
import { TypeOrmTenantStore } from '@idplane/persistence';
import { CREATE_TENANT, graphql as rawGraphql, GraphQLResponse } from '../support/graphql-client';
import { countStatements } from '../support/count-statements';
import { eventually } from '../support/processes';
import { startTestApi, startTestApiReplica, TestApi } from '../support/test-api';
import { deleteRedisPrefix, testQueuePrefix } from '../support/test-redis';

interface Listed {
  tenants: { edges: { node: { id: string; slug: string; displayName: string; status: string } }[] };
}

const LIST = `{ tenants(first: 50) { edges { node { id slug displayName status roles { name } identityProviders { name } } } } }`;
const LOOKUP = `query($id: ID!) { tenant(id: $id) { id slug displayName } }`;
const UPDATE = `mutation($id: ID!, $v: Int!, $input: UpdateTenantInput!) {
  updateTenant(id: $id, expectedVersion: $v, input: $input) { tenant { id displayName version } } }`;

describe('the GraphQL response cache: served without SQL, never stale for the writer, per caller scope', () => {
  let api: TestApi;
  let platform: string;
  let adminA: string;
  let adminB: string;
  let tenantA: string;
  let tenantB: string;
  let statements: { statements: string[]; stop(): void };
  const prefix = testQueuePrefix('response_cache');
  /** As the platform admin unless told otherwise; `null`: with no token. */
  const graphql = <T>(query: string, variables: Record<string, unknown> = {}, as: string | null = platform) =>
    rawGraphql<T>(api.url, query, variables, as ?? undefined);
  const names = (res: GraphQLResponse<Listed>) => {
    expect(res.errors).toBeUndefined();
    return res.data!.tenants.edges.map((e) => `${e.node.slug}:${e.node.displayName}:${e.node.status}`);
  };
  /** SQL statements the api sent while `action` ran. */
  const sqlDuring = async (action: () => Promise<unknown>): Promise<number> => {
    const before = statements.statements.length;
    await action();
    return statements.statements.length - before;
  };
  /** Waits until the list is answered from the cache again (the first read after a change executes). */
  const cachedAgain = () =>
    eventually(
      async () => ((await sqlDuring(() => graphql<Listed>(LIST))) === 0 ? true : undefined),
      10_000,
      'a hit',
    );
  /** Waits until the list, as read by `read`, shows `entry`. */
  const listShows = (entry: string, read = () => graphql<Listed>(LIST)) =>
    eventually(async () => (names(await read()).includes(entry) ? true : undefined), 10_000, entry);
  const version = async (id: string) =>
    (await api.db.dataSource.query(`SELECT version FROM tenants WHERE id = $1`, [id]))[0].version as number;

  beforeAll(async () => {
    api = await startTestApi('api_response_cache', {
      QUEUE_PREFIX: prefix,
      MUTATION_RATE_LIMIT_PER_MINUTE: '100000',
    });
    platform = await api.auth.tokenFor({ role: 'platform-admin' });
    const create = async (slug: string) => {
      const res = await graphql<{ createTenant: { tenant: { id: string } } }>(CREATE_TENANT, {
        input: { slug, displayName: slug, isolationModel: 'SHARED_POOL' },
      });
      expect(res.errors).toBeUndefined();
      return res.data!.createTenant.tenant.id;
    };
    tenantA = await create('cache-a');
    tenantB = await create('cache-b');
    adminA = await api.auth.tokenFor({ role: 'tenant-admin', tenantId: tenantA });
    adminB = await api.auth.tokenFor({ role: 'tenant-admin', tenantId: tenantB });
    statements = countStatements(api.app.get(DataSource));
  });

  afterAll(async () => {
    statements?.stop();
    await api?.close();
    await deleteRedisPrefix(prefix);
  });

  it('answers a repeated query from memory, with the same answer and no SQL, and counts hits and misses', async () => {
    const first = await graphql<Listed>(LIST);
    let repeated: GraphQLResponse<Listed> | undefined;
    // The first read after a change may come before the change's own notification: wait for the cache to settle.
    await eventually(
      async () =>
        (await sqlDuring(async () => (repeated = await graphql<Listed>(LIST)))) === 0 ? true : undefined,
      10_000,
      'a hit',
    );
    expect(repeated).toEqual(first);
    expect(names(first)).toEqual(['cache-a:cache-a:PENDING', 'cache-b:cache-b:PENDING']);

    const metrics = await (await fetch(`${api.url}/metrics`)).text();
    expect(metrics).toMatch(/idplane_graphql_response_cache_total\{outcome="hit"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/idplane_graphql_response_cache_total\{outcome="miss"[^}]*\} [1-9]/);
  });

  it("shows a mutation through this replica to the very next read, without waiting for the database's notice", async () => {
    await cachedAgain();
    const res = await graphql(UPDATE, {
      id: tenantA,
      v: await version(tenantA),
      input: { displayName: 'Renamed A' },
    });
    expect(res.errors).toBeUndefined();
    expect(names(await graphql<Listed>(LIST))).toContain('cache-a:Renamed A:PENDING');
  });

  it("shows another writer's change (the worker's store) once Postgres's notification arrives", async () => {
    await cachedAgain();
    // The worker writes with its own connections: nothing in the api hears of it but the database's NOTIFY.
    await new TypeOrmTenantStore(api.db.dataSource).setStatus(tenantB, 'ACTIVE', ['PENDING']);
    await listShows('cache-b:cache-b:ACTIVE');
  });

  it("shows one replica's change on another replica's cached answers", async () => {
    const replica = await startTestApiReplica(api);
    try {
      const onReplica = () => rawGraphql<Listed>(replica.url, LIST, {}, platform);
      expect(names(await onReplica())).toContain('cache-a:Renamed A:PENDING');
      // The replica answers the list from its cache before the change...
      const hits = async () =>
        Number(
          /idplane_graphql_response_cache_total\{outcome="hit"[^}]*\} (\d+)/.exec(
            await (await fetch(`${replica.url}/metrics`)).text(),
          )?.[1] ?? 0,
        );
      await eventually(
        async () => ((await onReplica()) && (await hits()) > 0 ? true : undefined),
        10_000,
        'a hit',
      );
      // ...and shows it once the notification arrives.
      const res = await graphql(UPDATE, {
        id: tenantA,
        v: await version(tenantA),
        input: { displayName: 'Seen' },
      });
      expect(res.errors).toBeUndefined();
      await listShows('cache-a:Seen:PENDING', onReplica);
    } finally {
      await replica.close();
    }
  });

  it("keeps answers per caller scope: a tenant admin never gets a platform admin's or another tenant's", async () => {
    // The platform admin's answers for both documents are cached first.
    for (let i = 0; i < 2; i++) {
      expect(names(await graphql<Listed>(LIST))).toHaveLength(2);
      expect((await graphql(LOOKUP, { id: tenantB })).errors).toBeUndefined();
    }
    for (let i = 0; i < 2; i++) {
      expect(names(await graphql<Listed>(LIST, {}, adminA))).toEqual(['cache-a:Seen:PENDING']);
      expect(names(await graphql<Listed>(LIST, {}, adminB))).toEqual(['cache-b:cache-b:ACTIVE']);
      const refused = await graphql<{ tenant: unknown }>(LOOKUP, { id: tenantB }, adminA);
      expect(refused.data?.tenant ?? null).toBeNull();
      expect(refused.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    }
  });

  it('authenticates every request: a cached answer never reaches a caller without a valid token', async () => {
    await cachedAgain();
    const anonymous = await graphql<Listed>(LIST, {}, null);
    expect(anonymous.data).toBeUndefined();
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const forged = await graphql<Listed>(LIST, {}, `${platform.slice(0, -4)}AAAA`);
    expect(forged.data).toBeUndefined();
    expect(forged.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const noRole = await graphql<Listed>(LIST, {}, await api.auth.tokenFor({ role: 'none' }));
    expect(noRole.data).toBeUndefined();
    expect(noRole.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('executes every time a document that selects a field the cache does not cover', async () => {
    const withRuns = `{ tenants(first: 50) { edges { node { slug reconcileRuns(first: 1) { edges { node { id } } } } } } }`;
    await graphql(withRuns);
    expect(await sqlDuring(() => graphql(withRuns))).toBeGreaterThan(0);
    expect(await sqlDuring(() => graphql(withRuns))).toBeGreaterThan(0);
  });

  it('does not keep an answer whose variables are long, since they would be held in its key', async () => {
    const padded = { id: tenantA, padding: 'x'.repeat(2_000) };
    expect((await graphql(LOOKUP, padded)).errors).toBeUndefined();
    expect(await sqlDuring(() => graphql(LOOKUP, padded))).toBeGreaterThan(0);
    expect(await sqlDuring(() => graphql(LOOKUP, padded))).toBeGreaterThan(0);
  });

  it('answers fresh once it notices its listening connection is lost, and caches again once it listens again', async () => {
    await cachedAgain();
    // One statement: the listener is cut off, and the change it would have heard commits in the same breath.
    await api.db.dataSource.query(`
      WITH cut AS (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                   WHERE application_name = 'idplane-read-model-changes' AND datname = current_database())
      UPDATE tenants SET display_name = 'Unheard' WHERE id = '${tenantA}' AND (SELECT count(*) FROM cut) = 1`);
    await listShows('cache-a:Unheard:PENDING');
    await cachedAgain();
  });
});
