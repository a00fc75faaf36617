import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { signWebhook } from '@idplane/messaging';
import { PostgresOnboardingEventLog } from '@idplane/persistence';
import { ONBOARDING_EVENT_RETENTION_MS } from '@idplane/tenancy';
import { AuditView } from '../support/audit-view';
import { graphql } from '../support/graphql-client';
import { postOnboardingEvent } from '../support/onboarding-webhook-client';
import { startTestApi, TestApi } from '../support/test-api';
import { deleteRedisPrefix, testQueuePrefix } from '../support/test-redis';

const BILLING = `billing-secret-${randomUUID()}`;
const BILLING_NEXT = `billing-next-secret-${randomUUID()}`;
const CRM = `crm-secret-${randomUUID()}`;
const ERP = `erp-secret-${randomUUID()}`;
const RATE_LIMIT = 40;

const TENANT = `query($slug: String!) {
  tenantBySlug(slug: $slug) { id displayName isolationModel mfa suspended status version generation }
}`;
const AUDIT = `query($filter: AuditEventFilter) {
  auditEvents(first: 50, filter: $filter) {
    edges { node { actor source action tenantId outcome errorCode requestId before after } }
  }
}`;

describe('onboarding webhooks over HTTP', () => {
  let api: TestApi;
  let platform: string;
  const prefix = testQueuePrefix('webhooks');
  // A day back, so that every event the tests date forward stays in the past and within the accepted 30 days.
  let clock = Date.now() - 24 * 3_600_000;
  /** Events in the order the sender had them happen. */
  const event = (type: string, tenant: Record<string, unknown>, occurredAt = new Date((clock += 1000))) => ({
    id: `evt_${randomUUID()}`,
    type,
    occurredAt: occurredAt.toISOString(),
    tenant,
  });
  const send = (e: unknown, options?: Parameters<typeof postOnboardingEvent>[4]) =>
    postOnboardingEvent(api.url, 'billing', BILLING, e, options);
  const tenant = async (slug: string) => {
    const res = await graphql<{ tenantBySlug: Record<string, unknown> }>(api.url, TENANT, { slug }, platform);
    return res.data?.tenantBySlug ?? null;
  };
  const audit = async (filter: Record<string, unknown>) => {
    const res = await graphql<{ auditEvents: { edges: { node: AuditView }[] } }>(
      api.url,
      AUDIT,
      { filter },
      platform,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.auditEvents.edges.map((e) => e.node);
  };
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await api.db.dataSource.query(sql, params))[0].count);

  beforeAll(async () => {
    api = await startTestApi('api_webhooks', {
      QUEUE_PREFIX: prefix,
      MUTATION_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
      WEBHOOK_SECRETS: `billing:${BILLING},crm:${CRM},billing:${BILLING_NEXT},erp:${ERP}`,
    });
    platform = await api.auth.tokenFor({ role: 'platform-admin' });
  });

  afterAll(async () => {
    await api?.close();
    await deleteRedisPrefix(prefix);
  });

  it('provisions a tenant with its reconcile intent and audits it as the webhook source', async () => {
    const created = event('tenant.provision', {
      slug: 'acme',
      displayName: 'Acme Corp',
      isolationModel: 'DEDICATED_POOL',
      region: 'eu-west-1',
      mfa: 'OPTIONAL',
    });
    const res = await send(created, { headers: { 'x-request-id': 'billing-req-1' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.body).toMatchObject({ eventId: created.id, outcome: 'created', duplicate: false });
    const acme = await tenant('acme');
    expect(acme).toMatchObject({
      id: res.body.tenantId,
      displayName: 'Acme Corp',
      isolationModel: 'DEDICATED_POOL',
      mfa: 'OPTIONAL',
      status: 'PENDING',
    });
    // Accepted means the worker will reconcile it: the outbox holds the intent, written with the tenant.
    expect(
      await count(
        `SELECT count(*) FROM outbox_messages WHERE topic = 'tenant.reconcile' AND aggregate_id = $1`,
        [acme!.id],
      ),
    ).toBe(1);
    const [entry] = await audit({ tenantId: acme!.id });
    expect(entry).toMatchObject({
      actor: 'webhook:billing',
      source: 'webhook',
      action: 'tenant.provision',
      outcome: 'success',
      requestId: 'billing-req-1',
      before: null,
    });
    expect(entry.after?.input).toMatchObject({ id: created.id, type: 'tenant.provision' });
    expect(entry.after?.result).toEqual({
      outcome: 'created',
      tenantId: acme!.id,
      operation: 'createTenant',
    });
  });

  it('answers a redelivery with the first answer, and changes and audits nothing', async () => {
    const first = event('tenant.provision', {
      slug: 'redelivered',
      displayName: 'R',
      isolationModel: 'SHARED_POOL',
    });
    const a = await send(first);
    const auditRows = await count(`SELECT count(*) FROM audit_events`);
    const b = await send(first);
    expect(b.status).toBe(200);
    expect(b.body).toMatchObject({ outcome: 'created', duplicate: true, tenantId: a.body.tenantId });
    expect(await count(`SELECT count(*) FROM tenants WHERE slug = 'redelivered'`)).toBe(1);
    expect(await count(`SELECT count(*) FROM audit_events`)).toBe(auditRows);
  });

  it('delivers the same event at once only once (concurrent redeliveries wait for each other)', async () => {
    const e = event('tenant.provision', {
      slug: 'racing',
      displayName: 'Racing',
      isolationModel: 'SHARED_POOL',
    });
    const answers = await Promise.all([send(e), send(e), send(e)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(answers.filter((r) => r.body.duplicate === false)).toHaveLength(1);
    expect(new Set(answers.map((r) => r.body.tenantId)).size).toBe(1);
    expect(
      await count(`SELECT count(*) FROM audit_events WHERE action = 'tenant.provision' AND tenant_id = $1`, [
        answers[0].body.tenantId,
      ]),
    ).toBe(1);
  });

  it('refuses an event id sent again with another body, and changes nothing', async () => {
    const first = event('tenant.provision', {
      slug: 'reused',
      displayName: 'Reused',
      isolationModel: 'SHARED_POOL',
    });
    expect((await send(first)).body.outcome).toBe('created');
    const res = await send({ ...first, type: 'tenant.suspend', tenant: { slug: 'reused' } });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'CONFLICT', field: 'id' });
    expect((await tenant('reused'))!.suspended).toBe(false);
  });

  it('answers a burst of events for many tenants without starving the API of connections', async () => {
    const burst = Array.from({ length: 24 }, (_, i) =>
      postOnboardingEvent(
        api.url,
        'erp',
        ERP,
        event('tenant.provision', {
          slug: `burst-${i}`,
          displayName: `Burst ${i}`,
          isolationModel: 'SHARED_POOL',
        }),
      ),
    );
    const query = graphql<{ tenants: { edges: unknown[] } }>(
      api.url,
      '{ tenants(first: 5) { edges { node { id } } } }',
      {},
      platform,
    );
    const answers = await Promise.all(burst);
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 200));
    expect((await query).errors).toBeUndefined();
    expect(await count(`SELECT count(*) FROM tenants WHERE slug LIKE 'burst-%'`)).toBe(24);
  });

  it('converges an existing tenant: unchanged settings write nothing, changed ones update it', async () => {
    const before = (await tenant('acme'))!;
    // As stored, the display name is trimmed: resending it with spaces is no change either.
    const same = await send(
      event('tenant.provision', {
        slug: 'acme',
        displayName: ' Acme Corp ',
        isolationModel: 'DEDICATED_POOL',
      }),
    );
    expect(same.body).toMatchObject({ outcome: 'unchanged', tenantId: before.id });
    expect((await tenant('acme'))!.version).toBe(before.version);

    const renamed = await send(event('tenant.update', { slug: 'acme', displayName: 'Acme Inc', mfa: 'ON' }));
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ outcome: 'updated' });
    const after = (await tenant('acme'))!;
    expect(after).toMatchObject({
      displayName: 'Acme Inc',
      mfa: 'ON',
      version: (before.version as number) + 1,
    });
    expect(after.generation).toBe((before.generation as number) + 1);
    const [entry] = await audit({ tenantId: before.id, action: 'tenant.update' });
    expect(entry).toMatchObject({ actor: 'webhook:billing', source: 'webhook', outcome: 'success' });
    expect(entry.before).toMatchObject({ displayName: 'Acme Corp', mfa: 'OPTIONAL' });
  });

  it('suspends and resumes idempotently, and skips an event older than one applied', async () => {
    const suspend = event('tenant.suspend', { slug: 'acme' });
    expect((await send(suspend)).body).toMatchObject({ outcome: 'suspended' });
    expect((await tenant('acme'))!.suspended).toBe(true);
    expect((await send(event('tenant.suspend', { slug: 'acme' }))).body).toMatchObject({
      outcome: 'unchanged',
    });

    const resumedAt = new Date((clock += 60_000));
    expect((await send(event('tenant.resume', { slug: 'acme' }, resumedAt))).body).toMatchObject({
      outcome: 'resumed',
    });
    // A sender's retry of a suspension that happened before the resumption arrives late, under a new event id.
    const late = event('tenant.suspend', { slug: 'acme' }, new Date(resumedAt.getTime() - 30_000));
    const answer = await send(late);
    expect(answer.body).toMatchObject({
      outcome: 'superseded',
      duplicate: false,
      tenantId: (await tenant('acme'))!.id,
    });
    expect((await tenant('acme'))!.suspended).toBe(false);
  });

  it('refuses a missing, malformed, expired or foreign signature, and an unknown source, writing nothing', async () => {
    const e = event('tenant.provision', { slug: 'forged', displayName: 'F', isolationModel: 'SHARED_POOL' });
    const auditRows = await count(`SELECT count(*) FROM audit_events`);
    const now = Math.floor(Date.now() / 1000);
    const answers = [
      await send(e, { signature: null }),
      await send(e, { signature: 'v1=abc' }),
      await send(e, { timestamp: now - 600 }),
      await postOnboardingEvent(api.url, 'billing', CRM, e),
      await postOnboardingEvent(api.url, 'stripe', BILLING, e),
      // Signed over other bytes than those sent.
      await send(e, {
        rawBody: JSON.stringify({ ...e, id: 'evt_other' }),
        signature: signWebhook(BILLING, now, JSON.stringify(e)),
      }),
    ];
    for (const res of answers) {
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    expect(answers[3].body).toEqual(answers[4].body);
    expect(await tenant('forged')).toBeNull();
    expect(await count(`SELECT count(*) FROM onboarding_events WHERE tenant_slug = 'forged'`)).toBe(0);
    expect(await count(`SELECT count(*) FROM audit_events`)).toBe(auditRows);
  });

  it('accepts either secret of a source during a rotation', async () => {
    const e = event('tenant.provision', {
      slug: 'rotated',
      displayName: 'Rotated',
      isolationModel: 'SHARED_POOL',
    });
    const res = await postOnboardingEvent(api.url, 'billing', BILLING_NEXT, e);
    expect(res.status).toBe(200);
    expect(res.body.outcome).toBe('created');
  });

  it('answers bad input with 4xx JSON naming the field, audits it, and writes no tenant', async () => {
    const cases: [unknown, number, string, string][] = [
      [
        event('tenant.provision', { slug: 'acme', displayName: 'Acme Inc', isolationModel: 'SHARED_POOL' }),
        400,
        'BAD_USER_INPUT',
        'tenant.isolationModel',
      ],
      [event('tenant.update', { slug: 'nobody-here', displayName: 'N' }), 404, 'NOT_FOUND', 'tenant.slug'],
      [
        event('tenant.update', { slug: 'acme', callbackUrls: ['https://evil.example/cb'] }),
        400,
        'BAD_USER_INPUT',
        'tenant.callbackUrls',
      ],
      [event('tenant.update', { slug: 'acme', mfa: 'SOMETIMES' }), 400, 'BAD_USER_INPUT', 'tenant.mfa'],
      // Only the display name is trimmed: " ON " is not a value of mfa, even though acme's is ON.
      [event('tenant.update', { slug: 'acme', mfa: ' ON ' }), 400, 'BAD_USER_INPUT', 'tenant.mfa'],
      [event('tenant.delete', { slug: 'acme' }), 400, 'BAD_USER_INPUT', 'type'],
      [
        event('tenant.provision', { slug: 'Bad Slug', displayName: 'B', isolationModel: 'SHARED_POOL' }),
        400,
        'BAD_USER_INPUT',
        'tenant.slug',
      ],
      [
        event('tenant.provision', { slug: 'nul', displayName: 'a\u0000b', isolationModel: 'SHARED_POOL' }),
        400,
        'BAD_USER_INPUT',
        'body.tenant.displayName',
      ],
      [
        {
          ...event('tenant.suspend', { slug: 'acme' }),
          occurredAt: new Date(Date.now() + 3_600_000).toISOString(),
        },
        400,
        'BAD_USER_INPUT',
        'occurredAt',
      ],
      [[1, 2, 3], 400, 'BAD_USER_INPUT', 'body'],
    ];
    for (const [body, status, code, field] of cases) {
      const res = await send(body);
      expect({ status: res.status, code: res.body.error?.code, field: res.body.error?.field }).toEqual({
        status,
        code,
        field,
      });
    }
    const notJson = await send(null, { rawBody: '{"id": "evt_1", ' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
    expect((await tenant('acme'))!).toMatchObject({
      isolationModel: 'DEDICATED_POOL',
      displayName: 'Acme Inc',
    });
    expect(await tenant('nul')).toBeNull();
    const acme = (await tenant('acme'))!;
    const refusedForAcme = await audit({ tenantId: acme.id, action: 'tenant.provision' });
    expect(refusedForAcme[0]).toMatchObject({
      outcome: 'failure',
      errorCode: 'BAD_USER_INPUT',
      actor: 'webhook:billing',
    });
    const failures = await audit({ actor: 'webhook:billing' });
    expect(failures.filter((f) => f.outcome === 'failure').map((f) => f.errorCode)).toEqual(
      expect.arrayContaining(['BAD_USER_INPUT', 'NOT_FOUND']),
    );
  });

  it('limits each source to its own mutation budget, shared with nothing else', async () => {
    const answers = [];
    for (let i = 0; i <= RATE_LIMIT; i++) {
      answers.push(
        await postOnboardingEvent(
          api.url,
          'crm',
          CRM,
          event('tenant.update', { slug: 'rotated', displayName: `R${i}` }),
        ),
      );
    }
    expect(answers.slice(0, RATE_LIMIT).every((r) => r.status === 200)).toBe(true);
    const limited = answers[RATE_LIMIT];
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({ code: 'RATE_LIMITED' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // billing's budget is its own.
    expect((await send(event('tenant.update', { slug: 'rotated', displayName: 'R' }))).status).toBe(200);
  });

  it("shows a tenant's admin the webhook changes of their tenant only, filterable by source", async () => {
    const acme = (await tenant('acme'))!;
    const admin = await api.auth.tokenFor({ role: 'tenant-admin', tenantId: acme.id as string });
    const res = await graphql<{ auditEvents: { edges: { node: AuditView }[] } }>(
      api.url,
      AUDIT,
      { filter: { source: 'WEBHOOK' } },
      admin,
    );
    expect(res.errors).toBeUndefined();
    const nodes = res.data!.auditEvents.edges.map((e) => e.node);
    expect(nodes.map((n) => n.action)).toEqual(
      expect.arrayContaining(['tenant.provision', 'tenant.update', 'tenant.suspend', 'tenant.resume']),
    );
    expect(nodes.every((n) => n.tenantId === acme.id && n.source === 'webhook')).toBe(true);
    const graphqlOnly = await audit({ source: 'GRAPHQL' });
    expect(graphqlOnly.every((n) => n.source === 'graphql')).toBe(true);
  });

  it('takes the path in any case, and counts deliveries by outcome in /metrics', async () => {
    const e = event('tenant.suspend', { slug: 'rotated' });
    const body = JSON.stringify(e);
    const res = await fetch(`${api.url}/WEBHOOKS/onboarding/billing`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-idplane-signature': signWebhook(BILLING, Math.floor(Date.now() / 1000), body),
      },
      body,
    });
    expect(res.status).toBe(200);
    const metrics = await (await fetch(`${api.url}/metrics`)).text();
    expect(metrics).toMatch(/idplane_onboarding_webhooks_total\{outcome="created"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/idplane_onboarding_webhooks_total\{outcome="unauthenticated"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/idplane_onboarding_webhooks_total\{outcome="duplicate"[^}]*\} [1-9]/);
  });

  it('answers 500 without detail when it fails after the change, and the retry converges without losing it', async () => {
    // Recording the event fails after the tenant change committed: a crash at the worst moment.
    await api.db.dataSource.query(
      `ALTER TABLE onboarding_events ADD CONSTRAINT test_flaky CHECK (tenant_slug <> 'flaky')`,
    );
    const e = event('tenant.provision', {
      slug: 'flaky',
      displayName: 'Flaky',
      isolationModel: 'SHARED_POOL',
    });
    try {
      const failed = await send(e);
      expect(failed.status).toBe(500);
      expect(failed.body).toEqual({
        error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' },
      });
    } finally {
      await api.db.dataSource.query(`ALTER TABLE onboarding_events DROP CONSTRAINT test_flaky`);
    }
    const retried = await send(e);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ outcome: 'unchanged', duplicate: false });
    expect(await count(`SELECT count(*) FROM tenants WHERE slug = 'flaky'`)).toBe(1);
    // Both attempts are in the audit log: the one that made the change, and the retry that found it made.
    const entries = await audit({ tenantId: retried.body.tenantId, action: 'tenant.provision' });
    expect(entries.map((a) => (a.after?.result as { outcome: string }).outcome)).toEqual([
      'unchanged',
      'created',
    ]);
  });

  it('answers 500 when the audit record cannot be written, and audits the change on the retry', async () => {
    await api.db.dataSource.query(
      `ALTER TABLE audit_events ADD CONSTRAINT test_unaudited CHECK (after->'input'->'tenant'->>'slug' IS DISTINCT FROM 'unaudited')`,
    );
    const e = event('tenant.provision', {
      slug: 'unaudited',
      displayName: 'U',
      isolationModel: 'SHARED_POOL',
    });
    try {
      expect((await send(e)).status).toBe(500);
    } finally {
      await api.db.dataSource.query(`ALTER TABLE audit_events DROP CONSTRAINT test_unaudited`);
    }
    const retried = await send(e);
    expect(retried.body).toMatchObject({ outcome: 'unchanged', duplicate: false });
    const entries = await audit({ tenantId: retried.body.tenantId });
    expect(entries.map((a) => (a.after?.result as { outcome: string }).outcome)).toEqual(['unchanged']);
  });

  it('applies one of two concurrent events that share an id but name different tenants', async () => {
    const id = `evt_${randomUUID()}`;
    const [a, b] = await Promise.all([
      send({
        ...event('tenant.provision', { slug: 'twin-a', displayName: 'A', isolationModel: 'SHARED_POOL' }),
        id,
      }),
      send({
        ...event('tenant.provision', { slug: 'twin-b', displayName: 'B', isolationModel: 'SHARED_POOL' }),
        id,
      }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(await count(`SELECT count(*) FROM tenants WHERE slug IN ('twin-a', 'twin-b')`)).toBe(1);
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await send(null, { rawBody: JSON.stringify({ pad: 'x'.repeat(300 * 1024) }) });
    expect(res.status).toBe(413);
  });

  it('keeps applied events while a redelivery could still be accepted, and no longer', async () => {
    await api.db.dataSource.query(
      `INSERT INTO onboarding_events (source, event_id, event_type, tenant_slug, occurred_at, outcome, body_sha256,
                                      created_at)
       VALUES ('billing', 'evt_ancient', 'tenant.suspend', 'acme', now() - interval '40 days', 'unchanged', 'x',
               now() - interval '40 days')`,
    );
    const kept = await count(`SELECT count(*) FROM onboarding_events`);
    expect(await new PostgresOnboardingEventLog(api.db.dataSource).prune(ONBOARDING_EVENT_RETENTION_MS)).toBe(
      1,
    );
    expect(await count(`SELECT count(*) FROM onboarding_events`)).toBe(kept - 1);
    // Its redelivery is refused as too old rather than applied again.
    const res = await send({
      ...event('tenant.suspend', { slug: 'acme' }),
      occurredAt: new Date(Date.now() - 40 * 86_400_000).toISOString(),
    });
    expect(res.body.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'occurredAt' });
  });

  it('does not exist when no source is configured', async () => {
    // process.env still holds the first app's WEBHOOK_SECRETS: this app is started without them.
    const off = await startTestApi('api_webhooks_off', { QUEUE_PREFIX: prefix, WEBHOOK_SECRETS: '' });
    try {
      const res = await postOnboardingEvent(
        off.url,
        'billing',
        BILLING,
        event('tenant.suspend', { slug: 'acme' }),
      );
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      await off.close();
    }
  });
});
