import {
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { TypeOrmTenantStore } from '@idplane/persistence';
import type { TenantReconciler } from '@idplane/reconciler';
import { ReconcileHarness, startReconcileHarness } from '../support/reconcile-harness';

describe('TenantReconciler against the emulator (real Postgres, real SDK)', () => {
  let harness: ReconcileHarness;
  let emulatorUrl: string;
  let store: TypeOrmTenantStore;
  let reconciler: TenantReconciler;
  let sdk: CognitoIdentityProviderClient;

  beforeAll(async () => {
    harness = await startReconcileHarness('reconcile', 'it');
    ({ emulatorUrl, store, sdk } = harness);
    reconciler = harness.reconciler({}, {});
  });

  afterAll(() => harness?.close());

  const poolsNamed = async (name: string) =>
    ((await sdk.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools ?? []).filter(
      (p) => p.Name === name,
    );

  it('converges a DEDICATED_POOL tenant, then makes no mutating call on a second run', async () => {
    const tenant = await store.createWithReconcileIntent({
      slug: 'acme',
      displayName: 'Acme',
      isolationModel: 'DEDICATED_POOL',
    });
    const first = await reconciler.reconcile(tenant.id, 'create');
    expect(first.outcome).toBe('synced');
    expect(first.plan.map((s) => `${s.action} ${s.resource} ${s.name}`)).toEqual([
      'create UserPool idplane-it-acme',
      'create Domain idplane-it-acme',
      'create AppClient idplane-acme-web',
      'create Group admin',
      'create Group member',
      'create Group read-only',
    ]);
    const saved = (await store.findById(tenant.id))!;
    expect(saved).toMatchObject({ status: 'ACTIVE', observedGeneration: 1 });
    expect(saved.cognito.userPoolId).toBeTruthy();
    expect(saved.cognito.appClientId).toBeTruthy();
    expect(saved.cognito.issuer).toBe(`${emulatorUrl}/${saved.cognito.userPoolId}`);

    const second = await reconciler.reconcile(tenant.id, 'manual');
    expect(second).toMatchObject({ outcome: 'synced', plan: [], mutatingCalls: 0 });
    expect(Object.keys(second.calls).every((op) => /^(Describe|List|Get)/.test(op))).toBe(true);
    expect(await poolsNamed('idplane-it-acme')).toHaveLength(1);
  });

  it('converges SHARED_POOL tenants racing into one shared pool', async () => {
    const tenants = await Promise.all(
      ['alpha', 'bravo', 'charlie'].map((slug) =>
        store.createWithReconcileIntent({ slug, displayName: slug, isolationModel: 'SHARED_POOL' }),
      ),
    );
    const reports = await Promise.all(tenants.map((t) => reconciler.reconcile(t.id, 'create')));
    expect(reports.map((r) => r.outcome)).toEqual(['synced', 'synced', 'synced']);

    const shared = await poolsNamed('idplane-it-shared-0');
    expect(shared).toHaveLength(1);
    const poolId = shared[0].Id!;
    for (const t of tenants) expect((await store.findById(t.id))!.cognito.userPoolId).toBe(poolId);

    const groups = (await sdk.send(new ListGroupsCommand({ UserPoolId: poolId, Limit: 60 }))).Groups ?? [];
    expect(groups.map((g) => g.GroupName).sort()).toEqual([
      'alpha.admin',
      'alpha.member',
      'alpha.read-only',
      'bravo.admin',
      'bravo.member',
      'bravo.read-only',
      'charlie.admin',
      'charlie.member',
      'charlie.read-only',
    ]);
    const again = await Promise.all(tenants.map((t) => reconciler.reconcile(t.id, 'manual')));
    expect(again.map((r) => r.mutatingCalls)).toEqual([0, 0, 0]);
  });

  it('adopts a pool that a crashed run created but never recorded', async () => {
    const tenant = await store.createWithReconcileIntent({
      slug: 'crashed',
      displayName: 'Crashed',
      isolationModel: 'DEDICATED_POOL',
    });
    // What a run killed right after CreateUserPool leaves behind: the tenant is PROVISIONING (runs mark it so
    // before their first call), the pool exists, and Postgres knows nothing of it.
    await store.setStatus(tenant.id, 'PROVISIONING', ['PENDING']);
    await sdk.send(
      new CreateUserPoolCommand({
        PoolName: 'idplane-it-crashed',
        UserPoolTags: {
          'managed-by': 'idplane',
          'idplane:environment': 'it',
          'idplane:tenant-id': tenant.id,
        },
      }),
    );
    const report = await reconciler.reconcile(tenant.id, 'create');
    expect(report.outcome).toBe('synced');
    expect(report.plan.map((s) => `${s.action} ${s.resource}`)).toEqual([
      'create CustomAttribute',
      'create CustomAttribute',
      'create Domain',
      'create AppClient',
      'create Group',
      'create Group',
      'create Group',
    ]);
    expect(await poolsNamed('idplane-it-crashed')).toHaveLength(1);
  });

  it('does not adopt a same-named pool that belongs to another tenant', async () => {
    const tenant = await store.createWithReconcileIntent({
      slug: 'lookalike',
      displayName: 'Lookalike',
      isolationModel: 'DEDICATED_POOL',
    });
    await sdk.send(
      new CreateUserPoolCommand({
        PoolName: 'idplane-it-lookalike',
        UserPoolTags: { 'idplane:tenant-id': '00000000-0000-4000-8000-000000000000' },
      }),
    );
    await reconciler.reconcile(tenant.id, 'create');
    const saved = (await store.findById(tenant.id))!;
    const pools = await poolsNamed('idplane-it-lookalike');
    expect(pools).toHaveLength(2);
    const clients = await sdk.send(
      new ListUserPoolClientsCommand({ UserPoolId: saved.cognito.userPoolId!, MaxResults: 60 }),
    );
    expect(clients.UserPoolClients?.map((c) => c.ClientName)).toEqual(['idplane-lookalike-web']);
  });

  it('runs one reconcile per tenant at a time', async () => {
    const tenant = await store.createWithReconcileIntent({
      slug: 'racer',
      displayName: 'Racer',
      isolationModel: 'DEDICATED_POOL',
    });
    const reports = await Promise.all([1, 2, 3].map(() => reconciler.reconcile(tenant.id, 'manual')));
    const synced = reports.filter((r) => r.outcome === 'synced');
    expect(synced.length).toBeGreaterThanOrEqual(1);
    expect(reports.every((r) => r.outcome === 'synced' || r.outcome === 'locked')).toBe(true);
    expect(await poolsNamed('idplane-it-racer')).toHaveLength(1);
    expect(synced.reduce((n, r) => n + r.plan.filter((s) => s.resource === 'UserPool').length, 0)).toBe(1);
  });
});
