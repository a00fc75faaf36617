import { CREATE_TENANT, graphql as rawGraphql } from '../support/graphql-client';
import { startTestApi, TestApi } from '../support/test-api';

describe('api over HTTP (real Postgres and Redis)', () => {
  let api: TestApi;
  let token: string;
  const graphql = <T = Record<string, unknown>>(
    url: string,
    query: string,
    variables: Record<string, unknown> = {},
  ) => rawGraphql<T>(url, query, variables, token);
  const count = async (table: string) =>
    Number((await api.db.dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    api = await startTestApi('api_graphql');
    token = await api.auth.tokenFor({ role: 'platform-admin' });
  });
  afterAll(() => api?.close());

  it('creates a tenant and finds it by id, by slug and in the connection', async () => {
    const created = await graphql<{
      createTenant: { tenant: { id: string; status: string; generation: number } };
    }>(api.url, CREATE_TENANT, {
      input: { slug: 'acme', displayName: 'Acme', isolationModel: 'DEDICATED_POOL' },
    });
    expect(created.errors).toBeUndefined();
    const tenant = created.data!.createTenant.tenant;
    expect(tenant).toMatchObject({ status: 'PENDING', generation: 1 });

    const byId = await graphql<{ tenant: { slug: string } }>(
      api.url,
      `
        query ($id: ID!) {
          tenant(id: $id) {
            slug
          }
        }
      `,
      {
        id: tenant.id,
      },
    );
    expect(byId.data!.tenant.slug).toBe('acme');
    const bySlug = await graphql<{ tenantBySlug: { id: string } }>(
      api.url,
      `
        {
          tenantBySlug(slug: "acme") {
            id
          }
        }
      `,
    );
    expect(bySlug.data!.tenantBySlug.id).toBe(tenant.id);
    const list = await graphql<{
      tenants: { edges: { node: { slug: string } }[]; pageInfo: { hasNextPage: boolean } };
    }>(
      api.url,
      `
        {
          tenants(first: 10) {
            edges {
              cursor
              node {
                slug
              }
            }
            pageInfo {
              hasNextPage
              endCursor
            }
          }
        }
      `,
    );
    expect(list.data!.tenants.edges.map((e) => e.node.slug)).toEqual(['acme']);
    expect(list.data!.tenants.pageInfo.hasNextPage).toBe(false);
  });

  it.each([
    [{ slug: 'No', displayName: 'Bad', isolationModel: 'SHARED_POOL' }, 'BAD_USER_INPUT', 'slug'],
    [{ slug: 'acme', displayName: 'Dup', isolationModel: 'SHARED_POOL' }, 'CONFLICT', 'slug'],
    [{ slug: 'fine-slug', displayName: 'Bad', isolationModel: 'HYBRID' }, 'BAD_USER_INPUT', 'isolationModel'],
    [
      { slug: 'fine-slug', displayName: '   ', isolationModel: 'SHARED_POOL' },
      'BAD_USER_INPUT',
      'displayName',
    ],
  ])('refuses %p with %s naming %s, and writes nothing', async (input, code, field) => {
    const before = [await count('tenants'), await count('outbox_messages')];
    const res = await graphql(api.url, CREATE_TENANT, { input });
    expect(res.data?.createTenant ?? null).toBeNull();
    expect(res.errors?.[0].extensions?.code).toBe(code);
    expect(res.errors?.[0].message).toContain(field);
    expect(JSON.stringify(res.errors)).not.toMatch(/stack|at .*\.js|SELECT|INSERT/);
    expect([await count('tenants'), await count('outbox_messages')]).toEqual(before);
  });

  it('answers NOT_FOUND for an unknown tenant and BAD_USER_INPUT for a forged cursor', async () => {
    const missing = await graphql(
      api.url,
      `
        {
          tenant(id: "00000000-0000-4000-8000-000000000000") {
            id
          }
        }
      `,
    );
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const forged = await graphql(
      api.url,
      `
        {
          tenants(first: 5, after: "bm9wZQ") {
            edges {
              cursor
            }
          }
        }
      `,
    );
    expect(forged.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const tooMany = await graphql(
      api.url,
      `
        {
          tenants(first: 1000) {
            edges {
              cursor
            }
          }
        }
      `,
    );
    expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('serves liveness, readiness and Prometheus metrics', async () => {
    expect((await fetch(`${api.url}/health/live`)).status).toBe(200);
    const ready = await fetch(`${api.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { postgres: 'up', redis: 'up' } });
    const metrics = await fetch(`${api.url}/metrics`);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(await metrics.text()).toContain('idplane_process_cpu_seconds_total');
  });

  it('answers 503 naming redis when Redis is unreachable', async () => {
    const broken = await startTestApi('api_no_redis', { REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const ready = await fetch(`${broken.url}/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({
        failing: ['redis'],
        checks: { postgres: 'up', redis: 'down' },
      });
    } finally {
      await broken.close();
    }
  });
});
