import 'reflect-metadata';
import { Client, createClient } from 'graphql-ws';
import IORedis from 'ioredis';
import WebSocket from 'ws';
import { publishTenantStatus } from '@idplane/messaging';
import { CREATE_TENANT, graphql } from '../support/graphql-client';
import { firstSubscriptionMessage } from '../support/graphql-ws-client';
import { OperatorAuth } from '../support/operator-auth';
import { startTestApi, TestApi } from '../support/test-api';
import { deleteRedisPrefix, TEST_REDIS_URL, testQueuePrefix } from '../support/test-redis';

const SUBSCRIBE = `subscription($t: ID!) { tenantStatusChanged(tenantId: $t) { tenantId status observedGeneration } }`;

interface Received {
  data?: { tenantStatusChanged: { tenantId: string; status: string } };
  errors?: { extensions?: { code?: string } }[];
}

describe('tenantStatusChanged over graphql-ws and Redis pub/sub', () => {
  let auth: OperatorAuth;
  let api: TestApi;
  let wsUrl: string;
  let redis: IORedis;
  const prefix = testQueuePrefix('subscriptions');
  const clients: Client[] = [];
  const ids: Record<'a' | 'b', string> = { a: '', b: '' };

  const client = (token?: string) => {
    const c = createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      retryAttempts: 0,
    });
    clients.push(c);
    return c;
  };

  /** Subscribes and collects what arrives; resolves once the server has accepted (or refused) the subscription. */
  const subscribe = (c: Client, tenantId: string) => {
    const received: Received[] = [];
    c.subscribe<Received['data']>(
      { query: SUBSCRIBE, variables: { t: tenantId } },
      {
        next: (value) => void received.push(value as Received),
        error: (error) =>
          void received.push({
            errors: error as { message?: string; extensions?: unknown }[] as Received['errors'],
          }),
        complete: () => undefined,
      },
    );
    return { received };
  };

  const until = async (check: () => boolean) => {
    const deadline = Date.now() + 10_000;
    while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    return check();
  };

  beforeAll(async () => {
    api = await startTestApi('api_subscriptions', { QUEUE_PREFIX: prefix });
    auth = api.auth;
    const url = api.url;
    wsUrl = `${url.replace('http', 'ws')}/graphql`;
    redis = new IORedis(TEST_REDIS_URL);
    const platform = await auth.tokenFor({ role: 'platform-admin' });
    for (const key of ['a', 'b'] as const) {
      const res = await graphql<{ createTenant: { tenant: { id: string } } }>(
        url,
        CREATE_TENANT,
        { input: { slug: `live-${key}`, displayName: key, isolationModel: 'SHARED_POOL' } },
        platform,
      );
      ids[key] = res.data!.createTenant.tenant.id;
    }
  });

  afterAll(async () => {
    for (const c of clients) await c.dispose();
    redis?.disconnect();
    await api?.close();
    await deleteRedisPrefix(prefix);
  });

  const publish = (tenantId: string, status: 'PROVISIONING' | 'ACTIVE') =>
    publishTenantStatus(redis, prefix, {
      tenantId,
      status,
      generation: 1,
      observedGeneration: status === 'ACTIVE' ? 1 : 0,
      conditions: [],
      at: new Date().toISOString(),
    });

  it("delivers the watched tenant's events to its admin, and only that tenant's", async () => {
    const watcher = subscribe(client(await auth.tokenFor({ role: 'tenant-admin', tenantId: ids.a })), ids.a);
    // Publish until the subscription is live; events published before that are not replayed.
    expect(
      await until(() => {
        void publish(ids.b, 'ACTIVE');
        void publish(ids.a, 'PROVISIONING');
        return watcher.received.length > 0;
      }),
    ).toBe(true);
    await publish(ids.a, 'ACTIVE');
    expect(
      await until(() => watcher.received.some((r) => r.data?.tenantStatusChanged.status === 'ACTIVE')),
    ).toBe(true);
    expect(watcher.received.every((r) => r.data?.tenantStatusChanged.tenantId === ids.a)).toBe(true);
  });

  it.each([
    ['the admin of another tenant', 'b', 'NOT_FOUND'],
    ['an anonymous client', null, 'UNAUTHENTICATED'],
  ])('refuses %s', async (_, who, code) => {
    const token = who ? await auth.tokenFor({ role: 'tenant-admin', tenantId: ids.b }) : undefined;
    const first = await firstSubscriptionMessage(wsUrl, token, SUBSCRIBE, { t: ids.a }, () =>
      publish(ids.a, 'ACTIVE'),
    );
    expect(first.data).toBeUndefined();
    expect(first.errors?.[0]?.extensions?.code).toBe(code);
  });
});
