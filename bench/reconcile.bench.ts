/**
 * Reconcile benchmark: N SHARED_POOL + M DEDICATED_POOL tenants, each with 3 roles and one SAML IdP, created through
 * the GraphQL API (an api process from dist/) and provisioned by two worker processes against an in-process emulator
 * that enforces Cognito's request-rate quotas at QUOTA_SCALE. Prints the time until all are ACTIVE at their latest
 * generation, the minimum time the quotas allow for the calls that were needed, their ratio, calls per tenant by
 * operation, the shards' fill, the calls of a no-op reconcile of every tenant and of a drift sweep (with its time),
 * and the workers' RSS.
 *
 *   npm run bench:reconcile                      # N=1000 SHARED, M=100 DEDICATED, QUOTA_SCALE=10
 *   BENCH_SHARED=200 BENCH_DEDICATED=20 BENCH_WORKER_CONCURRENCY=4 npm run bench:reconcile
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import IORedis from 'ioredis';
import { ensureLocalOperatorPool, issueLocalOperatorToken, localCognitoClient } from '@idplane/admin-auth';
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
import { testSamlMetadata } from '../libs/federation/src/testing/saml-metadata.factory';
import { serviceNodeFlags } from './service-node-flags';

const SHARED = Number(process.env.BENCH_SHARED ?? 1000);
const DEDICATED = Number(process.env.BENCH_DEDICATED ?? 100);
const QUOTA_SCALE = Number(process.env.QUOTA_SCALE ?? 10);
const WORKERS = 2;
const CONCURRENCY = Number(process.env.BENCH_WORKER_CONCURRENCY ?? 16);
const DB_SERVER = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 15 * 60_000);
/** Tenants being created through the API at once (each: createTenant, setRoles, addSamlIdentityProvider). */
const API_CONCURRENCY = Number(process.env.BENCH_API_CONCURRENCY ?? 32);
const IDP_CAPACITY = Number(process.env.SHARED_POOL_IDP_CAPACITY ?? 240);
/**
 * A pool's per-pool quotas are a third of the account's (5 vs 15 per second), so at least three shards must fill at
 * once for provisioning to run at the account rate; placement fills the least-filled open shard first.
 */
const MIN_SHARDS = Number(
  process.env.SHARED_POOL_MIN_SHARDS ?? Math.max(3, Math.ceil(SHARED / (IDP_CAPACITY * 0.9))),
);
const GROUPS = { platformAdmin: 'platform-admin', tenantAdmin: 'tenant-admin' };

interface RunRow {
  tenant_id: string;
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
 * pool's bucket every call made in that pool. Returns the seconds and the bucket that binds.
 */
function minimumSeconds(runs: RunRow[]): { seconds: number; bucket: string } {
  const account = new Map<RateCategoryName, number>();
  const pool = new Map<string, number>();
  for (const run of runs) {
    for (const [op, n] of Object.entries(run.calls)) {
      const category = rateCategoryOf(op);
      if (!category) continue;
      account.set(category, (account.get(category) ?? 0) + n);
      const poolName =
        run.isolation_model === 'SHARED_POOL'
          ? `shared-${run.shared_pool_shard}`
          : `dedicated ${run.tenant_id}`;
      const key = `${poolName}|${category}`;
      pool.set(key, (pool.get(key) ?? 0) + n);
    }
  }
  let bound = { seconds: 0, bucket: 'none' };
  const consider = (seconds: number, bucket: string) => {
    if (seconds > bound.seconds) bound = { seconds, bucket };
  };
  for (const [category, n] of account)
    consider(
      n / (RATE_CATEGORIES[category].perAccount * QUOTA_SCALE),
      `${category} per account (${n} calls)`,
    );
  for (const [key, n] of pool) {
    const [poolName, category] = key.split('|') as [string, RateCategoryName];
    const perPool = RATE_CATEGORIES[category].perPool;
    if (perPool) consider(n / (perPool * QUOTA_SCALE), `${category} in pool ${poolName} (${n} calls)`);
  }
  return bound;
}

interface GraphQLAnswer<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function graphql<T>(
  apiUrl: string,
  token: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${apiUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as GraphQLAnswer<T>;
    if (!body.errors?.length && body.data) return body.data;
    // Only a rate-limited mutation is worth another try; anything else is a bug in the bench or the api.
    if (body.errors?.[0]?.extensions?.code !== 'RATE_LIMITED' || attempt > 20)
      throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const CREATE_TENANT = `mutation($input: CreateTenantInput!) { createTenant(input: $input) { tenant { id } } }`;
const SET_ROLES = `mutation($t: ID!, $roles: [RoleInput!]!) {
  setRoles(tenantId: $t, expectedVersion: 0, roles: $roles) { tenant { generation } } }`;
const ADD_SAML = `mutation($t: ID!, $input: AddSamlIdentityProviderInput!) {
  addSamlIdentityProvider(tenantId: $t, input: $input) { identityProvider { id } } }`;
const SHARDS = `{ sharedPoolShards { region index tenantCount capacity identityProviderCount
  identityProviderCapacity identityProviderFillRatio } }`;
const ROLES = [
  { name: 'admin', precedence: 10, description: 'Administrators' },
  { name: 'member', precedence: 20, description: 'Members' },
  { name: 'read-only', precedence: 30, description: 'Auditors' },
];

function startApi(env: NodeJS.ProcessEnv, port: number): ChildProcess {
  return spawn(
    process.execPath,
    [...serviceNodeFlags('api'), resolve(__dirname, '..', 'apps', 'api', 'src', 'main.js')],
    {
      env: { ...process.env, ...env, PORT: String(port) },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
}

async function waitUntilUp(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`${url} exited with ${child.exitCode}`);
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not become ready`);
}

/** A /proc/<pid>/stat line: the process name, and its CPU seconds (user + system). */
function procStat(stat: string): { comm: string; cpuSeconds: number } {
  // The name sits in parentheses and may hold any character, ") " included: it ends at the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
    cpuSeconds: (Number(fields[11]) + Number(fields[12])) / 100,
  };
}

/** CPU seconds (user + system) a process has used, from /proc (Linux); NaN elsewhere. */
function cpuSeconds(pid: number | undefined): number {
  try {
    return procStat(readFileSync(`/proc/${pid}/stat`, 'utf8')).cpuSeconds;
  } catch {
    return NaN;
  }
}

/** Busy and total core-seconds of the whole machine so far, from /proc/stat (Linux); NaN elsewhere. */
function machineCpu(): { busy: number; total: number } {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const idle = ticks[3] + ticks[4];
    const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: (total - idle) / 100, total: total / 100 };
  } catch {
    return { busy: NaN, total: NaN };
  }
}

/** CPU seconds per process, by pid, of the processes named `comm` (postgres backends, redis-server); Linux only. */
function cpuByName(comm: string): Map<number, number> {
  const out = new Map<number, number>();
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = procStat(readFileSync(`/proc/${entry}/stat`, 'utf8'));
        if (stat.comm === comm) out.set(Number(entry), stat.cpuSeconds);
      } catch {
        // The process exited while we looked.
      }
    }
  } catch {
    // No /proc.
  }
  return out;
}

/** CPU seconds the processes named `comm` used since `before` was taken (processes started since count whole). */
function cpuSince(comm: string, before: Map<number, number>): number {
  let sum = 0;
  for (const [pid, seconds] of cpuByName(comm)) sum += seconds - (before.get(pid) ?? 0);
  return sum;
}

async function workerRssMb(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const match = /^idplane_process_resident_memory_bytes(?:\{[^}]*\})? (\d+(?:\.\d+)?)/m.exec(text);
  return match ? Number(match[1]) / 1024 / 1024 : NaN;
}

/** SQL statements a service has sent since it started (idplane_db_queries_total, every leading keyword). */
async function sqlStatements(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return [...text.matchAll(/^idplane_db_queries_total\{[^}]*\} (\d+)/gm)].reduce(
    (n, m) => n + Number(m[1]),
    0,
  );
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

  const children: ChildProcess[] = [];

  try {
    const store = new TypeOrmTenantStore(dataSource);
    const operators = localCognitoClient('us-east-1', emulator.url);
    const operatorPool = await ensureLocalOperatorPool(operators, 'bench', GROUPS);
    const token = await issueLocalOperatorToken(operators, operatorPool, GROUPS, { role: 'platform-admin' });
    operators.destroy();
    const shardingEnv = {
      SHARED_POOL_MIN_SHARDS: String(MIN_SHARDS),
      SHARED_POOL_IDP_CAPACITY: String(IDP_CAPACITY),
    };
    const apiPort = await freePort();
    const api = startApi(
      {
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: databaseUrl,
        REDIS_URL,
        QUEUE_PREFIX: prefix,
        COGNITO_ENDPOINT: emulator.url,
        OPERATOR_USER_POOL_ID: operatorPool.userPoolId,
        OPERATOR_CLIENT_IDS: operatorPool.clientId,
        MUTATION_RATE_LIMIT_PER_MINUTE: '1000000',
        IDPLANE_ENVIRONMENT: 'bench',
        ...shardingEnv,
      },
      apiPort,
    );
    children.push(api);
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    await waitUntilUp(`${apiUrl}/health/ready`, api);

    for (let w = 0; w < WORKERS; w++) {
      const port = await freePort();
      const child = spawn(
        process.execPath,
        [...serviceNodeFlags('worker'), resolve(__dirname, '..', 'apps', 'worker', 'src', 'main.js')],
        {
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
            IDP_CERT_CHECK_INTERVAL_MS: '0',
            IDP_METADATA_REFRESH_INTERVAL_MS: '0',
            ...shardingEnv,
          },
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
      workers.push({ child, port });
      children.push(child);
    }
    await Promise.all(workers.map((w) => waitUntilUp(`http://127.0.0.1:${w.port}/health/ready`, w.child)));
    console.log(
      `tenants: ${SHARED} SHARED_POOL + ${DEDICATED} DEDICATED_POOL, each with 3 roles and one SAML IdP, ` +
        `through GraphQL (${API_CONCURRENCY} at a time); quota scale ${QUOTA_SCALE}; ${WORKERS} workers x ` +
        `${CONCURRENCY}; SHARED_POOL_MIN_SHARDS=${MIN_SHARDS}, SHARED_POOL_IDP_CAPACITY=${IDP_CAPACITY}`,
    );

    // The clock starts with the first mutation: the API's share of the work counts, as it would for a customer.
    const started = Date.now();
    const machineAtStart = machineCpu();
    const [postgresAtStart, redisAtStart] = [cpuByName('postgres'), cpuByName('redis-server')];
    let next = 0;
    const apiMs: Record<string, number> = {};
    const timed = async <T>(what: string, call: Promise<T>): Promise<T> => {
      const t0 = Date.now();
      const result = await call;
      apiMs[what] = (apiMs[what] ?? 0) + (Date.now() - t0);
      return result;
    };
    const provisionOne = async (i: number) => {
      const shared = i < SHARED;
      const slug = shared ? `s-${i}` : `d-${i - SHARED}`;
      const { createTenant } = await timed(
        'createTenant',
        graphql<{ createTenant: { tenant: { id: string } } }>(apiUrl, token, CREATE_TENANT, {
          input: {
            slug,
            displayName: `tenant ${i}`,
            isolationModel: shared ? 'SHARED_POOL' : 'DEDICATED_POOL',
            callbackUrls: [`https://${slug}.app.example.com/callback`],
          },
        }),
      );
      const tenantId = createTenant.tenant.id;
      await timed('setRoles', graphql(apiUrl, token, SET_ROLES, { t: tenantId, roles: ROLES }));
      await timed(
        'addSamlIdentityProvider',
        graphql(apiUrl, token, ADD_SAML, {
          t: tenantId,
          input: {
            name: 'corp-sso',
            metadataXml: testSamlMetadata(`https://sso.${slug}.example.com/metadata`),
            emailDomains: [`${slug}.example.com`],
          },
        }),
      );
    };
    await Promise.all(
      Array.from({ length: API_CONCURRENCY }, async () => {
        while (next < SHARED + DEDICATED) await provisionOne(next++);
      }),
    );
    const apiSeconds = (Date.now() - started) / 1000;

    const total = SHARED + DEDICATED;
    // ACTIVE at an older generation would count a tenant whose IdP or roles are not in Cognito yet.
    const countActive = async () =>
      Number(
        (
          await query<{ n: number }[]>(
            `SELECT count(*)::int AS n FROM tenants WHERE status = 'ACTIVE' AND observed_generation = generation`,
          )
        )[0].n,
      );
    let allActive = true;
    try {
      await waitFor('all tenants ACTIVE', async () => (await countActive()) === total);
    } catch {
      allActive = false;
    }
    const seconds = (Date.now() - started) / 1000;
    // Where the machine's CPU went while provisioning: on a small machine the processes share the cores.
    const cpu = [
      `api ${cpuSeconds(api.pid).toFixed(1)}`,
      ...workers.map((w, i) => `worker${i + 1} ${cpuSeconds(w.child.pid).toFixed(1)}`),
      `bench+emulator ${(process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6).toFixed(1)}`,
      `postgres ${cpuSince('postgres', postgresAtStart).toFixed(1)}`,
      `redis ${cpuSince('redis-server', redisAtStart).toFixed(1)}`,
    ];
    const sql = {
      api: await sqlStatements(apiPort),
      workers: (await Promise.all(workers.map((w) => sqlStatements(w.port)))).reduce((a, b) => a + b, 0),
    };
    const machine = machineCpu();
    cpu.push(
      `whole machine ${(machine.busy - machineAtStart.busy).toFixed(1)} busy of ` +
        `${(machine.total - machineAtStart.total).toFixed(1)}`,
    );

    const runsOf = (...triggers: string[]) =>
      query<RunRow[]>(
        `SELECT t.id AS tenant_id, t.isolation_model, t.shared_pool_shard, r.trigger, r.calls, r.mutating_calls
         FROM reconcile_runs r JOIN tenants t ON t.id = r.tenant_id WHERE r.trigger = ANY($1::varchar[])`,
        [triggers],
      );
    // Every run until all were ACTIVE: a tenant's create, roles and IdP may each have started one.
    const provisioning = await runsOf('create', 'update', 'follow-up');
    const sharedCalls = sumCalls(provisioning.filter((r) => r.isolation_model === 'SHARED_POOL'));
    const dedicatedCalls = sumCalls(provisioning.filter((r) => r.isolation_model === 'DEDICATED_POOL'));
    const minimum = minimumSeconds(provisioning);
    const minSeconds = minimum.seconds;
    const shards = await query<{ n: number }[]>(
      `SELECT count(DISTINCT shared_pool_shard)::int AS n FROM tenants WHERE isolation_model = 'SHARED_POOL'`,
    );
    const ratio = seconds / Math.max(minSeconds, 0.001);
    console.log(
      `time to all ACTIVE: ${seconds.toFixed(1)} s (${await countActive()}/${total} ACTIVE, ${shards[0].n} shared pool(s))`,
    );
    console.log(
      `minimum the quotas allow for those calls: ${minSeconds.toFixed(1)} s; ratio ${ratio.toFixed(2)} ` +
        `(bound by ${minimum.bucket}; the API took ${apiSeconds.toFixed(1)} s for ${3 * total} mutations, mean ms: ` +
        `${Object.entries(apiMs)
          .map(([what, ms]) => `${what} ${(ms / total).toFixed(0)}`)
          .join(', ')})`,
    );
    console.log(`CPU seconds used until then: ${cpu.join(', ')}`);

    console.log(
      `provisioning runs: ${provisioning.length} for ${total} tenants, ` +
        `${provisioning.reduce((n, r) => n + r.mutating_calls, 0)} mutating calls`,
    );
    console.log(
      `SQL statements until then: api ${sql.api} (${(sql.api / (3 * total)).toFixed(1)} per mutation), ` +
        `workers ${sql.workers} (${(sql.workers / Math.max(1, provisioning.length)).toFixed(1)} per run, ` +
        'outbox relay and placement included)',
    );
    console.log('provisioning calls per SHARED_POOL tenant:', perTenant(sharedCalls, SHARED));
    console.log('provisioning calls per DEDICATED_POOL tenant:', perTenant(dedicatedCalls, DEDICATED));
    const { sharedPoolShards } = await graphql<{
      sharedPoolShards: {
        region: string;
        index: number;
        tenantCount: number;
        capacity: number;
        identityProviderCount: number;
        identityProviderCapacity: number;
      }[];
    }>(apiUrl, token, SHARDS, {});
    console.log(
      'shared-pool shards (tenants/app-client capacity, IdPs/IdP capacity):',
      sharedPoolShards
        .map(
          (s) =>
            `${s.region}#${s.index} ${s.tenantCount}/${s.capacity}, ${s.identityProviderCount}/${s.identityProviderCapacity}`,
        )
        .join('; '),
    );

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
    const sweepStarted = Date.now();
    const sweepJob = await sweeps.add(DRIFT_SWEEP_JOB, {});
    const sweep = (await sweepJob.waitUntilFinished(sweepEvents, TIMEOUT_MS)) as DriftSweepResult;
    const sweepSeconds = (Date.now() - sweepStarted) / 1000;
    await sweepEvents.close();
    await sweeps.close();
    const sweepReads = Object.values(sweep.calls).reduce((a, b) => a + b, 0) / total;
    console.log(
      `drift sweep: ${sweep.checked} checked, ${sweep.drifted} drifted in ${sweepSeconds.toFixed(1)} s ` +
        `(${Object.values(sweep.calls).reduce((a, b) => a + b, 0)} calls); calls per tenant:`,
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
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(
      children.map((child) => (child.exitCode === null ? new Promise((r) => child.once('exit', r)) : null)),
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
