import { Queue } from 'bullmq';
import { OutboxRelay, RECONCILE_QUEUE, redisOptionsFromUrl } from '@idplane/messaging';
import { OutboxRepository, TypeOrmTenantStore } from '@idplane/persistence';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { deleteRedisPrefix, TEST_REDIS_URL, testQueuePrefix } from '../support/test-redis';

describe('OutboxRelay (real Postgres, real Redis and BullMQ)', () => {
  let db: TestDatabase;
  let queue: Queue;
  const prefix = testQueuePrefix('relay');

  beforeAll(async () => {
    db = await createTestDatabase('outbox_relay');
    queue = new Queue(RECONCILE_QUEUE, {
      connection: redisOptionsFromUrl(TEST_REDIS_URL),
      prefix,
    });
  });
  afterAll(async () => {
    await queue.close();
    await deleteRedisPrefix(prefix);
    await db.drop();
  });

  const relay = () =>
    new OutboxRelay(
      new OutboxRepository(db.dataSource),
      queue,
      { intervalMs: 50, batchSize: 2, maxAttempts: 3 },
      (e) => {
        throw e;
      },
    );

  it('moves every committed intent into the queue once, with a deterministic job id', async () => {
    const store = new TypeOrmTenantStore(db.dataSource);
    const tenants = [];
    for (const slug of ['one', 'two', 'three']) {
      tenants.push(
        await store.createWithReconcileIntent({ slug, displayName: slug, isolationModel: 'SHARED_POOL' }),
      );
    }
    expect(await relay().drain()).toBe(3);
    expect(await relay().drain()).toBe(0);

    const jobs = await queue.getJobs(['waiting']);
    expect(jobs.map((j) => j.id).sort()).toEqual(tenants.map((t) => `tenant-${t.id}-g1-create`).sort());
    expect(jobs[0].opts.attempts).toBe(3);
    const unpublished = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM outbox_messages WHERE published_at IS NULL`,
    );
    expect(unpublished[0].n).toBe(0);
  });

  it('publishes a duplicate intent only once (at-least-once relay, exactly-one job)', async () => {
    const [{ aggregate_id, payload }] = await db.dataSource.query(
      `SELECT aggregate_id, payload FROM outbox_messages LIMIT 1`,
    );
    // As if a relay crashed after adding to the queue but before marking the row published.
    await db.dataSource.query(
      `INSERT INTO outbox_messages (topic, aggregate_id, payload) VALUES ($1, $2, $3)`,
      ['tenant.reconcile', aggregate_id, payload],
    );
    expect(await relay().drain()).toBe(1);
    expect(await queue.getJobCountByTypes('waiting')).toBe(3);
  });

  it('delays a spec change by the debounce, so a burst of changes to one tenant becomes one run', async () => {
    const store = new TypeOrmTenantStore(db.dataSource);
    const debounced = new OutboxRelay(
      new OutboxRepository(db.dataSource),
      queue,
      { intervalMs: 50, batchSize: 10, maxAttempts: 3, debounceMs: 60_000 },
      (e) => {
        throw e;
      },
    );
    const burst = await store.createWithReconcileIntent({
      slug: 'burst',
      displayName: 'burst',
      isolationModel: 'SHARED_POOL',
    });
    await store.changeDesiredState({
      tenantId: burst.id,
      expectedVersion: burst.version,
      settings: { displayName: 'Burst, renamed' },
      allowedFrom: ['PENDING'],
      trigger: 'update',
    });
    const forced = await store.createWithReconcileIntent({
      slug: 'forced',
      displayName: 'forced',
      isolationModel: 'SHARED_POOL',
    });
    await db.dataSource.query(`DELETE FROM outbox_messages WHERE aggregate_id = $1`, [forced.id]);
    await store.addReconcileIntent(forced.id, 'manual');
    expect(await debounced.drain()).toBe(3);

    const delayed = (await queue.getJobs(['delayed'])).filter((j) => j.data.tenantId === burst.id);
    expect(delayed.map((j) => j.data.trigger)).toEqual(['create']);
    expect(delayed[0].opts.delay).toBe(60_000);
    // The update joined the pending run (it reads the latest spec when it starts): no second job.
    const all = await queue.getJobs(['waiting', 'delayed', 'active']);
    expect(all.filter((j) => j.data.tenantId === burst.id)).toHaveLength(1);
    // A forced reconcile is not delayed.
    const waiting = (await queue.getJobs(['waiting'])).filter((j) => j.data.tenantId === forced.id);
    expect(waiting.map((j) => j.data.trigger)).toEqual(['manual']);
    await queue.remove(delayed[0].id!);
    await queue.remove(waiting[0].id!);
  });

  it('runs as a loop until stopped', async () => {
    const store = new TypeOrmTenantStore(db.dataSource);
    const loop = relay();
    loop.start();
    await store.createWithReconcileIntent({
      slug: 'looped',
      displayName: 'looped',
      isolationModel: 'SHARED_POOL',
    });
    const deadline = Date.now() + 10_000;
    while ((await queue.getJobCountByTypes('waiting')) < 4 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    await loop.stop();
    expect(await queue.getJobCountByTypes('waiting')).toBe(4);
  });
});
