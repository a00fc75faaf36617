import 'reflect-metadata';
import { CREATE_TENANT, graphql } from '../support/graphql-client';
import { OperatorAuth } from '../support/operator-auth';
import { startTestApi, TestApi } from '../support/test-api';
import { TestDatabase } from '../support/test-database';
import { deleteRedisPrefix, testQueuePrefix } from '../support/test-redis';

describe('api protection: limits, introspection, CSRF, rate limits', () => {
  let db: TestDatabase;
  let auth: OperatorAuth;
  let api: TestApi;
  let url: string;
  let token: string;
  const prefix = testQueuePrefix('protection');

  beforeAll(async () => {
    api = await startTestApi('api_protection', {
      QUEUE_PREFIX: prefix,
      GRAPHQL_MAX_DEPTH: '4',
      GRAPHQL_MAX_COMPLEXITY: '60',
      GRAPHQL_INTROSPECTION: 'false',
      MUTATION_RATE_LIMIT_PER_MINUTE: '3',
    });
    ({ url, auth, db } = api);
    token = await auth.tokenFor({ role: 'platform-admin' });
  });

  afterAll(async () => {
    await api?.close();
    await deleteRedisPrefix(prefix);
  });

  it('refuses an operation deeper than the limit', async () => {
    const res = await graphql(
      url,
      '{ tenants(first: 1) { edges { node { cognito { issuer } } } } }',
      {},
      token,
    );
    expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0].message).toMatch(/levels deep; the limit is 4/);
  });

  it('refuses an operation costlier than the limit, counting page sizes', async () => {
    const cheap = await graphql(url, '{ tenants(first: 5) { edges { cursor } } }', {}, token);
    expect(cheap.errors).toBeUndefined();
    const costly = await graphql(
      url,
      '{ tenants(first: 100) { edges { cursor node { id slug } } } }',
      {},
      token,
    );
    expect(costly.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(costly.errors?.[0].message).toMatch(/the limit is 60/);
  });

  it('costs the same document by its variables each time (a remembered cost is per variables)', async () => {
    const page = 'query($n: Int!) { tenants(first: $n) { edges { cursor node { id slug } } } }';
    for (const round of [1, 2]) {
      const cheap = await graphql(url, page, { n: 5 }, token);
      expect({ round, errors: cheap.errors }).toEqual({ round, errors: undefined });
      const costly = await graphql(url, page, { n: 100 }, token);
      expect(costly.errors?.[0].message).toMatch(/the limit is 60/);
    }
  });

  it('turns introspection off when configured', async () => {
    const res = await graphql(url, '{ __schema { queryType { name } } }', {}, token);
    expect(res.errors?.[0].message).toMatch(/introspection/i);
  });

  it('refuses a simple cross-site request (CSRF prevention)', async () => {
    const res = await fetch(
      `${url}/graphql?query=${encodeURIComponent('{ tenants(first: 1) { edges { cursor } } }')}`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/CSRF/i);
  });

  it('refuses a body over the size limit with a 413', async () => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: '{ tenants(first: 1) { edges { cursor } } }',
        variables: { pad: 'x'.repeat(300_000) },
      }),
    });
    expect(res.status).toBe(413);
  });

  it('rate-limits mutations per actor, with the time to wait', async () => {
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await graphql(
        url,
        CREATE_TENANT,
        { input: { slug: `limited-${i}`, displayName: 'L', isolationModel: 'SHARED_POOL' } },
        token,
      );
      codes.push(res.errors?.[0].extensions?.code);
    }
    expect(codes).toEqual([undefined, undefined, undefined, 'RATE_LIMITED']);
    const count = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM tenants WHERE slug LIKE 'limited-%'`,
    );
    expect(count[0].n).toBe(3);
  });
});
