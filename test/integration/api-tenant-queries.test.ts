import { DataSource } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { TypeOrmReconcileRunStore, TypeOrmTenantStore } from '@idplane/persistence';
import { testSamlMetadata } from '../../libs/federation/src/testing/saml-metadata.factory';
import { CREATE_TENANT, graphql as rawGraphql, GraphQLResponse } from '../support/graphql-client';
import { countStatements } from '../support/count-statements';
import { startTestApi, TestApi } from '../support/test-api';
import { deleteRedisPrefix, testQueuePrefix } from '../support/test-redis';

interface Page {
  tenants: {
    edges: { cursor: string; node: { slug: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

const LIST = `
  query List($first: Int, $after: String, $filter: TenantFilter) {
    tenants(first: $first, after: $after, filter: $filter) {
      edges { cursor node { slug } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

describe('tenant queries: filters, shards and a constant number of SQL statements', () => {
  let api: TestApi;
  let store: TypeOrmTenantStore;
  let token: string;
  const prefix = testQueuePrefix('tenant_queries');
  const graphql = <T>(query: string, variables: Record<string, unknown> = {}, as = token) =>
    rawGraphql<T>(api.url, query, variables, as);
  const slugs = (res: GraphQLResponse<Page>) => {
    expect(res.errors).toBeUndefined();
    return res.data!.tenants.edges.map((e) => e.node.slug);
  };

  /** A tenant made through the API, then moved to `status` as the worker's store writes it. */
  const tenant = async (
    slug: string,
    displayName: string,
    isolationModel: 'SHARED_POOL' | 'DEDICATED_POOL',
    status = 'PENDING',
  ): Promise<string> => {
    const res = await graphql<{ createTenant: { tenant: { id: string } } }>(CREATE_TENANT, {
      input: { slug, displayName, isolationModel },
    });
    expect(res.errors).toBeUndefined();
    const id = res.data!.createTenant.tenant.id;
    if (status !== 'PENDING') await store.setStatus(id, status as 'ACTIVE', ['PENDING']);
    return id;
  };

  beforeAll(async () => {
    api = await startTestApi('api_tenant_queries', {
      QUEUE_PREFIX: prefix,
      MUTATION_RATE_LIMIT_PER_MINUTE: '100000',
      SHARED_POOL_SHARD_CAPACITY: '2',
    });
    store = new TypeOrmTenantStore(api.db.dataSource);
    token = await api.auth.tokenFor({ role: 'platform-admin' });
  });
  afterAll(async () => {
    await api?.close();
    await deleteRedisPrefix(prefix);
  });

  describe('the tenants connection with a filter', () => {
    let acmeId: string;

    beforeAll(async () => {
      acmeId = await tenant('flt-acme', 'Acme Corp', 'SHARED_POOL', 'ACTIVE');
      await tenant('flt-globex', 'Globex 100% Pure', 'DEDICATED_POOL', 'ACTIVE');
      await tenant('flt-initech', 'Initech_Labs', 'SHARED_POOL');
      await tenant('flt-umbrella', 'Umbrella (an ACME company)', 'DEDICATED_POOL', 'DEGRADED');
      await tenant('flt-hooli', 'Hooli', 'SHARED_POOL', 'SUSPENDED');
    });

    it.each([
      [{ search: 'acme' }, ['flt-acme', 'flt-umbrella']],
      [{ search: 'AN ACME' }, ['flt-umbrella']],
      [{ search: 'flt-ini' }, ['flt-initech']],
      // Wildcards are literal: % matches only a %, _ only an _.
      [{ search: '100%' }, ['flt-globex']],
      [{ search: 'flt-%' }, []],
      [{ search: '_' }, ['flt-initech']],
      [{ search: 'flt', status: ['ACTIVE', 'DEGRADED'] }, ['flt-acme', 'flt-globex', 'flt-umbrella']],
      [{ search: 'flt', isolationModel: 'SHARED_POOL' }, ['flt-acme', 'flt-initech', 'flt-hooli']],
      [{ search: 'flt', isolationModel: 'DEDICATED_POOL', status: ['ACTIVE'] }, ['flt-globex']],
      [{ search: 'acme', isolationModel: 'SHARED_POOL' }, ['flt-acme']],
      [{ search: 'flt', status: ['FAILED'] }, []],
      [{ search: '  ', status: ['SUSPENDED'] }, ['flt-hooli']],
    ])('narrows by %p, oldest first', async (filter, expected) => {
      expect(slugs(await graphql<Page>(LIST, { first: 50, filter }))).toEqual(expected);
    });

    it('pages a filtered list with cursors, in the same (createdAt, id) order', async () => {
      const filter = { search: 'flt', status: ['ACTIVE', 'DEGRADED', 'SUSPENDED'] };
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const res: GraphQLResponse<Page> = await graphql<Page>(LIST, { first: 1, after, filter });
        seen.push(...slugs(res));
        after = res.data!.tenants.pageInfo.hasNextPage ? res.data!.tenants.pageInfo.endCursor : null;
        pages += 1;
      } while (after && pages < 10);
      expect(seen).toEqual(['flt-acme', 'flt-globex', 'flt-umbrella', 'flt-hooli']);
      expect(pages).toBe(4);

      // A cursor from the unfiltered list is a position in the same order, so it holds under any filter.
      const all = await graphql<Page>(LIST, { first: 50, filter: { search: 'flt' } });
      const globexCursor = all.data!.tenants.edges.find((e) => e.node.slug === 'flt-globex')!.cursor;
      expect(
        slugs(
          await graphql<Page>(LIST, {
            first: 50,
            after: globexCursor,
            filter: { isolationModel: 'SHARED_POOL', search: 'flt' },
          }),
        ),
      ).toEqual(['flt-initech', 'flt-hooli']);
    });

    it('breaks ties in creation time by id', async () => {
      await api.db.dataSource.query(
        `UPDATE tenants SET created_at = '2030-01-01T00:00:00Z' WHERE slug IN ('flt-acme', 'flt-hooli')`,
      );
      const ids: { slug: string }[] = await api.db.dataSource.query(
        `SELECT slug FROM tenants WHERE slug IN ('flt-acme', 'flt-hooli') ORDER BY id`,
      );
      const filter = { search: 'flt', isolationModel: 'SHARED_POOL' };
      const first = await graphql<Page>(LIST, { first: 2, filter });
      expect(slugs(first)).toEqual(['flt-initech', ids[0].slug]);
      const rest = await graphql<Page>(LIST, {
        first: 2,
        after: first.data!.tenants.pageInfo.endCursor,
        filter,
      });
      expect(slugs(rest)).toEqual([ids[1].slug]);
      await api.db.dataSource.query(
        `UPDATE tenants SET created_at = now() WHERE slug IN ('flt-acme', 'flt-hooli')`,
      );
    });

    it.each([
      [{ status: ['NOPE'] }, 'filter.status[0]'],
      [{ status: ['ACTIVE', 'nope'] }, 'filter.status[1]'],
      [{ status: [] }, 'filter.status'],
      [{ isolationModel: 'POOLED' }, 'filter.isolationModel'],
      [{ search: 'x'.repeat(201) }, 'filter.search'],
      [{ search: 'a\u0000b' }, 'filter.search'],
      [{ search: 42 }, 'filter.search'],
      ['ACTIVE', 'filter'],
    ])('refuses the filter %p with BAD_USER_INPUT on %s', async (filter, field) => {
      const res = await graphql<Page>(LIST, { first: 5, filter });
      expect(res.data?.tenants ?? null).toBeNull();
      expect(res.errors?.map((e) => e.extensions)).toEqual([
        expect.objectContaining({ code: 'BAD_USER_INPUT', field }),
      ]);
      expect(JSON.stringify(res.errors)).not.toMatch(/SELECT|ILIKE|stack/);
    });

    it("applies the filter to a tenant admin's own tenant, and never shows another", async () => {
      const admin = await api.auth.tokenFor({ role: 'tenant-admin', tenantId: acmeId });
      const as = (filter: Record<string, unknown>) => graphql<Page>(LIST, { first: 50, filter }, admin);
      expect(slugs(await as({}))).toEqual(['flt-acme']);
      expect(slugs(await as({ status: ['ACTIVE'], search: 'acme' }))).toEqual(['flt-acme']);
      expect(slugs(await as({ status: ['PENDING'] }))).toEqual([]);
      expect(slugs(await as({ search: 'globex' }))).toEqual([]);
      expect(slugs(await as({ isolationModel: 'DEDICATED_POOL' }))).toEqual([]);
      const bad = await as({ status: [] });
      expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.status' });
    });
  });

  describe('the reconcile run history with a filter', () => {
    const RUNS = `query($id: ID!, $filter: ReconcileRunFilterInput) {
      tenant(id: $id) { reconcileRuns(first: 10, filter: $filter) { edges { node { trigger outcome } } } }
    }`;
    let id: string;

    beforeAll(async () => {
      id = await tenant('historian', 'Historian', 'SHARED_POOL', 'ACTIVE');
      const runs = new TypeOrmReconcileRunStore(api.db.dataSource);
      const rows: [string, string][] = [
        ['create', 'transient-error'],
        ['create', 'synced'],
        ['drift-sweep', 'drift-corrected'],
        ['manual', 'synced'],
      ];
      for (const [trigger, outcome] of rows) {
        await runs.record({
          id: randomUUID(),
          tenantId: id,
          trigger: trigger as 'create',
          generation: 1,
          outcome: outcome as 'synced',
          plan: [],
          calls: {},
          mutatingCalls: 0,
          durationMs: 5,
          error: null,
        });
      }
    });

    const outcomes = async (filter: Record<string, unknown> | undefined) => {
      const res = await graphql<{
        tenant: { reconcileRuns: { edges: { node: { trigger: string; outcome: string } }[] } };
      }>(RUNS, { id, filter });
      expect(res.errors).toBeUndefined();
      return res.data!.tenant.reconcileRuns.edges.map((e) => `${e.node.trigger}/${e.node.outcome}`).sort();
    };

    it('narrows by outcome and by trigger, and combines them', async () => {
      expect(await outcomes(undefined)).toHaveLength(4);
      expect(await outcomes({ outcome: ['synced'] })).toEqual(['create/synced', 'manual/synced']);
      expect(await outcomes({ trigger: ['create'] })).toEqual(['create/synced', 'create/transient-error']);
      expect(await outcomes({ outcome: ['synced', 'drift-corrected'], trigger: ['drift-sweep'] })).toEqual([
        'drift-sweep/drift-corrected',
      ]);
    });

    it('refuses an unknown outcome with the field at fault', async () => {
      const res = await graphql(RUNS, { id, filter: { outcome: ['synced', 'exploded'] } });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(JSON.stringify(res.errors?.[0].extensions)).toContain('filter.outcome[1]');
    });
  });

  describe('sharedPoolShards', () => {
    it("shows each shard's region, pool, tenants and fill against SHARED_POOL_SHARD_CAPACITY", async () => {
      const sharding = { capacity: 2, minShards: 1 };
      const placed: string[] = [];
      for (const slug of ['shd-one', 'shd-two', 'shd-three']) {
        const id = await tenant(slug, slug, 'SHARED_POOL');
        expect(await store.assignSharedPoolShard(id, sharding)).toBe(Math.floor(placed.length / 2));
        placed.push(id);
      }
      // What the worker records once it has provisioned the tenant in shard 0's pool.
      await store.recordReconcileOutcome({
        tenantId: placed[0],
        observedGeneration: 1,
        status: 'ACTIVE',
        conditions: [],
        cognito: { userPoolId: 'us-east-1_Shard0', appClientId: 'c0', issuer: null, domain: null },
      });
      await store.setStatus(placed[1], 'DELETED', ['PENDING']);
      // CreateTenantInput has no region yet, so this one is written through the store.
      const eu = await store.createWithReconcileIntent({
        slug: 'shd-eu',
        displayName: 'EU',
        isolationModel: 'SHARED_POOL',
        region: 'eu-west-1',
      });
      await store.assignSharedPoolShard(eu.id, sharding);

      const res = await graphql<{ sharedPoolShards: Record<string, unknown>[] }>(
        '{ sharedPoolShards { index region userPoolId tenantCount capacity fillRatio } }',
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.sharedPoolShards).toEqual([
        { index: 0, region: 'eu-west-1', userPoolId: null, tenantCount: 1, capacity: 2, fillRatio: 0.5 },
        // The DELETED tenant no longer counts against the shard; its pool is still there.
        {
          index: 0,
          region: 'us-east-1',
          userPoolId: 'us-east-1_Shard0',
          tenantCount: 1,
          capacity: 2,
          fillRatio: 0.5,
        },
        { index: 1, region: 'us-east-1', userPoolId: null, tenantCount: 1, capacity: 2, fillRatio: 0.5 },
      ]);

      const shardOf = await graphql<{ tenant: { sharedPoolShard: number | null } }>(
        'query($id: ID!) { tenant(id: $id) { sharedPoolShard } }',
        { id: placed[2] },
      );
      expect(shardOf.data!.tenant.sharedPoolShard).toBe(1);
    });
  });

  describe('no N+1: a page of tenants with their identity providers and roles', () => {
    const NESTED = `
      query Nested($first: Int!, $filter: TenantFilter) {
        tenants(first: $first, filter: $filter) {
          edges { node { id slug status identityProviders { name cognitoProviderName } roles { name }
                         roleMappings { defaultRole } } }
        }
      }`;

    const idOf = new Map<string, string>();

    beforeAll(async () => {
      const setUp = async (i: number) => {
        const slug = `npq-${String(i).padStart(2, '0')}`;
        const id = await tenant(slug, `N+1 ${i}`, i % 2 === 0 ? 'SHARED_POOL' : 'DEDICATED_POOL');
        const idp = await graphql(
          'mutation($t: ID!, $i: AddSamlIdentityProviderInput!) { addSamlIdentityProvider(tenantId: $t, input: $i) { warnings } }',
          { t: id, i: { name: 'okta', metadataXml: testSamlMetadata(`urn:${slug}`) } },
        );
        expect(idp.errors).toBeUndefined();
        const roles = await graphql(
          `mutation($t: ID!) { setRoles(tenantId: $t, expectedVersion: 0, roles: [
             {name: "admin", precedence: 10}, {name: "member", precedence: 20}, {name: "read-only", precedence: 30},
             {name: "${slug}-x", precedence: 40}
           ]) { roles { name } } }`,
          { t: id },
        );
        expect(roles.errors).toBeUndefined();
        idOf.set(slug, id);
      };
      // Five at a time, in creation order by batch: 150 mutations on a shared, busy machine.
      for (let batch = 0; batch < 50; batch += 5) {
        await Promise.all([0, 1, 2, 3, 4].map((k) => setUp(batch + k)));
      }
      // Run history as the worker writes it: three runs of npq-00, one of npq-01, none for the others.
      for (const [slug, generation, at] of [
        ['npq-00', 1, '2030-01-01T00:00:01Z'],
        ['npq-00', 2, '2030-01-01T00:00:02Z'],
        ['npq-00', 3, '2030-01-01T00:00:03Z'],
        ['npq-01', 1, '2030-01-01T00:00:01Z'],
      ] as const) {
        await api.db.dataSource.query(
          `INSERT INTO reconcile_runs (tenant_id, trigger, generation, outcome, duration_ms, created_at)
           VALUES ($1, 'create', $2, 'synced', 5, $3)`,
          [idOf.get(slug), generation, at],
        );
      }
    }, 120_000);

    const statementsFor = async (first: number) => {
      const counter = countStatements(api.app.get(DataSource));
      try {
        const res = await graphql<{
          tenants: { edges: { node: { identityProviders: unknown[]; roles: unknown[] } }[] };
        }>(NESTED, { first, filter: { search: 'npq-' } });
        expect(res.errors).toBeUndefined();
        const nodes = res.data!.tenants.edges.map((e) => e.node);
        expect(nodes).toHaveLength(first);
        for (const node of nodes) {
          expect(node.identityProviders).toHaveLength(1);
          expect(node.roles).toHaveLength(4);
        }
        return [...counter.statements];
      } finally {
        counter.stop();
      }
    };

    it('sends as many SQL statements for 50 tenants as for 10', async () => {
      const ten = await statementsFor(10);
      const fifty = await statementsFor(50);
      expect(fifty.length).toBe(ten.length);
      // One for the page together with every tenant's roles, mappings and IdPs.
      expect(fifty.length).toBe(1);
    });

    it("answers a page's children exactly as a lookup of each tenant does", async () => {
      const idps = `id name type cognitoProviderName emailDomains hasSecret createdAt updatedAt version
        attributeMapping { attribute claim } saml { entityId ssoUrls { binding location }
        certificates { subject notAfter } }`;
      const fields = `slug identityProviders { ${idps} } roles { name precedence group }
        roleMappings { defaultRole version }`;
      const page = await graphql<{ tenants: { edges: { node: { id: string } }[] } }>(
        `query($filter: TenantFilter) { tenants(first: 5, filter: $filter) { edges { node { id ${fields} } } } }`,
        { filter: { search: 'npq-' } },
      );
      expect(page.errors).toBeUndefined();
      for (const { node } of page.data!.tenants.edges) {
        const one = await graphql<{ tenant: unknown }>(
          `query($id: ID!) { tenant(id: $id) { id ${fields} } }`,
          {
            id: node.id,
          },
        );
        expect(one.errors).toBeUndefined();
        expect(one.data!.tenant).toEqual(node);
      }
    });

    it('reads IdPs without their details when no field asks for them, and answers the same', async () => {
      const summary = `id name type cognitoProviderName emailDomains hasSecret createdAt updatedAt version
        attributeMapping { attribute claim }`;
      const list = (idpFields: string) =>
        graphql<{ tenants: { edges: { node: { identityProviders: Record<string, unknown>[] } }[] } }>(
          `query($filter: TenantFilter) { tenants(first: 5, filter: $filter) {
             edges { node { id identityProviders { ${idpFields} } } } } }`,
          { filter: { search: 'npq-' } },
        );
      const lean = await list(summary);
      const full = await list(`${summary} saml { entityId }`);
      expect(lean.errors).toBeUndefined();
      expect(full.errors).toBeUndefined();
      const idps = full.data!.tenants.edges.flatMap((e) => e.node.identityProviders);
      expect(idps.some((p) => p.saml !== null)).toBe(true);
      // Without the detail field, each IdP is exactly the full answer less that field.
      expect(lean.data!.tenants.edges.flatMap((e) => e.node.identityProviders)).toEqual(
        idps.map(({ saml: _, ...rest }) => rest),
      );
    });

    it("batches each tenant's reconcile runs too, with the right page for each", async () => {
      const RUNS = `
        query Runs($first: Int!, $filter: TenantFilter, $after: String) {
          tenants(first: $first, filter: $filter) {
            edges { node { slug reconcileRuns(first: 2, after: $after) {
              edges { cursor node { generation } } pageInfo { hasNextPage } } } }
          }
        }`;
      type Runs = {
        tenants: {
          edges: {
            node: {
              slug: string;
              reconcileRuns: {
                edges: { cursor: string; node: { generation: number } }[];
                pageInfo: { hasNextPage: boolean };
              };
            };
          }[];
        };
      };
      const run = async (first: number, after?: string, search = 'npq-') => {
        const counter = countStatements(api.app.get(DataSource));
        try {
          const res = await graphql<Runs>(RUNS, { first, filter: { search }, after });
          expect(res.errors).toBeUndefined();
          const bySlug = new Map(res.data!.tenants.edges.map((e) => [e.node.slug, e.node.reconcileRuns]));
          return { bySlug, statements: counter.statements.length };
        } finally {
          counter.stop();
        }
      };
      const ten = await run(10);
      const fifty = await run(50);
      expect(fifty.statements).toBe(ten.statements);
      const generations = (slug: string) => fifty.bySlug.get(slug)!.edges.map((e) => e.node.generation);
      expect(generations('npq-00')).toEqual([3, 2]);
      expect(fifty.bySlug.get('npq-00')!.pageInfo.hasNextPage).toBe(true);
      expect(generations('npq-01')).toEqual([1]);
      expect(fifty.bySlug.get('npq-01')!.pageInfo.hasNextPage).toBe(false);
      expect(generations('npq-49')).toEqual([]);

      const next = await run(1, fifty.bySlug.get('npq-00')!.edges[1].cursor, 'npq-00');
      expect(next.bySlug.get('npq-00')!.edges.map((e) => e.node.generation)).toEqual([1]);
      expect(next.bySlug.get('npq-00')!.pageInfo.hasNextPage).toBe(false);
    });
  });
});
