import { Queue, Worker } from 'bullmq';
import pino from 'pino';
import { Registry } from 'prom-client';
import {
  LIFECYCLE_TOPICS,
  LifecycleEvent,
  LifecycleEventRelay,
  redisOptionsFromUrl,
  retryFailedDeliveries,
  verifyWebhookSignature,
  WEBHOOK_DELIVERY_QUEUE,
  WEBHOOK_SIGNATURE_HEADER,
  WebhookDeliveryJobData,
} from '@idplane/messaging';
import { OutboxRepository, TypeOrmTenantStore } from '@idplane/persistence';
import {
  ANNOUNCED_TENANT_STATUSES,
  TENANT_STATUS_CHANGED_TOPIC,
  TENANT_STATUSES,
  TenantStatusChangedEvent,
} from '@idplane/tenancy';
import { WebhookDeliveryProcessor } from '../../apps/worker/src/webhook-delivery.processor';
import { eventually } from '../support/processes';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { deleteRedisPrefix, TEST_REDIS_URL, testQueuePrefix } from '../support/test-redis';
import { startWebhookReceiver, WebhookReceiver } from '../support/webhook-receiver';

const SECRET = 'billing-secret-0123456789abcdef0123456789';
const NEXT_SECRET = 'billing-next-secret-0123456789abcdef01234';

describe('lifecycle events out: outbox -> delivery queue -> signed webhook (real Postgres, Redis, BullMQ)', () => {
  let db: TestDatabase;
  let receiver: WebhookReceiver;
  let queue: Queue;
  let worker: Worker;
  let registry: Registry;
  const prefix = testQueuePrefix('lifecycle');
  const connection = redisOptionsFromUrl(TEST_REDIS_URL);

  const relay = (subscribers: string[]) =>
    new LifecycleEventRelay(
      new OutboxRepository(db.dataSource),
      queue,
      subscribers,
      { intervalMs: 50, batchSize: 10, maxAttempts: 3, backoffMs: 50 },
      (e) => {
        throw e;
      },
    );
  const newTenant = (slug: string) =>
    new TypeOrmTenantStore(db.dataSource).createWithReconcileIntent({
      slug,
      displayName: slug,
      isolationModel: 'SHARED_POOL',
    });
  const setStatus = (id: string, status: string) =>
    db.dataSource.query(`UPDATE tenants SET status = $2 WHERE id = $1`, [id, status]);
  const pending = async (topic = TENANT_STATUS_CHANGED_TOPIC) =>
    (await db.dataSource.query(
      `SELECT aggregate_id, payload FROM outbox_messages WHERE topic = $1 AND published_at IS NULL ORDER BY created_at`,
      [topic],
    )) as { aggregate_id: string; payload: TenantStatusChangedEvent }[];
  const deliveries = (outcome: string) =>
    registry
      .getSingleMetric('idplane_webhook_deliveries_total')!
      .get()
      .then((m) => m.values.find((v) => v.labels.outcome === outcome)?.value ?? 0);

  beforeAll(async () => {
    db = await createTestDatabase('lifecycle_webhooks');
    receiver = await startWebhookReceiver();
    queue = new Queue(WEBHOOK_DELIVERY_QUEUE, { connection, prefix });
    registry = new Registry();
    const processor = new WebhookDeliveryProcessor(
      {
        urls: { billing: receiver.url, gone: 'http://127.0.0.1:1/unreachable' },
        secrets: { billing: [SECRET, NEXT_SECRET], gone: [SECRET] },
        timeoutMs: 2_000,
      },
      registry,
      pino({ level: 'silent' }),
    );
    worker = new Worker<WebhookDeliveryJobData>(WEBHOOK_DELIVERY_QUEUE, (job) => processor.process(job), {
      connection,
      prefix,
    });
  });

  afterAll(async () => {
    await worker?.close();
    await queue?.close();
    await receiver?.close();
    await deleteRedisPrefix(prefix);
    await db?.drop();
  });

  it('writes a status event in the same transaction as each settled status change, and none for steps', async () => {
    const tenant = await newTenant('acme');
    await setStatus(tenant.id, 'PROVISIONING');
    expect(await pending()).toEqual([]);
    await setStatus(tenant.id, 'ACTIVE');
    await setStatus(tenant.id, 'ACTIVE');
    // A status change that rolls back leaves no event behind.
    await db.dataSource
      .transaction(async (em) => {
        await em.query(`UPDATE tenants SET status = 'FAILED' WHERE id = $1`, [tenant.id]);
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    expect(await pending()).toEqual([
      {
        aggregate_id: tenant.id,
        payload: {
          tenantId: tenant.id,
          slug: 'acme',
          from: 'PROVISIONING',
          to: 'ACTIVE',
          generation: 1,
          observedGeneration: 0,
        },
      },
    ]);
  });

  it('announces a move into exactly the statuses ANNOUNCED_TENANT_STATUSES names', async () => {
    const tenant = await newTenant('every-status');
    const announced: string[] = [];
    for (const status of TENANT_STATUSES) {
      await setStatus(tenant.id, status);
      const events = (await pending()).filter((e) => e.aggregate_id === tenant.id);
      if (events.length > announced.length) announced.push(events[events.length - 1].payload.to);
    }
    expect(announced).toEqual(TENANT_STATUSES.filter((s) => ANNOUNCED_TENANT_STATUSES.includes(s)));
    await db.dataSource.query(`DELETE FROM outbox_messages WHERE aggregate_id = $1`, [tenant.id]);
  });

  it('delivers each event to the subscriber once, signed with its secrets, with a stable event id', async () => {
    expect(await relay(['billing']).drain()).toBe(1);
    expect(await relay(['billing']).drain()).toBe(0);
    await eventually(async () => (receiver.received.length >= 1 ? true : undefined), 10_000, 'a delivery');
    const [delivery] = receiver.received;
    const signature = delivery.headers[WEBHOOK_SIGNATURE_HEADER] as string;
    const now = Math.floor(Date.now() / 1000);
    // Either secret checks it: the receiver may hold the old or the new one during a rotation.
    expect(verifyWebhookSignature(signature, delivery.body, [SECRET], now)).toBeNull();
    expect(verifyWebhookSignature(signature, delivery.body, [NEXT_SECRET], now)).toBeNull();
    expect(
      verifyWebhookSignature(signature, delivery.body, ['another-secret-0123456789abcdef012345'], now),
    ).toBe('mismatch');
    const event = JSON.parse(delivery.body.toString()) as LifecycleEvent;
    expect(event).toMatchObject({ type: 'tenant.status_changed', data: { slug: 'acme', to: 'ACTIVE' } });
    expect(delivery.headers['x-idplane-event-id']).toBe(event.id);
    expect(delivery.headers['content-type']).toBe('application/json');
    expect(await deliveries('delivered')).toBe(1);
  });

  it('retries a subscriber that is failing, and delivers the same event id once it answers', async () => {
    const tenant = await newTenant('retried');
    receiver.received.length = 0;
    receiver.answerWith(503, 429);
    await setStatus(tenant.id, 'SUSPENDED');
    await relay(['billing']).drain();
    await eventually(
      async () => (receiver.received.length >= 3 ? true : undefined),
      15_000,
      'three attempts',
    );
    const ids = receiver.received.map((r) => r.headers['x-idplane-event-id']);
    expect(new Set(ids).size).toBe(1);
    const job = (await queue.getJobs(['completed'])).find((j) => j.data.event.tenantId === tenant.id)!;
    expect(job.data.event.data).toMatchObject({ slug: 'retried', to: 'SUSPENDED' });
    expect(job.attemptsMade).toBe(3);
    expect(await deliveries('retry')).toBe(2);
  });

  it('gives up at once on an answer that retrying cannot change, and keeps retrying an unreachable one', async () => {
    const tenant = await newTenant('refused');
    receiver.received.length = 0;
    receiver.answerWith(400);
    await setStatus(tenant.id, 'DELETED');
    await relay(['billing', 'gone']).drain();
    await eventually(
      async () => ((await queue.getJobs(['failed'])).length >= 2 ? true : undefined),
      20_000,
      'both jobs failed',
    );
    const failed = await queue.getJobs(['failed']);
    const bySubscriber = Object.fromEntries(failed.map((j) => [j.data.subscriber, j.attemptsMade]));
    expect(bySubscriber).toEqual({ billing: 1, gone: 3 });
    expect(receiver.received).toHaveLength(1);
  });

  it("sends failed deliveries again on an operator's request, one source's or all", async () => {
    const refused = (await queue.getFailed()).find((j) => j.data.subscriber === 'billing')!;
    receiver.received.length = 0;
    expect(await retryFailedDeliveries(queue, 'billing')).toBe(1);
    await eventually(
      async () =>
        (await queue.getJob(refused.id!))?.finishedOn && receiver.received.length === 1 ? true : undefined,
      10_000,
      'the retried delivery',
    );
    expect(await (await queue.getJob(refused.id!))!.isCompleted()).toBe(true);
    expect(receiver.received[0].headers['x-idplane-event-id']).toBe(refused.data.event.id);
    // The unreachable one stays failed until its source is named, or all are retried.
    const [gone] = await queue.getFailed();
    expect(gone.data.subscriber).toBe('gone');
    const unreachableBefore = await deliveries('retry');
    expect(await retryFailedDeliveries(queue)).toBe(1);
    // A fresh set of three attempts, each counted as one to retry.
    await eventually(
      async () => ((await deliveries('retry')) === unreachableBefore + 3 ? true : undefined),
      10_000,
      'three more attempts',
    );
    await eventually(
      async () => ((await (await queue.getJob(gone.id!))!.isFailed()) ? true : undefined),
      10_000,
      'failed again',
    );
  });

  it('gives up on a job for a subscriber that is no longer configured', async () => {
    await queue.add(
      'tenant.status_changed',
      {
        subscriber: 'ghost',
        event: {
          id: 'e-ghost',
          type: 'tenant.status_changed',
          occurredAt: new Date().toISOString(),
          tenantId: 'x',
          data: {},
        },
      },
      { jobId: 'e-ghost-ghost', attempts: 3, backoff: { type: 'fixed', delay: 10 } },
    );
    await eventually(
      async () => ((await queue.getJob('e-ghost-ghost'))?.failedReason ? true : undefined),
      10_000,
      'the ghost job failed',
    );
    const job = (await queue.getJob('e-ghost-ghost'))!;
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toMatch(/no longer configured/);
  });

  it('keeps undelivered lifecycle events a week, and never prunes an unpublished reconcile intent', async () => {
    const tenant = await newTenant('quiet');
    await setStatus(tenant.id, 'ACTIVE');
    await db.dataSource.query(
      `INSERT INTO outbox_messages (topic, aggregate_id, payload, created_at)
       VALUES ('tenant.status_changed', $1, '{}', now() - interval '8 days'),
              ('tenant.reconcile', $1, '{}', now() - interval '8 days')`,
      [tenant.id],
    );
    const outbox = new OutboxRepository(db.dataSource);
    expect(await outbox.pruneUnpublished(LIFECYCLE_TOPICS, 7 * 24 * 3_600_000)).toBe(1);
    expect(await pending()).toEqual([
      expect.objectContaining({ payload: expect.objectContaining({ to: 'ACTIVE' }) }),
    ]);
    const intents = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM outbox_messages WHERE topic = 'tenant.reconcile' AND aggregate_id = $1`,
      [tenant.id],
    );
    expect(intents[0].n).toBe(2);
    // Published rows of any topic go after a week too.
    await db.dataSource.query(
      `INSERT INTO outbox_messages (topic, aggregate_id, payload, published_at)
       VALUES ('tenant.reconcile', $1, '{}', now() - interval '8 days'), ('tenant.reconcile', $1, '{}', now())`,
      [tenant.id],
    );
    expect(await outbox.prunePublished(7 * 24 * 3_600_000)).toBe(1);
  });
});
