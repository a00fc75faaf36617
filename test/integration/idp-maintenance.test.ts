import { Queue, QueueEvents, Worker } from 'bullmq';
import pino from 'pino';
import { Registry } from 'prom-client';
import {
  IdentityProviderService,
  IdpCertificateMonitor,
  parseFetchAllowlist,
  SafeFetcher,
  SamlMetadataRefresher,
  type IdentityProvider,
} from '@idplane/federation';
import {
  IDP_CERT_CHECK_JOB,
  IDP_MAINTENANCE_QUEUE,
  IDP_METADATA_REFRESH_JOB,
  OutboxRelay,
  RECONCILE_QUEUE,
  redisOptionsFromUrl,
  scheduleIdpMaintenance,
} from '@idplane/messaging';
import {
  OutboxRepository,
  PostgresIdentityProviderStore,
  PostgresIdpMonitoringStore,
  TypeOrmTenantStore,
} from '@idplane/persistence';
import { developmentSecretKeyring, SecretCipher } from '@idplane/secrets';
import { Condition, mergeConditions, Tenant } from '@idplane/tenancy';
import { IdpMaintenanceMetrics } from '../../apps/worker/src/idp-maintenance-metrics';
import {
  IdpMaintenanceProcessor,
  IdpMaintenanceResult,
} from '../../apps/worker/src/idp-maintenance.processor';
import { testSamlMetadata } from '../../libs/federation/src/testing/saml-metadata.factory';
import { createTestCertificate } from '../../libs/federation/src/testing/test-certificate';
import { FakeIdp, startFakeIdp } from '../support/fake-idp-server';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { deleteRedisPrefix, TEST_REDIS_URL, testQueuePrefix } from '../support/test-redis';

const DAY = 24 * 3600 * 1000;
const connection = redisOptionsFromUrl(TEST_REDIS_URL);

interface OutboxRow {
  id: string;
  topic: string;
  aggregate_id: string;
  payload: Record<string, unknown>;
  published_at: Date | null;
}

describe('IdP certificate monitoring and metadata refresh (real Postgres, Redis and BullMQ)', () => {
  const prefix = testQueuePrefix('idp-maintenance');
  let db: TestDatabase;
  let tenants: TypeOrmTenantStore;
  let providers: IdentityProviderService;
  let registry: Registry;
  let queue: Queue;
  let events: QueueEvents;
  let worker: Worker;
  let fakeIdp: FakeIdp;
  let monitoring: PostgresIdpMonitoringStore;
  const announced: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('idp_maintenance');
    fakeIdp = await startFakeIdp();
    tenants = new TypeOrmTenantStore(db.dataSource);
    providers = new IdentityProviderService(
      new PostgresIdentityProviderStore(db.dataSource),
      new SecretCipher(developmentSecretKeyring()),
      new SafeFetcher({ allowHttp: true, allowlist: parseFetchAllowlist('127.0.0.1/32') }),
      { allowHttp: true },
    );
    monitoring = new PostgresIdpMonitoringStore(db.dataSource);
    registry = new Registry();
    // The processor apps/worker runs, on a real BullMQ worker.
    const processor = new IdpMaintenanceProcessor(
      new IdpCertificateMonitor(monitoring, { warningDays: 30 }),
      new SamlMetadataRefresher(monitoring, providers),
      new IdpMaintenanceMetrics(registry),
      pino({ level: 'silent' }),
      async (tenantId) => {
        announced.push(tenantId);
      },
    );
    queue = new Queue(IDP_MAINTENANCE_QUEUE, { connection, prefix });
    events = new QueueEvents(IDP_MAINTENANCE_QUEUE, { connection, prefix });
    await events.waitUntilReady();
    worker = new Worker(IDP_MAINTENANCE_QUEUE, (job) => processor.process(job), { connection, prefix });
  });

  afterAll(async () => {
    await worker?.close();
    await events?.close();
    await queue?.close();
    await deleteRedisPrefix(prefix);
    await fakeIdp?.close();
    await db?.drop();
  });

  const runJob = async <N extends IdpMaintenanceResult['job']>(
    name: N,
  ): Promise<Extract<IdpMaintenanceResult, { job: N }>> => {
    const job = await queue.add(name, {});
    return (await job.waitUntilFinished(events)) as Extract<IdpMaintenanceResult, { job: N }>;
  };
  const newTenant = (slug: string) =>
    tenants.createWithReconcileIntent({ slug, displayName: slug, isolationModel: 'SHARED_POOL' });
  const certCondition = async (tenantId: string): Promise<Condition | undefined> =>
    (await tenants.findById(tenantId))!.conditions.find((c) => c.type === 'IdpCertificatesValid');
  const outbox = async (topic: string): Promise<OutboxRow[]> =>
    db.dataSource.query(`SELECT * FROM outbox_messages WHERE topic = $1 ORDER BY created_at`, [topic]);
  const metric = async (name: string, labels: Record<string, string>): Promise<number> => {
    const values = (await registry.getSingleMetric(name)!.get()).values;
    return values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value ?? 0;
  };
  const samlWith = (...certificates: string[]) =>
    testSamlMetadata('https://idp.rotating.example/saml', '', certificates);
  const inDays = (days: number) => new Date(Date.now() + days * DAY);

  let soon: Tenant;
  let soonIdp: IdentityProvider;

  it('flags a tenant whose IdP certificate expires in 5 days, with one outbox event however often it runs', async () => {
    soon = await newTenant('soon');
    const fine = await newTenant('fine');
    const bare = await newTenant('bare');
    const added = await providers.addSamlIdentityProvider(soon.id, {
      name: 'okta',
      metadataXml: samlWith(createTestCertificate({ commonName: 'Okta soon', notAfter: inDays(5) })),
    });
    soonIdp = added.identityProvider;
    expect(added.warnings).toEqual([expect.stringMatching(/expires on .* in 5 days/)]);
    await providers.addSamlIdentityProvider(fine.id, {
      name: 'okta',
      metadataXml: samlWith(createTestCertificate({ notAfter: inDays(400) })),
    });

    const first = await runJob(IDP_CERT_CHECK_JOB);
    expect(first.check).toMatchObject({
      tenants: 2,
      expiring: 1,
      expired: 0,
      events: { expiring: 1, expired: 0 },
    });

    const notAfter = soonIdp.saml!.certificates[0].notAfter;
    const condition = await certCondition(soon.id);
    expect(condition).toMatchObject({ status: 'False', reason: 'CertificateExpiring' });
    expect(condition!.message).toContain(`"okta": signing certificate expires on ${notAfter.slice(0, 10)}`);
    expect(await certCondition(fine.id)).toMatchObject({ status: 'True', reason: 'CertificatesValid' });
    expect(await certCondition(bare.id)).toBeUndefined();
    expect(announced.sort()).toEqual([fine.id, soon.id].sort());

    const [event] = await outbox('idp.certificate_expiring');
    expect(event).toMatchObject({ aggregate_id: soon.id, published_at: null });
    expect(event.payload).toMatchObject({
      tenantId: soon.id,
      identityProviderId: soonIdp.id,
      identityProviderName: 'okta',
      cognitoProviderName: soonIdp.cognitoProviderName,
      fingerprintSha256: soonIdp.saml!.certificates[0].fingerprintSha256,
      notAfter,
      threshold: 'expiring',
    });

    const second = await runJob(IDP_CERT_CHECK_JOB);
    expect(second.check).toMatchObject({ conditionsChanged: 0, events: { expiring: 0, expired: 0 } });
    expect(await outbox('idp.certificate_expiring')).toHaveLength(1);
    expect((await certCondition(soon.id))!.lastTransitionTime).toBe(condition!.lastTransitionTime);
    expect(await metric('idplane_idp_certificate_events_total', { threshold: 'expiring' })).toBe(1);
    expect(await metric('idplane_idp_certificates_at_risk', { state: 'expiring' })).toBe(1);
  });

  it('records one event per certificate even when checks race on several workers', async () => {
    const racy = await newTenant('racy');
    await providers.addSamlIdentityProvider(racy.id, {
      name: 'racy',
      metadataXml: samlWith(createTestCertificate({ commonName: 'Racy', notAfter: inDays(9) })),
    });
    const monitors = [1, 2, 3].map(() => new IdpCertificateMonitor(monitoring, { warningDays: 30 }));
    const results = await Promise.all(monitors.map((m) => m.run([racy.id])));
    expect(results.reduce((n, r) => n + r.events.expiring, 0)).toBe(1);
    const events = (await outbox('idp.certificate_expiring')).filter((r) => r.aggregate_id === racy.id);
    expect(events).toHaveLength(1);
  });

  it('leaves lifecycle events in the outbox for their own consumer: the reconcile relay does not take them', async () => {
    const reconcileQueue = new Queue(RECONCILE_QUEUE, { connection, prefix });
    try {
      const relay = new OutboxRelay(
        new OutboxRepository(db.dataSource),
        reconcileQueue,
        { intervalMs: 50, batchSize: 10, maxAttempts: 3 },
        (error) => {
          throw error;
        },
      );
      expect(await relay.drain()).toBeGreaterThan(0);
      const [event] = await outbox('idp.certificate_expiring');
      expect(event.published_at).toBeNull();
      const jobs = await reconcileQueue.getJobs(['waiting', 'prioritized', 'delayed']);
      expect(jobs.every((j) => j.name === 'tenant.reconcile')).toBe(true);
    } finally {
      await reconcileQueue.close();
    }
  });

  it('announces an expired certificate as its own event, and reconciler writes keep the condition', async () => {
    const old = await newTenant('old');
    const loadedByRun = (await tenants.findById(old.id))!;
    await providers.addSamlIdentityProvider(old.id, {
      name: 'adfs',
      metadataXml: samlWith(createTestCertificate({ commonName: 'AD FS', notAfter: inDays(-10) })),
    });
    const result = await runJob(IDP_CERT_CHECK_JOB);
    expect(result.check.events).toEqual({ expiring: 0, expired: 1 });
    expect(await certCondition(old.id)).toMatchObject({ status: 'False', reason: 'CertificateExpired' });
    const [expired] = await outbox('idp.certificate_expired');
    expect(expired.payload).toMatchObject({
      tenantId: old.id,
      identityProviderName: 'adfs',
      threshold: 'expired',
    });

    // A reconcile that loaded the tenant before the check records its outcome after it.
    await tenants.recordReconcileOutcome({
      tenantId: old.id,
      observedGeneration: loadedByRun.generation,
      status: 'ACTIVE',
      conditions: mergeConditions(
        loadedByRun.conditions,
        [
          { type: 'Ready', status: 'True', reason: 'Reconciled', message: '' },
          { type: 'IdpCertificatesValid', status: 'True', reason: 'CertificatesValid', message: 'stale' },
        ],
        new Date(),
      ),
    });
    const after = (await tenants.findById(old.id))!;
    expect(after.status).toBe('ACTIVE');
    expect(after.conditions.map((c) => [c.type, c.status])).toEqual([
      ['Ready', 'True'],
      ['IdpCertificatesValid', 'False'],
    ]);
  });

  it('sets the condition back to True when the last SAML IdP of the tenant is removed', async () => {
    const old = (await tenants.findBySlug('old'))!;
    const [adfs] = await providers.listIdentityProviders(old.id);
    await providers.removeIdentityProvider(old.id, adfs.id, adfs.version);
    const result = await runJob(IDP_CERT_CHECK_JOB);
    expect(result.check.changedTenantIds).toEqual([old.id]);
    expect(await certCondition(old.id)).toMatchObject({ status: 'True', reason: 'NoSamlIdentityProviders' });
    // The event stays in the outbox for delivery; only the IdP's own bookkeeping went with it.
    expect(await outbox('idp.certificate_expired')).toHaveLength(1);
    const notices = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM idp_certificate_notices WHERE tenant_id = $1`,
      [old.id],
    );
    expect(notices[0].n).toBe(0);
  });

  it('refreshes metadata from its URL: a rotated certificate is stored, reconciled and clears the condition', async () => {
    const rotating = await newTenant('rotating');
    const expiring = createTestCertificate({ commonName: 'Rotating', notAfter: inDays(3), serial: 7 });
    fakeIdp.serveSamlMetadata(samlWith(expiring));
    const { identityProvider: idp } = await providers.addSamlIdentityProvider(rotating.id, {
      name: 'rotating',
      metadataUrl: fakeIdp.samlMetadataUrl,
    });
    await runJob(IDP_CERT_CHECK_JOB);
    expect(await certCondition(rotating.id)).toMatchObject({
      status: 'False',
      reason: 'CertificateExpiring',
    });
    const generation = (await tenants.findById(rotating.id))!.generation;

    const unchanged = await runJob(IDP_METADATA_REFRESH_JOB);
    expect(unchanged.refresh).toMatchObject({ checked: 1, outcomes: { unchanged: 1 }, updatedTenantIds: [] });
    expect((await providers.listIdentityProviders(rotating.id))[0].version).toBe(idp.version);

    const rotated = createTestCertificate({ commonName: 'Rotating', notAfter: inDays(730), serial: 8 });
    fakeIdp.serveSamlMetadata(samlWith(rotated));
    const refreshed = await runJob(IDP_METADATA_REFRESH_JOB);
    expect(refreshed.refresh).toMatchObject({ outcomes: { updated: 1 }, updatedTenantIds: [rotating.id] });

    const [stored] = await providers.listIdentityProviders(rotating.id);
    expect(stored.version).toBe(idp.version + 1);
    expect(stored.saml!.certificates.map((c) => c.fingerprintSha256)).not.toEqual(
      idp.saml!.certificates.map((c) => c.fingerprintSha256),
    );
    expect(stored.details).toMatchObject({ metadataUrl: fakeIdp.samlMetadataUrl });
    expect((stored.details as { metadataXml: string }).metadataXml).toContain(rotated);
    const tenant = (await tenants.findById(rotating.id))!;
    expect(tenant.generation).toBe(generation + 1);
    const intents = (await outbox('tenant.reconcile')).filter((r) => r.aggregate_id === rotating.id);
    expect(intents.at(-1)!.payload).toMatchObject({ tenantId: rotating.id, generation: generation + 1 });

    // The refresh checks the tenants it changed right away, rather than at the next scheduled check.
    expect(refreshed.check).toMatchObject({ tenants: 1, conditionsChanged: 1 });
    expect(await certCondition(rotating.id)).toMatchObject({ status: 'True', reason: 'CertificatesValid' });
    expect(await metric('idplane_idp_metadata_refreshes_total', { outcome: 'updated' })).toBe(1);
  });

  it('keeps the stored IdP when the fetch fails or the document is invalid, and counts the failure', async () => {
    const [before] = await providers.listIdentityProviders((await tenants.findBySlug('rotating'))!.id);
    fakeIdp.serveSamlMetadata('upstream exploded', 500);
    const failed = await runJob(IDP_METADATA_REFRESH_JOB);
    expect(failed.refresh.outcomes).toMatchObject({ 'fetch-failed': 1, updated: 0 });
    expect(await metric('idplane_idp_metadata_fetch_failures_total', { reason: 'HTTP_STATUS' })).toBe(1);

    fakeIdp.serveSamlMetadata('<md:EntityDescriptor this is not xml');
    const invalid = await runJob(IDP_METADATA_REFRESH_JOB);
    expect(invalid.refresh.outcomes).toMatchObject({ invalid: 1, updated: 0 });
    expect(await metric('idplane_idp_metadata_refreshes_total', { outcome: 'invalid' })).toBe(1);

    const [after] = await providers.listIdentityProviders(before.tenantId);
    expect(after).toEqual(before);
  });

  it('schedules both jobs once however many workers start, and removes a job whose interval is 0', async () => {
    const schedulePrefix = `${prefix}-schedule`;
    const scheduled = new Queue(IDP_MAINTENANCE_QUEUE, { connection, prefix: schedulePrefix });
    try {
      const schedule = { certificateCheckIntervalMs: 3_600_000, metadataRefreshIntervalMs: 21_600_000 };
      await scheduleIdpMaintenance(scheduled, schedule);
      await scheduleIdpMaintenance(scheduled, schedule);
      const schedulers = await scheduled.getJobSchedulers();
      expect(schedulers.map((s) => [s.key, Number(s.every)]).sort()).toEqual([
        [IDP_CERT_CHECK_JOB, 3_600_000],
        [IDP_METADATA_REFRESH_JOB, 21_600_000],
      ]);
      await scheduleIdpMaintenance(scheduled, { ...schedule, metadataRefreshIntervalMs: 0 });
      expect((await scheduled.getJobSchedulers()).map((s) => s.key)).toEqual([IDP_CERT_CHECK_JOB]);
    } finally {
      await scheduled.close();
      await deleteRedisPrefix(schedulePrefix);
    }
  });
});
