import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { CREATE_TENANT, graphql } from '../support/graphql-client';
import { AuditView } from '../support/audit-view';
import { OperatorAuth } from '../support/operator-auth';
import { startTestApi, TestApi } from '../support/test-api';
import { TestDatabase } from '../support/test-database';
import { deleteRedisPrefix, testQueuePrefix } from '../support/test-redis';

interface AuditPage {
  edges: { cursor: string; node: AuditView }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const AUDIT = `query($filter: AuditEventFilter, $first: Int, $after: String) {
  auditEvents(first: $first, after: $after, filter: $filter) {
    edges { cursor node { id actor action tenantId outcome errorCode requestId before after } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const UPDATE_TENANT = `mutation($id: ID!, $v: Int!, $input: UpdateTenantInput!) {
  updateTenant(id: $id, expectedVersion: $v, input: $input) { tenant { id displayName version } }
}`;
const SET_ROLES = `mutation($t: ID!, $roles: [RoleInput!]!, $v: Int!) {
  setRoles(tenantId: $t, roles: $roles, expectedVersion: $v) { roles { name } }
}`;
const SET_MAPPINGS = `mutation($t: ID!, $rules: [RoleMappingRuleInput!]!, $v: Int!) {
  setRoleMappings(tenantId: $t, rules: $rules, expectedVersion: $v) { roleMappings { version } }
}`;
const ADD_SOCIAL = `mutation($t: ID!, $input: AddSocialIdentityProviderInput!) {
  addSocialIdentityProvider(tenantId: $t, input: $input) { identityProvider { id version } }
}`;
const UPDATE_IDP = `mutation($t: ID!, $input: UpdateIdentityProviderInput!) {
  updateIdentityProvider(tenantId: $t, input: $input) { identityProvider { id version } }
}`;

const RATE_LIMIT = 30;
const GOOGLE_SECRET = `google-secret-for-the-audit-${randomUUID()}`;

describe('audit log over HTTP', () => {
  let auth: OperatorAuth;
  let api: TestApi;
  let db: TestDatabase;
  let url: string;
  let platform: string;
  const prefix = testQueuePrefix('audit');

  const page = async (
    token: string,
    filter?: Record<string, unknown>,
    first = 20,
    after?: string,
  ): Promise<AuditPage> => {
    const res = await graphql<{ auditEvents: AuditPage }>(url, AUDIT, { filter, first, after }, token);
    expect(res.errors).toBeUndefined();
    return res.data!.auditEvents;
  };
  const events = async (token: string, filter?: Record<string, unknown>, first = 20) =>
    (await page(token, filter, first)).edges.map((e) => e.node);
  const createTenant = async (slug: string, isolationModel = 'SHARED_POOL') => {
    const res = await graphql<{ createTenant: { tenant: { id: string; version: number } } }>(
      url,
      CREATE_TENANT,
      { input: { slug, displayName: `${slug} before`, isolationModel } },
      platform,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.createTenant.tenant;
  };
  const tenantAdmin = (tenantId: string) => `tenant-admin:tenant-admin-${tenantId}@${tenantId}`;

  beforeAll(async () => {
    api = await startTestApi('api_audit', {
      QUEUE_PREFIX: prefix,
      MUTATION_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
    });
    ({ url, auth, db } = api);
    platform = await auth.tokenFor({ role: 'platform-admin' });
  });

  afterAll(async () => {
    await api?.close();
    await deleteRedisPrefix(prefix);
  });

  it('records successful and refused mutations with actor, tenant and request id', async () => {
    const input = { slug: 'audited', displayName: 'Audited', isolationModel: 'SHARED_POOL' };
    const created = await graphql<{ createTenant: { tenant: { id: string } } }>(
      url,
      CREATE_TENANT,
      { input },
      platform,
    );
    const tenantId = created.data!.createTenant.tenant.id;
    const duplicate = await graphql(url, CREATE_TENANT, { input }, platform);
    expect(duplicate.errors?.[0].extensions?.code).toBe('CONFLICT');

    const [refused, done] = await events(platform, { action: 'createTenant' });
    expect(done).toMatchObject({
      actor: 'platform-admin:platform-admin',
      tenantId,
      outcome: 'success',
      errorCode: null,
    });
    expect(done.requestId).toMatch(/^[\w-]+$/);
    expect(done.after?.input).toEqual({ input });
    expect(refused).toMatchObject({ action: 'createTenant', outcome: 'failure', errorCode: 'CONFLICT' });
  });

  it("shows a tenant admin only their own tenant's events, whatever filter they pass", async () => {
    const other = await graphql<{ createTenant: { tenant: { id: string } } }>(
      url,
      CREATE_TENANT,
      { input: { slug: 'other-co', displayName: 'Other', isolationModel: 'SHARED_POOL' } },
      platform,
    );
    const audited = (await events(platform, { action: 'createTenant' })).find(
      (e) => e.outcome === 'success' && e.tenantId !== other.data!.createTenant.tenant.id,
    )!;
    const adminToken = await auth.tokenFor({ role: 'tenant-admin', tenantId: audited.tenantId! });
    const seen = await events(adminToken, { tenantId: other.data!.createTenant.tenant.id });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((e) => e.tenantId === audited.tenantId)).toBe(true);
  });

  it('fetches tenants and audit events again by id through node, within the same tenant scope', async () => {
    const event = (await events(platform, { action: 'createTenant' })).find((e) => e.outcome === 'success')!;
    const NODE = `query($id: ID!) { node(id: $id) { id ... on AuditEvent { action } ... on Tenant { slug } } }`;
    const asPlatform = await graphql<{ node: { id: string; action?: string } }>(
      url,
      NODE,
      { id: event.id },
      platform,
    );
    expect(asPlatform.data!.node).toEqual({ id: event.id, action: 'createTenant' });
    const tenant = await graphql<{ node: { slug?: string } }>(url, NODE, { id: event.tenantId }, platform);
    expect(tenant.data!.node.slug).toBeDefined();

    const stranger = await auth.tokenFor({
      role: 'tenant-admin',
      tenantId: '00000000-0000-4000-8000-000000000001',
    });
    const hidden = await graphql(url, NODE, { id: event.id }, stranger);
    expect(hidden.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const owner = await auth.tokenFor({ role: 'tenant-admin', tenantId: event.tenantId! });
    const own = await graphql<{ node: { id: string } }>(url, NODE, { id: event.id }, owner);
    expect(own.data!.node.id).toBe(event.id);
  });

  it('refuses a tenant id filter that is not a UUID as BAD_USER_INPUT on filter.tenantId, for every caller', async () => {
    const { id } = await createTenant('filter-co');
    const admin = await auth.tokenFor({ role: 'tenant-admin', tenantId: id });
    for (const token of [platform, admin]) {
      const res = await graphql(url, AUDIT, { filter: { tenantId: 'not-a-uuid' } }, token);
      expect(res.data?.auditEvents).toBeUndefined();
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.tenantId' });
    }
  });

  it('records a mutation that names a non-UUID tenant, under no tenant, with the raw id in its input', async () => {
    // A NUL and a lone surrogate are valid in a GraphQL string, but not in jsonb: the record must survive them too.
    const codes: (string | undefined)[] = [];
    for (const id of ['x', 'y\u0000\ud800']) {
      const res = await graphql(url, UPDATE_TENANT, { id, v: 1, input: { displayName: 'X' } }, platform);
      codes.push(res.errors?.[0].extensions?.code);
    }
    expect(codes[0]).toBe('NOT_FOUND');
    expect(codes[1]).toMatch(/^(NOT_FOUND|BAD_USER_INPUT)$/);
    const refused = (await events(platform, { action: 'updateTenant' })).filter((e) => e.tenantId === null);
    expect(refused.map((e) => [e.after?.input?.id, e.errorCode])).toEqual([
      ['y\ufffd\ufffd', codes[1]],
      ['x', 'NOT_FOUND'],
    ]);
    expect(refused[1]).toMatchObject({
      actor: 'platform-admin:platform-admin',
      outcome: 'failure',
      before: null,
      after: { input: { id: 'x', expectedVersion: 1, input: { displayName: 'X' } } },
    });
  });

  it('shows in before what the change acted on: the tenant, its previous roles and mappings, its previous IdPs', async () => {
    const tenant = await createTenant('before-co', 'DEDICATED_POOL');
    const changed = await graphql<{ updateTenant: { tenant: { version: number } } }>(
      url,
      UPDATE_TENANT,
      { id: tenant.id, v: tenant.version, input: { displayName: 'After Co' } },
      platform,
    );
    expect(changed.errors).toBeUndefined();
    const [update] = await events(platform, { tenantId: tenant.id, action: 'updateTenant' });
    expect(update.before).toMatchObject({
      id: tenant.id,
      displayName: 'before-co before',
      version: tenant.version,
    });
    expect(update.after?.input?.input).toEqual({ displayName: 'After Co' });
    expect(update.after?.result).toMatchObject({ tenant: { displayName: 'After Co' } });

    const roles = [
      { name: 'admin', precedence: 10 },
      { name: 'member', precedence: 20 },
      { name: 'read-only', precedence: 30 },
      { name: 'auditor', precedence: 40 },
    ];
    expect((await graphql(url, SET_ROLES, { t: tenant.id, roles, v: 0 }, platform)).errors).toBeUndefined();
    const rules = [{ claim: 'groups', matchType: 'EQUALS', value: 'Auditors', role: 'auditor' }];
    expect(
      (await graphql(url, SET_MAPPINGS, { t: tenant.id, rules, v: 1 }, platform)).errors,
    ).toBeUndefined();
    const [setRoles] = await events(platform, { tenantId: tenant.id, action: 'setRoles' });
    expect((setRoles.before?.roles as { name: string }[]).map((r) => r.name)).toEqual([
      'admin',
      'member',
      'read-only',
    ]);
    expect(setRoles.before?.roleMappings).toEqual({ defaultRole: 'member', rules: [], version: 0 });
    const [setMappings] = await events(platform, { tenantId: tenant.id, action: 'setRoleMappings' });
    expect((setMappings.before?.roles as { name: string }[]).map((r) => r.name)).toContain('auditor');
    expect(setMappings.before?.roleMappings).toEqual({ defaultRole: 'member', rules: [], version: 1 });
    expect(setMappings.after?.input?.rules).toEqual(rules);

    const added = await graphql<{
      addSocialIdentityProvider: { identityProvider: { id: string; version: number } };
    }>(
      url,
      ADD_SOCIAL,
      {
        t: tenant.id,
        input: { type: 'GOOGLE', clientId: 'g.apps.googleusercontent.com', clientSecret: GOOGLE_SECRET },
      },
      platform,
    );
    expect(added.errors).toBeUndefined();
    const idp = added.data!.addSocialIdentityProvider.identityProvider;
    const updated = await graphql(
      url,
      UPDATE_IDP,
      { t: tenant.id, input: { id: idp.id, expectedVersion: idp.version, emailDomains: ['before.example'] } },
      platform,
    );
    expect(updated.errors).toBeUndefined();
    const [add] = await events(platform, { tenantId: tenant.id, action: 'addSocialIdentityProvider' });
    expect(add.before?.identityProviders).toEqual([]);
    expect(add.after?.input?.input).toMatchObject({ type: 'GOOGLE', clientSecret: '[redacted]' });
    const [update2] = await events(platform, { tenantId: tenant.id, action: 'updateIdentityProvider' });
    expect(update2.before?.identityProviders).toEqual([
      expect.objectContaining({
        id: idp.id,
        name: 'Google',
        emailDomains: [],
        hasSecret: true,
        version: idp.version,
      }),
    ]);
    const everything = JSON.stringify(await events(platform, { tenantId: tenant.id }, 100));
    expect(everything).not.toContain(GOOGLE_SECRET);
  });

  it('filters by actor, alone and with other filters', async () => {
    const tenant = await createTenant('actor-co');
    const admin = await auth.tokenFor({ role: 'tenant-admin', tenantId: tenant.id });
    const res = await graphql(
      url,
      UPDATE_TENANT,
      { id: tenant.id, v: tenant.version, input: { displayName: 'By Its Admin' } },
      admin,
    );
    expect(res.errors).toBeUndefined();

    const byAdmin = await events(platform, { actor: tenantAdmin(tenant.id) });
    expect(byAdmin.map((e) => [e.actor, e.action, e.tenantId, e.outcome])).toEqual([
      [tenantAdmin(tenant.id), 'updateTenant', tenant.id, 'success'],
    ]);
    const byPlatform = await events(platform, {
      actor: 'platform-admin:platform-admin',
      tenantId: tenant.id,
    });
    expect(byPlatform.map((e) => e.action)).toEqual(['createTenant']);
    expect(await events(platform, { actor: 'platform-admin:nobody' })).toEqual([]);
  });

  it('pages newest first with cursors, in a stable (occurredAt, id) order that later events do not shift', async () => {
    const tenantId = randomUUID();
    const insert = async (occurredAt: string): Promise<string> =>
      (
        await db.dataSource.query(
          `INSERT INTO audit_events (occurred_at, actor, source, action, tenant_id, outcome)
           VALUES ($1, 'platform-admin:pager', 'graphql', 'pagedAction', $2, 'success') RETURNING id`,
          [occurredAt, tenantId],
        )
      )[0].id as string;
    // Three events in the same millisecond: only the id orders them.
    const rows: { id: string; at: string }[] = [];
    for (const at of [
      '2020-01-01T00:00:01.000Z',
      '2020-01-01T00:00:02.000Z',
      '2020-01-01T00:00:02.000Z',
      '2020-01-01T00:00:02.000Z',
      '2020-01-01T00:00:03.000Z',
    ]) {
      rows.push({ id: await insert(at), at });
    }
    const expected = [...rows]
      .sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1))
      .map((r) => r.id);

    const first = await page(platform, { tenantId }, 2);
    expect(first.edges.map((e) => e.node.id)).toEqual(expected.slice(0, 2));
    expect(first.pageInfo).toEqual({ hasNextPage: true, endCursor: first.edges[1].cursor });

    const newest = await insert('2020-01-01T00:00:09.000Z');
    const second = await page(platform, { tenantId }, 2, first.pageInfo.endCursor!);
    expect(second.edges.map((e) => e.node.id)).toEqual(expected.slice(2, 4));
    expect(second.pageInfo.hasNextPage).toBe(true);
    const third = await page(platform, { tenantId }, 2, second.pageInfo.endCursor!);
    expect(third.edges.map((e) => e.node.id)).toEqual(expected.slice(4));
    expect(third.pageInfo.hasNextPage).toBe(false);

    expect((await page(platform, { tenantId }, 2)).edges[0].node.id).toBe(newest);
    const bad = await graphql(url, AUDIT, { filter: { tenantId }, after: 'garbage' }, platform);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it("records the guard's refusals (FORBIDDEN, NOT_FOUND), filed under the actor's own tenant; never anonymous calls", async () => {
    const mine = await createTenant('refusing-co');
    const theirs = await createTenant('targeted-co');
    const admin = await auth.tokenFor({ role: 'tenant-admin', tenantId: mine.id });
    const noRole = await auth.tokenFor({ role: 'none' });
    const input = { slug: 'not-allowed', displayName: 'No', isolationModel: 'SHARED_POOL' };

    const forbidden = await graphql(url, CREATE_TENANT, { input }, noRole);
    expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const hidden = await graphql(
      url,
      UPDATE_TENANT,
      { id: theirs.id, v: theirs.version, input: { displayName: 'Taken Over' } },
      admin,
    );
    expect(hidden.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const anonymous = await graphql(url, CREATE_TENANT, { input });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    expect(await events(platform, { actor: 'no-role:none' })).toEqual([
      expect.objectContaining({
        action: 'createTenant',
        tenantId: null,
        outcome: 'failure',
        errorCode: 'FORBIDDEN',
        before: null,
        after: { input: { input } },
      }),
    ]);
    const [probe] = await events(platform, { actor: tenantAdmin(mine.id) });
    expect(probe).toMatchObject({
      action: 'updateTenant',
      tenantId: mine.id,
      outcome: 'failure',
      errorCode: 'NOT_FOUND',
      before: null,
      after: { input: { id: theirs.id, input: { displayName: 'Taken Over' } } },
    });
    expect(probe.requestId).toMatch(/^[\w-]+$/);
    // Recorded once: the interceptor never saw the refused call.
    expect(await events(platform, { actor: tenantAdmin(mine.id) })).toHaveLength(1);
    // Their own admins see it; the admins of the tenant it named do not learn of it.
    expect((await events(admin)).map((e) => e.id)).toContain(probe.id);
    const theirAdmin = await auth.tokenFor({ role: 'tenant-admin', tenantId: theirs.id });
    expect((await events(theirAdmin)).map((e) => e.actor)).not.toContain(tenantAdmin(mine.id));
    expect(await events(platform, { actor: 'anonymous' })).toEqual([]);
    // The refused calls changed nothing.
    const rows = await db.dataSource.query(`SELECT display_name FROM tenants WHERE id = $1`, [theirs.id]);
    expect(rows[0].display_name).toBe('targeted-co before');
  });

  it('records a throttled actor once per rate window, not once per refused attempt', async () => {
    const tenant = await createTenant('throttled-co');
    const admin = await auth.tokenFor({ role: 'tenant-admin', tenantId: tenant.id });
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < RATE_LIMIT + 3; i++) {
      // A stale version: every call that gets past the guard fails with CONFLICT and changes nothing.
      const res = await graphql(
        url,
        UPDATE_TENANT,
        { id: tenant.id, v: tenant.version + 100, input: { displayName: `Try ${i}` } },
        admin,
      );
      codes.push(res.errors?.[0].extensions?.code);
    }
    expect(codes).toEqual([
      ...Array(RATE_LIMIT).fill('CONFLICT'),
      'RATE_LIMITED',
      'RATE_LIMITED',
      'RATE_LIMITED',
    ]);

    const recorded = await events(platform, { actor: tenantAdmin(tenant.id) }, 100);
    expect(recorded.filter((e) => e.errorCode === 'CONFLICT')).toHaveLength(RATE_LIMIT);
    const throttled = recorded.filter((e) => e.errorCode === 'RATE_LIMITED');
    expect(throttled).toEqual([
      expect.objectContaining({
        action: 'updateTenant',
        tenantId: tenant.id,
        outcome: 'failure',
        after: { input: expect.objectContaining({ id: tenant.id }) },
      }),
    ]);
    // The first throttled attempt is the one on record.
    expect(throttled[0].after?.input?.input).toEqual({ displayName: `Try ${RATE_LIMIT}` });
  });
});
