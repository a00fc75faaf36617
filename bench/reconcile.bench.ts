/**
 * Reconcile benchmark: N SHARED_POOL + M DEDICATED_POOL tenants provisioned by two worker processes (dist/) against
 * an in-process emulator that enforces Cognito's request-rate quotas at QUOTA_SCALE. Prints the time to all ACTIVE,
 * the minimum time the quotas allow for the calls that were needed, their ratio, calls per tenant by operation, the
 * calls of a no-op reconcile of every tenant and of a drift sweep, and the workers' RSS.
 *
 *   npm run bench:reconcile                      # N=1000 SHARED, M=100 DEDICATED, QUOTA_SCALE=10
 *   BENCH_SHARED=200 BENCH_DEDICATED=20 BENCH_WORKER_CONCURRENCY=4 npm run bench:reconcile
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import IORedis from 'ioredis';
import { RATE_CATEGORIES, RateCategoryName, rateCategoryOf } from '@idplane/cognito';
import { startCognitoEmulator } from '@idplane/cognito-emulator';
import {
  DRIFT_SWEEP_JOB,
  DRIFT_SWEEP_QUEUE,
  DriftSweepResult,
  RECONCILE_QUEUE,
  redisOptionsFromUrl,
} from '@idplane/messaging';
import {
  createDataSource,
  dropDatabase,
  ensureDatabaseExists,
  runPendingMigrations,
  TypeOrmTenantStore,
} from '@idplane/persistence';

const SHARED = Number(process.env.BENCH_SHARED ?? 1000);
const DEDICATED = Number(process.env.BENCH_DEDICATED ?? 100);
const QUOTA_SCALE = Number(process.env.QUOTA_SCALE ?? 10);
const WORKERS = 2;
const CONCURRENCY = Number(process.env.BENCH_WORKER_CONCURRENCY ?? 16);
const DB_SERVER = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 15 * 60_000);

interface RunRow {
  isolation_model: string;
  shared_pool_shard: number | null;
  trigger: string;
  calls: Record<string, number>;
  mutating_calls: number;
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

async function waitFor(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function sumCalls(rows: RunRow[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const row of rows) for (const [op, n] of Object.entries(row.calls)) total[op] = (total[op] ?? 0) + n;
  return total;
}

const perTenant = (calls: Record<string, number>, tenants: number) =>
  Object.fromEntries(
    Object.entries(calls)
      .sort()
      .map(([op, n]) => [op, Number((n / Math.max(1, tenants)).toFixed(2))]),
  );

/**
 * The least time the quotas allow for these calls: per category, the account bucket must pass every call, and each
 * shared pool's bucket every call of its tenants (dedicated pools each have their own bucket, never the bound).
 */
function minimumSeconds(runs: RunRow[]): number {
  const account = new Map<RateCategoryName, number>();
  const pool = new Map<string, number>();
  for (const run of runs) {
    for (const [op, n] of Object.entries(run.calls)) {
      const category = rateCategoryOf(op);
      if (!category) continue;
      account.set(category, (account.get(category) ?? 0) + n);
      if (run.isolation_model === 'SHARED_POOL') {
        const key = `${run.shared_pool_shard}|${category}`;
        pool.set(key, (pool.get(key) ?? 0) + n);
      }
    }
  }
  let bound = 0;
  for (const [category, n] of account)
    bound = Math.max(bound, n / (RATE_CATEGORIES[category].perAccount * QUOTA_SCALE));
  for (const [key, n] of pool) {
    const perPool = RATE_CATEGORIES[key.split('|')[1] as RateCategoryName].perPool;
    if (perPool) bound = Math.max(bound, n / (perPool * QUOTA_SCALE));
  }
  return bound;
}

async function workerRssMb(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const match = /^idplane_process_resident_memory_bytes(?:\{[^}]*\})? (\d+(?:\.\d+)?)/m.exec(text);
  return match ? Number(match[1]) / 1024 / 1024 : NaN;
}

async function main(): Promise<void> {
  const id = randomBytes(4).toString('hex');
  const databaseUrl = `${DB_SERVER}/idplane_bench_reconcile_${id}`;
  const prefix = `idplane-bench-${id}`;
  await ensureDatabaseExists(databaseUrl);
  const dataSource = await createDataSource(databaseUrl, { poolSize: 5 }).initialize();
  await runPendingMigrations(dataSource);
  const emulator = await startCognitoEmulator({ port: 0 }, { quotasEnabled: true, quotaScale: QUOTA_SCALE });
  const queue = new Queue(RECONCILE_QUEUE, { connection: redisOptionsFromUrl(REDIS_URL), prefix });
  const workers: { child: ChildProcess; port: number }[] = [];
  const query = <T>(sql: string, params: unknown[] = []) => dataSource.query(sql, params) as Promise<T>;

  try {
    const store = new TypeOrmTenantStore(dataSource);
    for (let i = 0; i < SHARED + DEDICATED; i++) {
      await store.createWithReconcileIntent({
        slug: i < SHARED ? `s-${i}` : `d-${i - SHARED}`,
        displayName: `tenant ${i}`,
        isolationModel: i < SHARED ? 'SHARED_POOL' : 'DEDICATED_POOL',
      });
    }
    console.log(`tenants: ${SHARED} SHARED_POOL + ${DEDICATED} DEDICATED_POOL, quota scale ${QUOTA_SCALE}`);

    const started = Date.now();
    for (let w = 0; w < WORKERS; w++) {
      const port = await freePort();
      const child = spawn(process.execPath, [resolve(__dirname, '..', 'apps', 'worker', 'src', 'main.js')], {
        env: {
          ...process.env,
          NODE_ENV: 'test',
          LOG_LEVEL: 'warn',
          DATABASE_URL: databaseUrl,
          REDIS_URL,
          QUEUE_PREFIX: prefix,
          WORKER_PORT: String(port),
          WORKER_CONCURRENCY: String(CONCURRENCY),
          COGNITO_ENDPOINT: emulator.url,
          COGNITO_QUOTA_SCALE: String(QUOTA_SCALE),
          IDPLANE_ENVIRONMENT: 'bench',
          DRIFT_SWEEP_INTERVAL_MS: '0',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      workers.push({ child, port });
    }

    const total = SHARED + DEDICATED;
    const countActive = async () =>
      Number(
        (await query<{ n: number }[]>(`SELECT count(*)::int AS n FROM tenants WHERE status = 'ACTIVE'`))[0].n,
      );
    let allActive = true;
    try {
      await waitFor('all tenants ACTIVE', async () => (await countActive()) === total);
    } catch {
      allActive = false;
    }
    const seconds = (Date.now() - started) / 1000;

    const runsOf = (trigger: string) =>
      query<RunRow[]>(
        `SELECT t.isolation_model, t.shared_pool_shard, r.trigger, r.calls, r.mutating_calls FROM reconcile_runs r
         JOIN tenants t ON t.id = r.tenant_id WHERE r.trigger = ANY($1::varchar[])`,
        [[trigger]],
      );
    const provisioning = [...(await runsOf('create'))];
    const sharedCalls = sumCalls(provisioning.filter((r) => r.isolation_model === 'SHARED_POOL'));
    const dedicatedCalls = sumCalls(provisioning.filter((r) => r.isolation_model === 'DEDICATED_POOL'));
    const minSeconds = minimumSeconds(provisioning);
    const shards = await query<{ n: number }[]>(
      `SELECT count(DISTINCT shared_pool_shard)::int AS n FROM tenants WHERE isolation_model = 'SHARED_POOL'`,
    );
    const ratio = seconds / Math.max(minSeconds, 0.001);
    console.log(
      `time to all ACTIVE: ${seconds.toFixed(1)} s (${await countActive()}/${total} ACTIVE, ${shards[0].n} shared pool(s))`,
    );
    console.log(
      `minimum the quotas allow for those calls: ${minSeconds.toFixed(1)} s; ratio ${ratio.toFixed(2)}`,
    );
    console.log('provisioning calls per SHARED_POOL tenant:', perTenant(sharedCalls, SHARED));
    console.log('provisioning calls per DEDICATED_POOL tenant:', perTenant(dedicatedCalls, DEDICATED));

    // No-op: every tenant asked to reconcile again, with nothing to change.
    for (const { id: tenantId } of await query<{ id: string }[]>(`SELECT id FROM tenants`))
      await store.addReconcileIntent(tenantId, 'manual');
    await waitFor('the no-op runs', async () => (await runsOf('manual')).length >= total);
    const noop = await runsOf('manual');
    const noopMutating = noop.reduce((n, r) => n + r.mutating_calls, 0);
    const noopCalls = sumCalls(noop);
    const noopReads = Object.values(noopCalls).reduce((a, b) => a + b, 0) / total;
    console.log(
      'no-op reconcile calls per tenant:',
      perTenant(noopCalls, total),
      `mutating: ${noopMutating}`,
    );

    // One sweep, as the repeatable job would start it, answered by one of the workers.
    const sweeps = new Queue(DRIFT_SWEEP_QUEUE, { connection: redisOptionsFromUrl(REDIS_URL), prefix });
    const sweepEvents = new QueueEvents(DRIFT_SWEEP_QUEUE, {
      connection: redisOptionsFromUrl(REDIS_URL),
      prefix,
    });
    await sweepEvents.waitUntilReady();
    const sweepJob = await sweeps.add(DRIFT_SWEEP_JOB, {});
    const sweep = (await sweepJob.waitUntilFinished(sweepEvents, TIMEOUT_MS)) as DriftSweepResult;
    await sweepEvents.close();
    await sweeps.close();
    const sweepReads = Object.values(sweep.calls).reduce((a, b) => a + b, 0) / total;
    console.log(
      `drift sweep: ${sweep.checked} checked, ${sweep.drifted} drifted; calls per tenant:`,
      perTenant(sweep.calls, total),
    );

    const rss = await Promise.all(workers.map((w) => workerRssMb(w.port)));
    console.log(`worker RSS: ${rss.map((mb) => `${mb.toFixed(0)} MB`).join(', ')}`);
    console.log(
      `bench:reconcile quota_ratio=${ratio.toFixed(2)} all_active=${allActive} noop_mutating_calls=${noopMutating} ` +
        `noop_reads_per_tenant=${noopReads.toFixed(2)} sweep_reads_per_tenant=${sweepReads.toFixed(2)} ` +
        `worker_rss_mb=${Math.max(...rss).toFixed(0)}`,
    );
  } finally {
    for (const { child } of workers) child.kill('SIGTERM');
    await Promise.all(
      workers.map(({ child }) =>
        child.exitCode === null ? new Promise((r) => child.once('exit', r)) : null,
      ),
    );
    await queue.close();
    await emulator.close();
    const redis = new IORedis(REDIS_URL);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();
    await dataSource.destroy();
    await dropDatabase(databaseUrl);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
