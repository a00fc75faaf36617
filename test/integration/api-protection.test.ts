import { randomUUID } from 'node:crypto';
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { CREATE_TENANT, graphql } from '../support/graphql-client';
import { OperatorAuth } from '../support/operator-auth';
import { freePort } from '../support/processes';
import { startTestApi, startTestApiReplica, TestApi } from '../support/test-api';
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

  it('serves the Apollo landing page outside production (GRAPHQL_LANDING_PAGE unset)', async () => {
    const res = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toMatch(/<title>Apollo Server<\/title>/);
  });

  it('serves /metrics on the main port when METRICS_PORT is unset', async () => {
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^idplane_process_cpu_seconds_total\{service="api"\} /m);
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

  it('takes a body up to 256 KB, as served, and answers GraphQL without an ETag', async () => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: '{ tenants(first: 1) { edges { cursor } } }',
        variables: { pad: 'x'.repeat(200_000) },
      }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBeNull();
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

  it("counts refused mutations against the actor's budget, so probing is bounded too", async () => {
    const tenantAdmin = await auth.tokenFor({ role: 'tenant-admin', tenantId: randomUUID() });
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await graphql(
        url,
        CREATE_TENANT,
        { input: { slug: `probe-${i}`, displayName: 'P', isolationModel: 'SHARED_POOL' } },
        tenantAdmin,
      );
      codes.push(res.errors?.[0].extensions?.code as string | undefined);
    }
    expect(codes).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'RATE_LIMITED']);
  });
});

type RateLimitedErrors = { extensions?: { code?: string; retryAfterSeconds?: number } }[] | undefined;

describe('api protection: the mutation rate limit is one budget across api replicas', () => {
  let api: TestApi;
  let replica: { url: string; close(): Promise<void> };
  const prefix = testQueuePrefix('protection-replicas');

  beforeAll(async () => {
    api = await startTestApi('api_protection_replicas', {
      QUEUE_PREFIX: prefix,
      MUTATION_RATE_LIMIT_PER_MINUTE: '4',
    });
    replica = await startTestApiReplica(api);
  });

  afterAll(async () => {
    await replica?.close();
    await api?.close();
    await deleteRedisPrefix(prefix);
  });

  it('limits one actor spread over two replicas by the shared budget, and not another actor', async () => {
    const admin = await api.auth.tokenFor({ role: 'platform-admin' });
    const create = (baseUrl: string, i: number) =>
      graphql<{ createTenant: { tenant: { id: string; version: number } } }>(
        baseUrl,
        CREATE_TENANT,
        { input: { slug: `replica-${i}`, displayName: 'R', isolationModel: 'SHARED_POOL' } },
        admin,
      );
    // Alternating, each replica sees at most 3 of the 6: under the limit of 4 if each counted alone.
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await create(i % 2 === 0 ? api.url : replica.url, i));
    expect(answers.map((a) => a.errors?.[0].extensions?.code)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      'RATE_LIMITED',
      'RATE_LIMITED',
    ]);
    for (const limited of answers.slice(4)) {
      const error = (limited.errors as RateLimitedErrors)![0];
      expect(error.extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(error.extensions?.retryAfterSeconds).toBeLessThanOrEqual(60);
      expect(limited.errors![0].message).toBe(
        `too many changes; retry in ${error.extensions?.retryAfterSeconds} s`,
      );
    }
    const count = await api.db.dataSource.query(
      `SELECT count(*)::int AS n FROM tenants WHERE slug LIKE 'replica-%'`,
    );
    expect(count[0].n).toBe(4);

    // Another actor, at the same moment, on either replica: its own budget.
    const tenant = answers[0].data!.createTenant.tenant;
    const tenantAdmin = await api.auth.tokenFor({ role: 'tenant-admin', tenantId: tenant.id });
    let version = tenant.version;
    for (const baseUrl of [replica.url, api.url]) {
      const res = await graphql<{ updateTenant: { tenant: { displayName: string; version: number } } }>(
        baseUrl,
        `
          mutation ($id: ID!, $v: Int!) {
            updateTenant(id: $id, expectedVersion: $v, input: { displayName: "Renamed" }) {
              tenant {
                displayName
                version
              }
            }
          }
        `,
        { id: tenant.id, v: version },
        tenantAdmin,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.updateTenant.tenant.displayName).toBe('Renamed');
      version = res.data!.updateTenant.tenant.version;
    }
    // The first actor is still limited.
    const again = await create(replica.url, 6);
    expect(again.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
  });
});

describe('api protection: /metrics on a port of its own (METRICS_PORT)', () => {
  let api: TestApi | undefined;
  let metricsPort: number;
  const prefix = testQueuePrefix('protection-metrics');

  beforeAll(async () => {
    metricsPort = await freePort();
    api = await startTestApi('api_protection_metrics', {
      QUEUE_PREFIX: prefix,
      METRICS_PORT: String(metricsPort),
    });
  });

  afterAll(async () => {
    await api?.close();
    await deleteRedisPrefix(prefix);
  });

  it('serves /metrics only on METRICS_PORT, and health only on the main port', async () => {
    const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await metrics.text()).toMatch(/^idplane_process_cpu_seconds_total\{service="api"\} /m);

    const onMain = await fetch(`${api!.url}/metrics`);
    expect(onMain.status).toBe(404);
    expect(await onMain.text()).not.toMatch(/idplane_/);

    expect((await fetch(`${api!.url}/health/live`)).status).toBe(200);
    expect((await fetch(`${api!.url}/health/ready`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/health/live`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/graphql`)).status).toBe(404);
  });

  it('closes the metrics listener with the app', async () => {
    const closing = api!;
    api = undefined;
    await closing.close();
    await expect(fetch(`http://127.0.0.1:${metricsPort}/metrics`)).rejects.toThrow();
  });
});

describe('api protection: production defaults (NODE_ENV=production)', () => {
  let api: TestApi;
  let token: string;
  const prefix = testQueuePrefix('protection-production');

  beforeAll(async () => {
    // What production requires of configuration: the operator pool (the test pool) and real secret keys.
    api = await startTestApi('api_protection_production', {
      NODE_ENV: 'production',
      SECRETS_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      QUEUE_PREFIX: prefix,
    });
    token = await api.auth.tokenFor({ role: 'platform-admin' });
  });

  afterAll(async () => {
    await api?.close();
    await deleteRedisPrefix(prefix);
  });

  it('refuses introspection, while answering ordinary queries', async () => {
    const ordinary = await graphql(api.url, '{ tenants(first: 1) { edges { cursor } } }', {}, token);
    expect(ordinary.errors).toBeUndefined();
    const res = await graphql(api.url, '{ __schema { queryType { name } } }', {}, token);
    expect(res.data).toBeUndefined();
    expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0].message).toMatch(/introspection/i);
    const typeName = await graphql(api.url, '{ __type(name: "Tenant") { fields { name } } }', {}, token);
    expect(typeName.errors?.[0].message).toMatch(/introspection/i);
  });

  it('serves no landing page', async () => {
    const res = await fetch(`${api.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(res.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    const body = await res.text();
    expect(body).not.toMatch(/<html|<title>Apollo Server/i);
  });
});

describe('api protection: errors are typed, and an unexpected one leaks nothing', () => {
  let api: TestApi;
  let token: string;
  const prefix = testQueuePrefix('protection-errors');

  beforeAll(async () => {
    api = await startTestApi('api_protection_errors', { QUEUE_PREFIX: prefix });
    token = await api.auth.tokenFor({ role: 'platform-admin' });
  });

  afterAll(async () => {
    await api?.close();
    await deleteRedisPrefix(prefix);
  });

  it('answers BAD_USER_INPUT for an audit-log tenant filter that is not a tenant id (it used to fail in Postgres)', async () => {
    const tenantAdmin = await api.auth.tokenFor({
      role: 'tenant-admin',
      tenantId: '00000000-0000-4000-8000-000000000001',
    });
    for (const who of [token, tenantAdmin]) {
      const res = await graphql(
        api.url,
        'query($f: AuditEventFilter) { auditEvents(filter: $f) { edges { cursor } } }',
        { f: { tenantId: 'acme' } },
        who,
      );
      expect(res.errors).toEqual([
        expect.objectContaining({
          message: 'filter.tenantId: must be a tenant id (a UUID)',
          extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'filter.tenantId' }),
        }),
      ]);
    }
    const valid = await graphql(
      api.url,
      'query($f: AuditEventFilter) { auditEvents(filter: $f) { edges { cursor } } }',
      { f: { tenantId: '00000000-0000-4000-8000-000000000001' } },
      token,
    );
    expect(valid.errors).toBeUndefined();
  });

  it('refuses U+0000 in any argument as BAD_USER_INPUT at its path (Postgres text cannot hold it)', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      [
        CREATE_TENANT,
        { input: { slug: 'nul-corp', displayName: 'Nul\u0000Corp', isolationModel: 'SHARED_POOL' } },
        'input.displayName',
      ],
      ['query($s: String!) { tenantBySlug(slug: $s) { id } }', { s: 'acme\u0000' }, 'slug'],
      [
        'query($f: AuditEventFilter) { auditEvents(filter: $f) { edges { cursor } } }',
        { f: { actor: 'x\u0000' } },
        'filter.actor',
      ],
    ];
    for (const [query, variables, field] of cases) {
      const res = await graphql(api.url, query, variables, token);
      expect({ field, errors: res.errors }).toEqual({
        field,
        errors: [
          expect.objectContaining({
            message: `${field}: must not contain the NUL character (U+0000)`,
            extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field }),
          }),
        ],
      });
    }
    // Written inline in the document, not as a variable: the same answer.
    const inline = await graphql(api.url, '{ tenantBySlug(slug: "acme\\u0000") { id } }', {}, token);
    expect(inline.errors?.[0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'slug',
      issues: expect.any(Array),
    });
    const written = await api.db.dataSource.query(
      `SELECT count(*)::int AS n FROM tenants WHERE slug = 'nul-corp'`,
    );
    expect(written[0].n).toBe(0);
  });

  it('hides an unexpected failure (a row Postgres refuses) behind INTERNAL_SERVER_ERROR, without stack or SQL', async () => {
    // A constraint the api knows nothing about, as a DBA might add: the INSERT fails in Postgres, not in validation.
    await api.db.dataSource.query(
      `ALTER TABLE tenants ADD CONSTRAINT test_refuses_doomed CHECK (display_name <> 'Doomed Corp') NOT VALID`,
    );
    try {
      const res = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: CREATE_TENANT,
          variables: { input: { slug: 'doomed', displayName: 'Doomed Corp', isolationModel: 'SHARED_POOL' } },
        }),
      });
      const raw = await res.text();
      const body = JSON.parse(raw) as { data: unknown; errors: Record<string, unknown>[] };
      expect(body.errors).toEqual([
        {
          message: 'Internal server error',
          locations: expect.any(Array),
          path: ['createTenant'],
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        },
      ]);
      expect(raw).not.toMatch(
        /test_refuses_doomed|constraint|INSERT|tenants|QueryFailedError|stacktrace|\.ts:\d+/i,
      );
      const written = await api.db.dataSource.query(
        `SELECT count(*)::int AS n FROM tenants WHERE slug = 'doomed'`,
      );
      expect(written[0].n).toBe(0);
      const outbox = await api.db.dataSource.query(`SELECT count(*)::int AS n FROM outbox_messages`);
      expect(outbox[0].n).toBe(0);
    } finally {
      await api.db.dataSource.query(`ALTER TABLE tenants DROP CONSTRAINT test_refuses_doomed`);
    }
    // The same request succeeds once Postgres accepts it: it was the database, not the input.
    const retried = await graphql(
      api.url,
      CREATE_TENANT,
      { input: { slug: 'doomed', displayName: 'Doomed Corp', isolationModel: 'SHARED_POOL' } },
      token,
    );
    expect(retried.errors).toBeUndefined();
  });
});
