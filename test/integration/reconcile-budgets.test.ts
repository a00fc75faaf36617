import IORedis from 'ioredis';
import { CognitoClients, RedisRequestBudgets } from '@idplane/cognito';
import { startCognitoEmulator } from '@idplane/cognito-emulator';
import { AdvisoryLocks, postgresReconcileSources, TypeOrmTenantStore } from '@idplane/persistence';
import { developmentSecretKeyring, SecretCipher } from '@idplane/secrets';
import { ReconcileReport, TenantReconciler } from '@idplane/reconciler';
import type { Tenant } from '@idplane/tenancy';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { deleteRedisPrefix, TEST_REDIS_URL, testQueuePrefix } from '../support/test-redis';

describe('shared Cognito request budgets (real Redis, quotas enforced by the emulator)', () => {
  const prefix = testQueuePrefix('budgets');
  let db: TestDatabase;
  let emulator: { url: string; close(): Promise<void> };
  let redis: IORedis;
  const clients: CognitoClients[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('reconcile_budgets');
    emulator = await startCognitoEmulator({ port: 0 }, { quotasEnabled: true, quotaScale: 1 });
    redis = new IORedis(TEST_REDIS_URL);
  });

  afterAll(async () => {
    for (const c of clients) c.destroy();
    redis?.disconnect();
    await emulator?.close();
    await deleteRedisPrefix(prefix);
    await db?.drop();
  });

  /** A worker of its own: separate SDK clients and budget objects, sharing only Redis, like separate processes. */
  function worker(): TenantReconciler {
    // One attempt: a throttled call would fail the run instead of being hidden by the SDK's retries.
    const cognito = new CognitoClients({ endpoint: emulator.url, maxAttempts: 1 });
    clients.push(cognito);
    return new TenantReconciler(
      new TypeOrmTenantStore(db.dataSource),
      postgresReconcileSources(db.dataSource, new SecretCipher(developmentSecretKeyring())),
      cognito,
      new AdvisoryLocks(db.dataSource),
      { environment: 'budget', region: 'us-east-1' },
      { budgets: new RedisRequestBudgets(redis, { scale: 1, keyPrefix: prefix }) },
    );
  }

  it('keeps two workers provisioning one shared pool within its per-pool quotas, with no throttled call', async () => {
    const store = new TypeOrmTenantStore(db.dataSource);
    const tenants: Tenant[] = [];
    for (let i = 0; i < 12; i++)
      tenants.push(
        await store.createWithReconcileIntent({
          slug: `t-${i}`,
          displayName: `t${i}`,
          isolationModel: 'SHARED_POOL',
        }),
      );
    const [a, b] = [worker(), worker()];
    // The shard first, so the racing runs below all spend the same per-pool budgets.
    expect((await a.reconcile(tenants[0].id, 'create')).outcome).toBe('synced');
    // Two lanes, one per worker, each reconciling its tenants in turn (the test database pool is small).
    const lanes = [a, b].map(async (reconciler, lane) => {
      const done: ReconcileReport[] = [];
      for (const t of tenants.slice(1).filter((_, i) => i % 2 === lane))
        done.push(await reconciler.reconcile(t.id, 'create'));
      return done;
    });
    const reports = (await Promise.all(lanes)).flat();
    expect(reports.map((r) => r.outcome).every((o) => o === 'synced')).toBe(true);
    const calls = (await (await fetch(`${emulator.url}/_emulator/calls`)).json()) as Record<
      string,
      Record<string, number>
    >;
    expect(Object.entries(calls).filter(([, byOutcome]) => byOutcome.TooManyRequestsException)).toEqual([]);
    // 12 tenants × 3 groups went through a 5-per-second bucket, so the budget really was the limit.
    expect(calls.CreateGroup.ok).toBe(36);
  }, 60_000);
});
