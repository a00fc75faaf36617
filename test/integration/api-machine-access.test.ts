import { CREATE_TENANT, graphql as rawGraphql } from '../support/graphql-client';
import { startTestApi, TestApi } from '../support/test-api';

const billing = {
  identifier: 'https://billing.example.com',
  name: 'Billing',
  scopes: [{ name: 'charge', description: 'Charge a card' }],
};
const risk = {
  compromisedCredentials: 'BLOCK',
  accountTakeover: { low: 'NO_ACTION', medium: 'MFA_IF_CONFIGURED', high: 'BLOCK' },
};

const TENANT_MACHINE_ACCESS = `
  query ($id: ID!) {
    tenant(id: $id) {
      resourceServers { identifier name scopes { name description } }
      machineClients { name scopes accessTokenValidityMinutes }
      riskConfiguration { compromisedCredentials accountTakeover { low medium high } }
    }
  }
`;

const UPDATE_TENANT = `
  mutation ($id: ID!, $input: UpdateTenantInput!, $expectedVersion: Int!) {
    updateTenant(id: $id, input: $input, expectedVersion: $expectedVersion) {
      tenant { version riskConfiguration { compromisedCredentials } }
    }
  }
`;

interface Issue {
  field: string;
  message: string;
}

describe('resource servers, machine clients and risk configuration over GraphQL (real Postgres and Redis)', () => {
  let api: TestApi;
  let token: string;
  const graphql = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) =>
    rawGraphql<T>(api.url, query, variables, token);
  const issuesOf = (res: { errors?: { extensions?: Record<string, unknown> }[] }) =>
    ((res.errors?.[0].extensions?.issues ?? []) as Issue[]).map((i) => i.field);

  beforeAll(async () => {
    api = await startTestApi('api_machine_access');
    token = await api.auth.tokenFor({ role: 'platform-admin' });
  });
  afterAll(() => api?.close());

  it('stores and shows them', async () => {
    const created = await graphql<{ createTenant: { tenant: { id: string } } }>(CREATE_TENANT, {
      input: {
        slug: 'm2m-ok',
        displayName: 'M2M',
        isolationModel: 'DEDICATED_POOL',
        threatProtection: 'AUDIT',
        resourceServers: [billing],
        machineClients: [{ name: 'payer', scopes: ['https://billing.example.com/charge'] }],
        riskConfiguration: risk,
      },
    });
    expect(created.errors).toBeUndefined();
    const shown = await graphql<{ tenant: Record<string, unknown> }>(TENANT_MACHINE_ACCESS, {
      id: created.data!.createTenant.tenant.id,
    });
    expect(shown.data!.tenant).toEqual({
      resourceServers: [billing],
      machineClients: [
        { name: 'payer', scopes: ['https://billing.example.com/charge'], accessTokenValidityMinutes: null },
      ],
      riskConfiguration: risk,
    });
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    [
      'an undeclared machine client scope',
      {
        isolationModel: 'DEDICATED_POOL',
        resourceServers: [billing],
        machineClients: [
          {
            name: 'payer',
            scopes: ['https://billing.example.com/charge', 'https://billing.example.com/refund'],
          },
        ],
      },
      ['input.machineClients[0].scopes[1]'],
    ],
    [
      'a bad identifier and 101 scopes',
      {
        isolationModel: 'DEDICATED_POOL',
        resourceServers: [
          {
            identifier: 'has"quote',
            name: 'X',
            scopes: Array.from({ length: 101 }, (_, i) => ({ name: `s${i}`, description: 'd' })),
          },
        ],
      },
      ['input.resourceServers[0].identifier', 'input.resourceServers[0].scopes'],
    ],
    [
      'a risk configuration without threat protection',
      { isolationModel: 'DEDICATED_POOL', riskConfiguration: risk },
      ['input.riskConfiguration'],
    ],
    [
      'a risk configuration in a shared pool',
      { isolationModel: 'SHARED_POOL', riskConfiguration: risk },
      ['input.riskConfiguration'],
    ],
  ])('refuses %s with BAD_USER_INPUT and field paths', async (_name, fields, expected) => {
    const before = Number((await api.db.dataSource.query(`SELECT count(*) AS n FROM tenants`))[0].n);
    const res = await graphql(CREATE_TENANT, { input: { slug: 'm2m-bad', displayName: 'Bad', ...fields } });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(issuesOf(res)).toEqual(expected);
    expect(Number((await api.db.dataSource.query(`SELECT count(*) AS n FROM tenants`))[0].n)).toBe(before);
  });

  it("refuses resource servers past the shard pool's limit with PRECONDITION_FAILED on the field", async () => {
    const server = (i: number) => ({
      identifier: `https://api${i}.example.com`,
      name: `API ${i}`,
      scopes: [{ name: 'read', description: 'Read' }],
    });
    const ids: string[] = [];
    for (const slug of ['rs-full-a', 'rs-full-b']) {
      const created = await graphql<{ createTenant: { tenant: { id: string } } }>(CREATE_TENANT, {
        input: { slug, displayName: slug, isolationModel: 'SHARED_POOL' },
      });
      ids.push(created.data!.createTenant.tenant.id);
    }
    // Both placed on one shard, as the worker would place them.
    await api.db.dataSource.query(`UPDATE tenants SET shared_pool_shard = 0 WHERE id = ANY($1::uuid[])`, [
      ids,
    ]);
    const update = (id: string, resourceServers: unknown[], expectedVersion: number) =>
      graphql<{ updateTenant: { tenant: { version: number } } }>(UPDATE_TENANT, {
        id,
        input: { resourceServers },
        expectedVersion,
      });
    const first = await update(
      ids[0],
      Array.from({ length: 24 }, (_, i) => server(i)),
      1,
    );
    expect(first.errors).toBeUndefined();
    const refused = await update(ids[1], [server(100), server(101)], 1);
    expect(refused.errors?.[0]).toMatchObject({
      message: expect.stringContaining("Cognito's limit of 25 per user pool"),
      extensions: { code: 'PRECONDITION_FAILED', field: 'input.resourceServers' },
    });
    const unchanged = await graphql<{ tenant: { resourceServers: unknown[] } }>(TENANT_MACHINE_ACCESS, {
      id: ids[1],
    });
    expect(unchanged.data!.tenant.resourceServers).toEqual([]);
    expect((await update(ids[1], [server(100)], 1)).errors).toBeUndefined();
  });

  it('refuses turning threat protection off under a risk configuration, and accepts removing both', async () => {
    const created = await graphql<{ createTenant: { tenant: { id: string; version: number } } }>(
      CREATE_TENANT,
      {
        input: {
          slug: 'm2m-risk',
          displayName: 'Risk',
          isolationModel: 'DEDICATED_POOL',
          threatProtection: 'ENFORCED',
          riskConfiguration: risk,
        },
      },
    );
    const { id, version } = created.data!.createTenant.tenant;
    const refused = await graphql(UPDATE_TENANT, {
      id,
      input: { threatProtection: 'OFF' },
      expectedVersion: version,
    });
    expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(issuesOf(refused)).toEqual(['input.threatProtection']);
    const accepted = await graphql<{ updateTenant: { tenant: { riskConfiguration: unknown } } }>(
      UPDATE_TENANT,
      {
        id,
        input: { threatProtection: 'OFF', riskConfiguration: null },
        expectedVersion: version,
      },
    );
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data!.updateTenant.tenant.riskConfiguration).toBeNull();
  });
});
