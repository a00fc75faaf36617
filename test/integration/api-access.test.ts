import 'reflect-metadata';
import { DataSource, Logger as TypeOrmLogger } from 'typeorm';
import { CREATE_TENANT, graphql } from '../support/graphql-client';
import { OperatorAuth } from '../support/operator-auth';
import { startTestApi, TestApi } from '../support/test-api';
import { TestDatabase } from '../support/test-database';

const SNAPSHOT_TOKEN = 'snapshot-secret-for-tests-0123456789abcdef';

const SET_ROLES = `mutation($t: ID!, $roles: [RoleInput!]!, $v: Int!) {
  setRoles(tenantId: $t, roles: $roles, expectedVersion: $v) { tenant { generation } roles { name group precedence iamRoleArn } }
}`;
const SET_MAPPINGS = `mutation($t: ID!, $rules: [RoleMappingRuleInput!]!, $v: Int!, $d: String) {
  setRoleMappings(tenantId: $t, rules: $rules, expectedVersion: $v, defaultRole: $d) {
    tenant { generation } roleMappings { version defaultRole rules { claim matchType value role } }
  }
}`;
const SIMULATE = `query($t: ID!, $idp: String, $claims: JSON!) {
  simulateRoleMapping(tenantId: $t, identityProvider: $idp, claims: $claims) {
    primaryRole matchedRules roles { role group grantedBy rule { value } }
  }
}`;

describe('roles, role mappings, simulation and the enricher snapshot over HTTP', () => {
  let db: TestDatabase;
  let auth: OperatorAuth;
  let api: TestApi;
  let url: string;
  let token: string;
  let tenantId: string;

  beforeAll(async () => {
    api = await startTestApi('api_access', { ACCESS_SNAPSHOT_TOKEN: SNAPSHOT_TOKEN });
    ({ url, auth, db } = api);
    token = await auth.tokenFor({ role: 'platform-admin' });
    const created = await graphql<{ createTenant: { tenant: { id: string } } }>(
      url,
      CREATE_TENANT,
      { input: { slug: 'finco', displayName: 'FinCo', isolationModel: 'SHARED_POOL' } },
      token,
    );
    tenantId = created.data!.createTenant.tenant.id;
  });

  afterAll(() => api?.close());

  it('starts every tenant with admin, member and read-only, as tenant-prefixed groups in a shared pool', async () => {
    const res = await graphql<{
      tenant: {
        roles: { name: string; group: string }[];
        roleMappings: { version: number; defaultRole: string };
      };
    }>(
      url,
      'query($id: ID!) { tenant(id: $id) { roles { name group } roleMappings { version defaultRole } } }',
      { id: tenantId },
      token,
    );
    expect(res.data!.tenant.roles).toEqual([
      { name: 'admin', group: 'finco.admin' },
      { name: 'member', group: 'finco.member' },
      { name: 'read-only', group: 'finco.read-only' },
    ]);
    expect(res.data!.tenant.roleMappings).toEqual({ version: 0, defaultRole: 'member' });
  });

  it('sets roles with an IAM role, bumps the generation and writes a reconcile intent', async () => {
    const roles = [
      { name: 'admin', precedence: 10, iamRoleArn: 'arn:aws:iam::123456789012:role/finco-admin' },
      { name: 'member', precedence: 20 },
      { name: 'read-only', precedence: 30 },
      { name: 'auditor', precedence: 40, description: 'External auditors' },
    ];
    const res = await graphql<{
      setRoles: { tenant: { generation: number }; roles: { name: string; group: string }[] };
    }>(url, SET_ROLES, { t: tenantId, roles, v: 0 }, token);
    expect(res.errors).toBeUndefined();
    expect(res.data!.setRoles.tenant.generation).toBe(2);
    expect(res.data!.setRoles.roles.map((r) => r.group)).toContain('finco.auditor');
    const intents = await db.dataSource.query(
      `SELECT payload FROM outbox_messages WHERE aggregate_id = $1 ORDER BY created_at`,
      [tenantId],
    );
    expect(intents.at(-1).payload).toEqual({ tenantId, generation: 2, trigger: 'update' });
  });

  it('refuses a stale version with CONFLICT and bad input with field paths, writing nothing', async () => {
    const generation = async () =>
      (await db.dataSource.query(`SELECT generation FROM tenants WHERE id = $1`, [tenantId]))[0].generation;
    const before = await generation();
    const stale = await graphql(
      url,
      SET_ROLES,
      {
        t: tenantId,
        roles: [
          { name: 'admin', precedence: 10 },
          { name: 'member', precedence: 20 },
          { name: 'read-only', precedence: 30 },
        ],
        v: 0,
      },
      token,
    );
    expect(stale.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT', field: 'expectedVersion' } });
    const bad = await graphql(
      url,
      SET_ROLES,
      {
        t: tenantId,
        roles: [
          { name: 'admin', precedence: 10, iamRoleArn: 'not-an-arn' },
          { name: 'member', precedence: 20 },
        ],
        v: 1,
      },
      token,
    );
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(bad.errors?.[0].extensions)).toContain('roles[0].iamRoleArn');
    const unknownRole = await graphql(
      url,
      SET_MAPPINGS,
      { t: tenantId, rules: [{ claim: 'groups', matchType: 'EQUALS', value: 'x', role: 'ghost' }], v: 1 },
      token,
    );
    expect(JSON.stringify(unknownRole.errors?.[0].extensions)).toContain('input.rules[0].role');
    expect(await generation()).toBe(before);
  });

  it('maps IdP groups to roles, and simulation names the rule behind each role', async () => {
    const rules = [
      { claim: 'groups', matchType: 'EQUALS', value: 'Finance-Admins', role: 'admin' },
      { claim: 'department', matchType: 'STARTS_WITH', value: 'Audit', role: 'auditor' },
    ];
    const set = await graphql<{ setRoleMappings: { roleMappings: { version: number } } }>(
      url,
      SET_MAPPINGS,
      { t: tenantId, rules, v: 1, d: 'read-only' },
      token,
    );
    expect(set.errors).toBeUndefined();
    expect(set.data!.setRoleMappings.roleMappings.version).toBe(2);
    // The payload is what a read right after the change shows.
    const reread = await graphql<{ tenant: { roleMappings: unknown } }>(
      url,
      'query($id: ID!) { tenant(id: $id) { roleMappings { version defaultRole rules { claim matchType value role } } } }',
      { id: tenantId },
      token,
    );
    expect(reread.data!.tenant.roleMappings).toEqual(set.data!.setRoleMappings.roleMappings);

    const sim = await graphql<{
      simulateRoleMapping: {
        primaryRole: string;
        roles: { role: string; grantedBy: string; group: string }[];
      };
    }>(
      url,
      SIMULATE,
      {
        t: tenantId,
        idp: 'okta',
        claims: { groups: '[Finance-Admins, Everyone]', department: 'Audit EMEA' },
      },
      token,
    );
    expect(sim.data!.simulateRoleMapping.primaryRole).toBe('admin');
    expect(sim.data!.simulateRoleMapping.roles).toEqual(
      [
        { role: 'admin', group: 'finco.admin', grantedBy: 'rule 0', rule: { value: 'Finance-Admins' } },
        { role: 'auditor', group: 'finco.auditor', grantedBy: 'rule 1', rule: { value: 'Audit' } },
      ].map(({ rule: _rule, ...r }) => expect.objectContaining(r)),
    );

    const nobody = await graphql<{ simulateRoleMapping: { roles: { role: string; grantedBy: string }[] } }>(
      url,
      SIMULATE,
      { t: tenantId, idp: 'okta', claims: { groups: ['Everyone'] } },
      token,
    );
    expect(nobody.data!.simulateRoleMapping.roles).toEqual([
      expect.objectContaining({ role: 'read-only', grantedBy: 'default' }),
    ]);
  });

  it('serves the enricher snapshot only with its token, with an ETag', async () => {
    expect((await fetch(`${url}/internal/access/snapshot`)).status).toBe(401);
    const ok = await fetch(`${url}/internal/access/snapshot`, {
      headers: { authorization: `Bearer ${SNAPSHOT_TOKEN}` },
    });
    expect(ok.status).toBe(200);
    const snapshot = (await ok.json()) as {
      version: number;
      tenants: Record<string, { slug: string; rules: unknown[] }>;
    };
    expect(snapshot.version).toBe(1);
    expect(snapshot.tenants[tenantId]).toMatchObject({ slug: 'finco' });
    expect(snapshot.tenants[tenantId].rules).toHaveLength(2);
    const again = await fetch(`${url}/internal/access/snapshot`, {
      headers: { authorization: `Bearer ${SNAPSHOT_TOKEN}`, 'if-none-match': ok.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
  });

  it('loads roles for a page of tenants with a constant number of SQL queries', async () => {
    const dataSource = api.app.get(DataSource);
    let queries = 0;
    const original = dataSource.logger;
    const counting: TypeOrmLogger = {
      logQuery: () => void queries++,
      logQueryError: () => undefined,
      logQuerySlow: () => undefined,
      logSchemaBuild: () => undefined,
      logMigration: () => undefined,
      log: () => undefined,
    };
    Object.assign(dataSource, { logger: counting });
    const page =
      '{ tenants(first: 50) { edges { node { id slug status roles { name } roleMappings { version } } } } }';
    try {
      const countFor = async () => {
        queries = 0;
        const res = await graphql(url, page, {}, token);
        expect(res.errors).toBeUndefined();
        return queries;
      };
      const few = await countFor();
      for (let i = 0; i < 12; i++) {
        await graphql(
          url,
          CREATE_TENANT,
          { input: { slug: `bulk-${i}`, displayName: 'B', isolationModel: 'SHARED_POOL' } },
          token,
        );
      }
      const many = await countFor();
      expect(many).toBe(few);
      expect(few).toBeLessThanOrEqual(3);
    } finally {
      Object.assign(dataSource, { logger: original });
    }
  });
});
