import {
  CognitoIdentityProviderClient,
  ListUserPoolsCommand,
  UpdateGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { Job, Queue, QueueEvents, Worker } from 'bullmq';
import pino from 'pino';
import { Registry } from 'prom-client';
import { CognitoClients } from '@idplane/cognito';
import { startCognitoEmulator } from '@idplane/cognito-emulator';
import {
  OutboxRelay,
  PLAN_QUEUE,
  PlanJobData,
  PlanPreviewClient,
  PlanPreviewTimeoutError,
  RECONCILE_QUEUE,
  ReconcileJobData,
  redisOptionsFromUrl,
  runDriftSweep,
} from '@idplane/messaging';
import {
  AdvisoryLocks,
  OutboxRepository,
  postgresReconcileSources,
  TypeOrmReconcileRunStore,
  TypeOrmTenantStore,
} from '@idplane/persistence';
import { developmentSecretKeyring, SecretCipher } from '@idplane/secrets';
import { PlanPreview, ReconcileReport, TenantReconciler } from '@idplane/reconciler';
import { TenantService } from '@idplane/tenancy';
import { ReconcileJobProcessor } from '../../apps/worker/src/reconcile-job.processor';
import { WorkerMetrics } from '../../apps/worker/src/worker-metrics';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { deleteRedisPrefix, TEST_REDIS_URL, testQueuePrefix } from '../support/test-redis';

describe('reconcile jobs through BullMQ (real Redis, Postgres, SDK and emulator)', () => {
  const prefix = testQueuePrefix('reconcile_queue');
  const connection = redisOptionsFromUrl(TEST_REDIS_URL);
  let db: TestDatabase;
  let emulator: { url: string; close(): Promise<void> };
  let store: TypeOrmTenantStore;
  let runs: TypeOrmReconcileRunStore;
  let service: TenantService;
  let queue: Queue<ReconcileJobData>;
  let events: QueueEvents;
  let relay: OutboxRelay;
  const closers: (() => Promise<void> | void)[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('reconcile_queue');
    emulator = await startCognitoEmulator({ port: 0 });
    store = new TypeOrmTenantStore(db.dataSource);
    runs = new TypeOrmReconcileRunStore(db.dataSource);
    service = new TenantService(store);
    queue = new Queue(RECONCILE_QUEUE, { connection, prefix });
    events = new QueueEvents(RECONCILE_QUEUE, { connection, prefix });
    await events.waitUntilReady();
    relay = new OutboxRelay(
      new OutboxRepository(db.dataSource),
      queue,
      { intervalMs: 50, batchSize: 50, maxAttempts: 5 },
      (e) => {
        throw e;
      },
    );
  });

  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    await events?.close();
    await queue?.close();
    await emulator?.close();
    await deleteRedisPrefix(prefix);
    await db?.drop();
  });

  function newReconciler(hooks: ConstructorParameters<typeof TenantReconciler>[5] = {}) {
    const clients = new CognitoClients({ endpoint: emulator.url });
    closers.push(() => clients.destroy());
    return new TenantReconciler(
      store,
      postgresReconcileSources(db.dataSource, new SecretCipher(developmentSecretKeyring())),
      clients,
      new AdvisoryLocks(db.dataSource),
      { environment: 'q', region: 'us-east-1' },
      { runs, ...hooks },
    );
  }

  /** A reconcile worker as apps/worker runs it: the same processor, a real BullMQ Worker. */
  function startWorker(reconciler: TenantReconciler, concurrency = 2) {
    const processor = new ReconcileJobProcessor(
      reconciler,
      queue,
      new WorkerMetrics(new Registry()),
      pino({ level: 'silent' }),
      5,
    );
    const worker = new Worker<ReconcileJobData, ReconcileReport>(
      RECONCILE_QUEUE,
      (job, token) => processor.process(job, token),
      { connection, prefix, concurrency },
    );
    worker.on('failed', (job, error) => void processor.onFailed(job, error));
    closers.push(() => worker.close());
    return worker;
  }

  const pending = async () => {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return counts.waiting + counts.active + counts.delayed + counts.prioritized;
  };

  async function until<T>(read: () => Promise<T | undefined>, what: string): Promise<T> {
    for (let i = 0; i < 600; i++) {
      const value = await read();
      if (value !== undefined) return value;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`gave up waiting for ${what}`);
  }

  it('coalesces repeated requests for one tenant into one pending job', async () => {
    let tenant = await service.createTenant({
      slug: 'busy',
      displayName: 'Busy',
      isolationModel: 'SHARED_POOL',
    });
    tenant = await service.updateTenantSpec(tenant.id, { displayName: 'Busy 2' }, tenant.version);
    tenant = await service.updateTenantSpec(
      tenant.id,
      { logoutUrls: ['https://busy.example/bye'] },
      tenant.version,
    );
    await service.requestReconcile(tenant.id);
    await service.requestReconcile(tenant.id);
    expect(await relay.drain()).toBe(5);
    const jobs = await queue.getJobs(['waiting']);
    expect(jobs.filter((j) => j.data.tenantId === tenant.id)).toHaveLength(1);
  });

  it('runs the coalesced job, then a newer generation during a run triggers exactly one follow-up', async () => {
    const tenant = (await store.findBySlug('busy'))!;
    let bumped = false;
    // A person saves a change while the run is talking to Cognito.
    const reconciler = newReconciler({
      onCall: () => {
        if (bumped) return;
        bumped = true;
        void (async () => {
          const current = (await store.findById(tenant.id))!;
          await service.updateTenantSpec(tenant.id, { displayName: 'Busy 3' }, current.version);
          await relay.drain();
        })();
      },
    });
    startWorker(reconciler);
    const settled = await until(async () => {
      const t = (await store.findById(tenant.id))!;
      return t.generation === 4 && t.observedGeneration === 4 && (await pending()) === 0 ? t : undefined;
    }, 'the follow-up run');
    expect(settled.status).toBe('ACTIVE');
    const { runs: recorded } = await runs.listForTenant(tenant.id, { first: 20 });
    expect(recorded.map((r) => r.generation)).toEqual([4, 3]);
    expect(recorded[0].trigger).toMatch(/^(follow-up|update)$/);
    expect(recorded[0].mutatingCalls).toBe(0);
  });

  it('lets two workers race on one tenant without duplicates', async () => {
    const tenant = await service.createTenant({
      slug: 'contested',
      displayName: 'C',
      isolationModel: 'DEDICATED_POOL',
    });
    startWorker(newReconciler());
    // Deduplication keeps one job per tenant; these jobs skip it to force two workers onto one tenant at once.
    await queue.addBulk(
      [1, 2, 3, 4].map((n) => ({
        name: 'tenant.reconcile',
        data: { tenantId: tenant.id, generation: 1, trigger: 'manual' as const },
        opts: { jobId: `race-${n}`, attempts: 5 },
      })),
    );
    await until(async () => ((await pending()) === 0 ? true : undefined), 'the racing jobs');
    const sdk = new CognitoIdentityProviderClient({
      region: 'us-east-1',
      endpoint: emulator.url,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    closers.push(() => sdk.destroy());
    const pools = ((await sdk.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools ?? []).filter(
      (p) => p.Name === 'idplane-q-contested',
    );
    expect(pools).toHaveLength(1);
    const { runs: recorded } = await runs.listForTenant(tenant.id, { first: 20 });
    expect(recorded).toHaveLength(4);
    expect(recorded.reduce((n, r) => n + (r.calls.CreateUserPool ?? 0), 0)).toBe(1);
    expect(recorded.filter((r) => r.mutatingCalls > 0)).toHaveLength(1);
    expect((await store.findById(tenant.id))!.status).toBe('ACTIVE');
  });

  it('answers plan previews through the plan queue without applying them', async () => {
    const reconciler = newReconciler();
    const planWorker = new Worker<PlanJobData, PlanPreview>(
      PLAN_QUEUE,
      (job: Job<PlanJobData>) => reconciler.preview(job.data.tenantId),
      {
        connection,
        prefix,
      },
    );
    closers.push(() => planWorker.close());
    const client = new PlanPreviewClient(TEST_REDIS_URL, prefix);
    closers.push(() => client.close());

    const fresh = await service.createTenant({
      slug: 'previewed',
      displayName: 'P',
      isolationModel: 'DEDICATED_POOL',
    });
    const preview = await client.previewPlan(fresh.id, 30_000);
    expect(preview).toMatchObject({ tenantId: fresh.id, generation: 1, drift: false });
    expect(preview.plan.map((s) => `${s.action} ${s.resource}`)).toEqual([
      'create UserPool',
      'create Domain',
      'create AppClient',
      'create Group',
      'create Group',
      'create Group',
    ]);
    expect(Object.keys(preview.calls).every((op) => /^(Describe|List|Get)/.test(op))).toBe(true);

    const synced = (await store.findBySlug('contested'))!;
    expect((await client.previewPlan(synced.id, 30_000)).plan).toEqual([]);
  });

  it('times out a plan preview when no worker answers', async () => {
    const lonely = new PlanPreviewClient(TEST_REDIS_URL, `${prefix}-nobody`);
    closers.push(async () => {
      await lonely.close();
      await deleteRedisPrefix(`${prefix}-nobody`);
    });
    await expect(lonely.previewPlan('00000000-0000-4000-8000-000000000000', 300)).rejects.toBeInstanceOf(
      PlanPreviewTimeoutError,
    );
  });

  it('sweeps for drift with batched reads and reconciles only the drifted tenant', async () => {
    await until(async () => ((await pending()) === 0 ? true : undefined), 'an idle queue');
    const busy = (await store.findBySlug('busy'))!;
    const sdk = new CognitoIdentityProviderClient({
      region: 'us-east-1',
      endpoint: emulator.url,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    closers.push(() => sdk.destroy());
    await sdk.send(
      new UpdateGroupCommand({
        UserPoolId: busy.cognito.userPoolId!,
        GroupName: 'busy.admin',
        Description: 'edited in the console',
        Precedence: 10,
      }),
    );
    const settled = await store.listIdsByStatus(['ACTIVE', 'DEGRADED', 'SUSPENDED'], null, 100);
    const result = await runDriftSweep(store, newReconciler(), queue, 'sweep-test', 5);
    expect(result).toMatchObject({ checked: settled.length, drifted: 1 });
    // The shared pool's groups come from List pages, not a GetGroup per tenant.
    expect(result.calls.GetGroup).toBeUndefined();
    expect(result.calls.ListGroups).toBeGreaterThan(0);

    const run = await until(async () => {
      const [latest] = (await runs.listForTenant(busy.id, { first: 1 })).runs;
      return latest?.trigger === 'drift-sweep' && (await pending()) === 0 ? latest : undefined;
    }, 'the drift reconcile');
    expect(run).toMatchObject({
      outcome: 'drift-corrected',
      plan: [{ action: 'update', resource: 'Group', name: 'busy.admin', changes: ['description'] }],
    });
  });

  it('reports queue depth and the oldest waiting job at scrape time', async () => {
    const registry = new Registry();
    const metrics = new WorkerMetrics(registry);
    const idle = new Queue(RECONCILE_QUEUE, { connection, prefix: `${prefix}-metrics` });
    closers.push(async () => {
      await idle.close();
      await deleteRedisPrefix(`${prefix}-metrics`);
    });
    metrics.watch(idle);
    await idle.add('tenant.reconcile', { tenantId: 'x', generation: 1, trigger: 'manual' });
    const text = await registry.metrics();
    expect(text).toMatch(/idplane_queue_jobs\{queue="reconcile",state="waiting"\} 1/);
    expect(text).toMatch(/idplane_queue_oldest_waiting_job_age_seconds\{queue="reconcile"\} \d/);
  });
});
