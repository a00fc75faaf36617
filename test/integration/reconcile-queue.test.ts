import {
  CognitoIdentityProviderClient,
  GetGroupCommand,
  ListUserPoolsCommand,
  UpdateGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { Job, Queue, QueueEvents, Worker } from 'bullmq';
import pino, { Logger } from 'pino';
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
  reconcileJobOptions,
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
import { RECONCILE_TOPIC, ReconcileIntent, Tenant, TenantService } from '@idplane/tenancy';
import { ReconcileJobProcessor } from '../../apps/worker/src/reconcile-job.processor';
import { WorkerMetrics } from '../../apps/worker/src/worker-metrics';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { deleteRedisPrefix, TEST_REDIS_URL, testQueuePrefix } from '../support/test-redis';
import { emulatorAdmin, EmulatorAdmin } from '../support/emulator-admin';

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

  function newReconciler(
    hooks: ConstructorParameters<typeof TenantReconciler>[5] = {},
    clientSettings: { maxAttempts?: number } = {},
  ) {
    const clients = new CognitoClients({ endpoint: emulator.url, ...clientSettings });
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
  function startWorker(
    reconciler: TenantReconciler,
    concurrency = 2,
    options: { queue?: Queue<ReconcileJobData>; metrics?: WorkerMetrics; logger?: Logger } = {},
  ) {
    const target = options.queue ?? queue;
    const processor = new ReconcileJobProcessor(
      reconciler,
      target,
      options.metrics ?? new WorkerMetrics(new Registry()),
      options.logger ?? pino({ level: 'silent' }),
      5,
    );
    const worker = new Worker<ReconcileJobData, ReconcileReport>(
      RECONCILE_QUEUE,
      (job, token) => processor.process(job, token),
      { connection, prefix: target.opts.prefix, concurrency },
    );
    worker.on('failed', (job, error) => void processor.onFailed(job, error));
    closers.push(() => worker.close());
    return worker;
  }

  /**
   * A reconcile queue of the test's own (its own key prefix), with one worker wired as apps/worker wires it: the
   * reconciler's calls go to the metrics and its log hook to the logger. Jobs added here are taken by no other worker.
   */
  function isolatedWorker(
    name: string,
    options: { metrics?: WorkerMetrics; logger?: Logger; maxAttempts?: number } = {},
  ) {
    const ownPrefix = `${prefix}-${name}`;
    const own = new Queue<ReconcileJobData>(RECONCILE_QUEUE, { connection, prefix: ownPrefix });
    closers.push(async () => {
      await own.close();
      await deleteRedisPrefix(ownPrefix);
    });
    const metrics = options.metrics ?? new WorkerMetrics(new Registry());
    const logger = options.logger ?? pino({ level: 'silent' });
    const reconciler = newReconciler(
      {
        onCall: (call) => metrics.recordCall(call),
        log: ({ level, msg, ...fields }) => logger[level](fields, msg),
      },
      { maxAttempts: options.maxAttempts },
    );
    startWorker(reconciler, 2, { queue: own, metrics, logger });
    const request = (tenantId: string, trigger: ReconcileIntent['trigger'] = 'manual', attempts = 5) => {
      const intent: ReconcileIntent = {
        tenantId,
        generation: 1,
        trigger,
        requestId: `${name}-${Date.now()}`,
      };
      return own.add(RECONCILE_TOPIC, intent, reconcileJobOptions(intent, attempts));
    };
    const idle = () =>
      until(async () => {
        const counts = await own.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        return Object.values(counts).every((n) => n === 0) ? true : undefined;
      }, `an idle ${name} queue`);
    return { queue: own, request, idle };
  }

  const latestRun = async (tenant: Tenant) => (await runs.listForTenant(tenant.id, { first: 1 })).runs[0];

  const admin: EmulatorAdmin = (method, path, body) => emulatorAdmin(emulator.url)(method, path, body);

  /** One metric's samples, as a scrape would read them. */
  async function samples(registry: Registry, name: string) {
    const metric = registry.getSingleMetric(name);
    if (!metric) throw new Error(`no metric ${name}`);
    return (await metric.get()).values;
  }
  async function sampleValue(
    registry: Registry,
    name: string,
    labels: Record<string, string>,
    sampleName = name,
  ) {
    const matching = (await samples(registry, name)).filter(
      (v) =>
        ((v as { metricName?: string }).metricName ?? name) === sampleName &&
        Object.entries(labels).every(([k, value]) => (v.labels as Record<string, unknown>)[k] === value),
    );
    return matching.length === 0 ? undefined : matching.reduce((sum, v) => sum + v.value, 0);
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

  it('brings a REPORT_ONLY tenant whose drift was reverted by hand back to ACTIVE at the next sweep', async () => {
    const { queue: own, request, idle } = isolatedWorker('recover');
    let tenant = await service.createTenant({
      slug: 'watcher',
      displayName: 'Watcher',
      isolationModel: 'SHARED_POOL',
      driftPolicy: 'REPORT_ONLY',
    });
    await request(tenant.id, 'create');
    await idle();
    tenant = (await store.findById(tenant.id))!;
    expect(tenant.status).toBe('ACTIVE');
    const sdk = new CognitoIdentityProviderClient({
      region: 'us-east-1',
      endpoint: emulator.url,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    closers.push(() => sdk.destroy());
    const group = { UserPoolId: tenant.cognito.userPoolId!, GroupName: 'watcher.member' };
    const { Group: original } = await sdk.send(new GetGroupCommand(group));
    await sdk.send(new UpdateGroupCommand({ ...group, Description: 'changed by hand', Precedence: 77 }));

    const reported = await runDriftSweep(store, newReconciler(), own, 'sweep-report', 5);
    expect(reported.drifted).toBe(1);
    await idle();
    expect((await latestRun(tenant)).outcome).toBe('drift-reported');
    expect((await store.findById(tenant.id))!.status).toBe('DEGRADED');

    // Someone puts the group back as it was, in the console.
    await sdk.send(
      new UpdateGroupCommand({
        ...group,
        Description: original!.Description,
        Precedence: original!.Precedence,
        RoleArn: original!.RoleArn,
      }),
    );
    const recovered = await runDriftSweep(store, newReconciler(), own, 'sweep-recover', 5);
    expect(recovered).toMatchObject({ drifted: 0, recovering: 1 });
    await idle();
    expect(await latestRun(tenant)).toMatchObject({
      trigger: 'drift-sweep',
      outcome: 'synced',
      mutatingCalls: 0,
    });
    const saved = (await store.findById(tenant.id))!;
    expect(saved.status).toBe('ACTIVE');
    expect(saved.conditions.find((c) => c.type === 'Synced')).toMatchObject({ status: 'True' });
    expect(saved.conditions.find((c) => c.type === 'Degraded')).toMatchObject({ status: 'False' });

    // In sync and ACTIVE: the next sweep queues nothing for it.
    expect(await runDriftSweep(store, newReconciler(), own, 'sweep-quiet', 5)).toMatchObject({
      drifted: 0,
      recovering: 0,
    });
  });

  it('retries a transient failure with exponential backoff and jitter, and converges once it clears', async () => {
    // One SDK attempt per call: the InternalErrorException reaches the job, which BullMQ then retries.
    const { queue: own, request, idle } = isolatedWorker('transient', { maxAttempts: 1 });
    const tenant = await service.createTenant({
      slug: 'flaky',
      displayName: 'Flaky',
      isolationModel: 'DEDICATED_POOL',
    });
    await admin('POST', 'faults', { operation: 'CreateUserPool', errorRate: 1 });
    let job: Awaited<ReturnType<typeof request>>;
    try {
      job = await request(tenant.id, 'create', 5);
      await until(
        async () => ((await own.getJob(job.id!))!.attemptsMade >= 2 ? true : undefined),
        'two failed attempts',
      );
      // Still being retried: a transient error never reaches the tenant's status as FAILED while attempts remain.
      expect((await store.findById(tenant.id))!.status).not.toBe('FAILED');
    } finally {
      await admin('POST', 'faults/reset');
    }
    await idle();
    expect(await store.findById(tenant.id)).toMatchObject({ status: 'ACTIVE' });
    const done = (await own.getJob(job.id!))!;
    expect(done.opts.backoff).toEqual({ type: 'exponential', delay: 1_000, jitter: 0.5 });
    expect(done.attemptsMade).toBeGreaterThanOrEqual(3);
    expect(await done.isCompleted()).toBe(true);
  });

  it('retries a FAILED tenant once per sweep, and it converges once the cause is gone', async () => {
    // One attempt per call: the SDK counts LimitExceededException as throttling and would back off on it.
    const { queue: own, request, idle } = isolatedWorker('retry', { maxAttempts: 1 });
    const { limits } = await admin<{ limits: { userPoolsPerAccount: number } }>('GET', 'quotas');
    const sdk = new CognitoIdentityProviderClient({
      region: 'us-east-1',
      endpoint: emulator.url,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    closers.push(() => sdk.destroy());
    const pools = (await sdk.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools ?? [];
    await admin('POST', 'quotas', { limits: { userPoolsPerAccount: pools.length } });
    const tenant = await service.createTenant({
      slug: 'doomed',
      displayName: 'Doomed',
      isolationModel: 'DEDICATED_POOL',
    });
    try {
      await request(tenant.id, 'create');
      await idle();
      expect(await store.findById(tenant.id)).toMatchObject({ status: 'FAILED' });
      expect(await latestRun(tenant)).toMatchObject({ outcome: 'permanent-error' });

      // While the cause remains, a sweep gives it exactly one more run, which fails the same way: no hot loop.
      const sweep = await runDriftSweep(store, newReconciler(), own, 'sweep-failing', 5);
      expect(sweep.retried).toBe(1);
      await idle();
      const { runs: afterOne } = await runs.listForTenant(tenant.id, { first: 20 });
      expect(afterOne.map((r) => `${r.trigger} ${r.outcome}`)).toEqual([
        'drift-sweep permanent-error',
        'create permanent-error',
      ]);
      expect(await store.findById(tenant.id)).toMatchObject({ status: 'FAILED' });
    } finally {
      await admin('POST', 'quotas', { limits });
    }

    // The limit is lifted: the next sweep brings it to ACTIVE.
    expect((await runDriftSweep(store, newReconciler(), own, 'sweep-healed', 5)).retried).toBe(1);
    await idle();
    expect(await latestRun(tenant)).toMatchObject({ trigger: 'drift-sweep', outcome: 'synced' });
    expect(await store.findById(tenant.id)).toMatchObject({ status: 'ACTIVE' });
    expect((await runs.listForTenant(tenant.id, { first: 20 })).runs).toHaveLength(3);
    expect((await runDriftSweep(store, newReconciler(), own, 'sweep-after', 5)).retried).toBe(0);
  });

  it('exports runs by outcome, run durations and Cognito calls by operation and outcome after real runs', async () => {
    const registry = new Registry();
    const metrics = new WorkerMetrics(registry);
    const { request, idle } = isolatedWorker('metered', { metrics });
    const tenant = await service.createTenant({
      slug: 'metered',
      displayName: 'Metered',
      isolationModel: 'SHARED_POOL',
    });
    await request(tenant.id, 'create');
    await idle();
    const created = await latestRun(tenant);
    await request(tenant.id, 'manual');
    await idle();
    const noop = await latestRun(tenant);
    expect([created.outcome, noop.outcome]).toEqual(['synced', 'synced']);
    expect(noop.mutatingCalls).toBe(0);

    expect(await sampleValue(registry, 'idplane_reconcile_runs_total', { outcome: 'synced' })).toBe(2);
    expect(
      await sampleValue(
        registry,
        'idplane_reconcile_duration_seconds',
        { outcome: 'synced' },
        'idplane_reconcile_duration_seconds_count',
      ),
    ).toBe(2);
    // Every call the two runs recorded is exported under its operation, with outcome ok.
    const recorded: Record<string, number> = {};
    for (const run of [created, noop])
      for (const [op, n] of Object.entries(run.calls)) recorded[op] = (recorded[op] ?? 0) + n;
    expect(recorded.CreateUserPoolClient).toBe(1);
    const exported: Record<string, number> = {};
    for (const v of await samples(registry, 'idplane_cognito_calls_total')) {
      expect(v.labels.outcome).toBe('ok');
      exported[String(v.labels.operation)] = v.value;
    }
    expect(exported).toEqual(recorded);
  });

  it('puts the tenant id and the run id on every log line of a run, failed ones included', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const { queue: own, request, idle } = isolatedWorker('logged', { logger });
    const tenant = await service.createTenant({
      slug: 'logged',
      displayName: 'Logged',
      isolationModel: 'SHARED_POOL',
    });
    await request(tenant.id, 'create');
    await idle();
    // A job whose tenant id Postgres refuses: the run fails before the reconciler's own error handling, with a
    // plain database error (not a TransientReconcileError), and its only attempt is spent.
    const broken = { tenantId: 'not-a-uuid', generation: 1, trigger: 'manual' as const, requestId: 'broken' };
    await own.add(RECONCILE_TOPIC, broken, reconcileJobOptions(broken, 1));
    await until(
      async () => (lines.some((l) => l.msg === 'could not mark the tenant FAILED') ? true : undefined),
      'the failed job to be logged',
    );
    await idle();

    const messages = lines.map((l) => l.msg);
    // The reconciler's log hook and the processor's logger both wrote, for success and for failure.
    expect(messages).toEqual(
      expect.arrayContaining([
        'applying plan',
        'reconcile finished',
        'reconcile attempt failed',
        'could not mark the tenant FAILED',
      ]),
    );
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    for (const line of lines) {
      expect(line).toMatchObject({ tenantId: expect.any(String), runId: expect.stringMatching(uuid) });
    }
    const ofTenant = lines.filter((l) => l.tenantId === tenant.id);
    expect(new Set(ofTenant.map((l) => l.runId))).toEqual(new Set([(await latestRun(tenant)).id]));
    const ofBroken = lines.filter((l) => l.tenantId === 'not-a-uuid');
    expect(ofBroken.length).toBeGreaterThanOrEqual(2);
    expect(new Set(ofBroken.map((l) => l.runId)).size).toBe(1);
  });

  it('reports queue depth and the age of the oldest waiting, prioritized and due delayed job', async () => {
    const registry = new Registry();
    const metrics = new WorkerMetrics(registry);
    const metricsPrefix = `${prefix}-metrics`;
    const idle = new Queue(RECONCILE_QUEUE, { connection, prefix: metricsPrefix });
    const prioritized = new Queue('prioritized-only', { connection, prefix: metricsPrefix });
    const delayed = new Queue('delayed-only', { connection, prefix: metricsPrefix });
    closers.push(async () => {
      for (const q of [idle, prioritized, delayed]) await q.close();
      await deleteRedisPrefix(metricsPrefix);
    });
    metrics.watch(idle, prioritized, delayed);
    const data = { tenantId: 'x', generation: 1, trigger: 'manual' };
    const now = Date.now();
    await idle.add('tenant.reconcile', data);
    // As the drift sweep adds its jobs: with a priority, so they sit in the prioritized set, not the wait list.
    await prioritized.add('tenant.reconcile', data, { priority: 10, timestamp: now - 60_000 });
    // Added two minutes ago with a one-minute delay: due for a minute. The other is not due yet.
    await delayed.add('tenant.reconcile', data, { delay: 60_000, timestamp: now - 120_000 });
    await delayed.add('tenant.reconcile', data, { delay: 60_000 });

    const text = await registry.metrics();
    expect(text).toMatch(/idplane_queue_jobs\{queue="reconcile",state="waiting"\} 1/);
    expect(text).toMatch(/idplane_queue_jobs\{queue="prioritized-only",state="prioritized"\} 1/);
    expect(text).toMatch(/idplane_queue_jobs\{queue="delayed-only",state="delayed"\} 2/);
    const age = (queue: string) =>
      sampleValue(registry, 'idplane_queue_oldest_waiting_job_age_seconds', { queue });
    expect(await age('reconcile')).toBeGreaterThanOrEqual(0);
    expect(await age('prioritized-only')).toBeGreaterThanOrEqual(60);
    // Counted from when it became due (a minute ago), not from when it was added (two minutes ago).
    expect(await age('delayed-only')).toBeGreaterThanOrEqual(60);
    expect(await age('delayed-only')).toBeLessThan(120);
  });
});
