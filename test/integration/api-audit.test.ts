import 'reflect-metadata';
import { CREATE_TENANT, graphql } from '../support/graphql-client';
import { OperatorAuth } from '../support/operator-auth';
import { startTestApi, TestApi } from '../support/test-api';

interface AuditView {
  id: string;
  actor: string;
  action: string;
  tenantId: string | null;
  outcome: string;
  errorCode: string | null;
  requestId: string | null;
  after: { input?: unknown } | null;
}

const AUDIT = `query($filter: AuditEventFilter) {
  auditEvents(first: 20, filter: $filter) { edges { node { id actor action tenantId outcome errorCode requestId after } } }
}`;

describe('audit log over HTTP', () => {
  let auth: OperatorAuth;
  let api: TestApi;
  let url: string;
  let platform: string;
  const events = async (token: string, filter?: Record<string, unknown>) =>
    (
      await graphql<{ auditEvents: { edges: { node: AuditView }[] } }>(url, AUDIT, { filter }, token)
    ).data!.auditEvents.edges.map((e) => e.node);

  beforeAll(async () => {
    api = await startTestApi('api_audit');
    ({ url, auth } = api);
    platform = await auth.tokenFor({ role: 'platform-admin' });
  });

  afterAll(() => api?.close());

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
});
