import { ConflictError } from '@idplane/errors';
import { TypeOrmTenantStore } from '@idplane/persistence';
import { RECONCILE_TOPIC } from '@idplane/tenancy';
import { createTestDatabase, TestDatabase } from '../support/test-database';

describe('TypeOrmTenantStore (real Postgres)', () => {
  let db: TestDatabase;
  let store: TypeOrmTenantStore;

  beforeAll(async () => {
    db = await createTestDatabase('tenant_store');
    store = new TypeOrmTenantStore(db.dataSource);
  });
  afterAll(() => db.drop());

  const count = async (table: string) =>
    Number((await db.dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

  it('writes the tenant and its reconcile intent together', async () => {
    const tenant = await store.createWithReconcileIntent({
      slug: 'acme',
      displayName: 'Acme',
      isolationModel: 'DEDICATED_POOL',
    });
    expect(tenant).toMatchObject({
      slug: 'acme',
      status: 'PENDING',
      generation: 1,
      observedGeneration: 0,
      version: 1,
    });
    const outbox = await db.dataSource.query(`SELECT topic, aggregate_id, payload FROM outbox_messages`);
    expect(outbox).toEqual([
      {
        topic: RECONCILE_TOPIC,
        aggregate_id: tenant.id,
        payload: { tenantId: tenant.id, generation: 1, trigger: 'create' },
      },
    ]);
  });

  it('refuses a duplicate slug with a ConflictError and writes nothing', async () => {
    const [tenantsBefore, outboxBefore] = [await count('tenants'), await count('outbox_messages')];
    await expect(
      store.createWithReconcileIntent({ slug: 'acme', displayName: 'Other', isolationModel: 'SHARED_POOL' }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(await count('tenants')).toBe(tenantsBefore);
    expect(await count('outbox_messages')).toBe(outboxBefore);
  });

  it('pages through tenants in stable order', async () => {
    for (const slug of ['b-one', 'b-two', 'b-three']) {
      await store.createWithReconcileIntent({ slug, displayName: slug, isolationModel: 'SHARED_POOL' });
    }
    const first = await store.list({ first: 2 });
    expect(first.tenants.map((t) => t.slug)).toEqual(['acme', 'b-one']);
    expect(first.hasNextPage).toBe(true);
    const last = first.tenants[1];
    const second = await store.list({ first: 2, after: { createdAt: last.createdAt, id: last.id } });
    expect(second.tenants.map((t) => t.slug)).toEqual(['b-two', 'b-three']);
    expect(second.hasNextPage).toBe(false);
  });

  it('never moves observedGeneration backwards or past generation', async () => {
    const tenant = (await store.findBySlug('acme'))!;
    const recorded = await store.recordReconcileOutcome({
      tenantId: tenant.id,
      observedGeneration: 5,
      status: 'ACTIVE',
      conditions: [],
    });
    expect((await store.findById(tenant.id))!.observedGeneration).toBe(1);
    // The write answers with the state it left, as a read after it would.
    const { status, generation, observedGeneration, conditions } = (await store.findById(tenant.id))!;
    expect(recorded).toEqual({ status, generation, observedGeneration, conditions });
    await store.recordReconcileOutcome({
      tenantId: tenant.id,
      observedGeneration: 0,
      status: 'ACTIVE',
      conditions: [],
    });
    const after = (await store.findById(tenant.id))!;
    expect(after.observedGeneration).toBe(1);
    // Observations are not spec changes: the optimistic-lock version stays put.
    expect(after.version).toBe(1);
  });
});
