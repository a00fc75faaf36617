import { randomUUID } from 'node:crypto';
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetGroupCommand,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  UpdateGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { Registry } from 'prom-client';
import { CognitoClients } from '@idplane/cognito';
import { startCognitoEmulator } from '@idplane/cognito-emulator';
import { ConflictError, ValidationError } from '@idplane/errors';
import {
  AdvisoryLocks,
  postgresReconcileSources,
  TypeOrmReconcileRunStore,
  TypeOrmTenantStore,
} from '@idplane/persistence';
import { developmentSecretKeyring, SecretCipher } from '@idplane/secrets';
import { TenantReconciler, TransientReconcileError } from '@idplane/reconciler';
import { Tenant, TenantService } from '@idplane/tenancy';
import { WorkerMetrics } from '../../apps/worker/src/worker-metrics';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { emulatorAdmin, EmulatorAdmin } from '../support/emulator-admin';
import { emulatorSdk } from '../support/cognito-sdk';

interface EmulatorState {
  regions: Record<
    string,
    {
      userPools: Record<
        string,
        {
          config: { Name: string };
          tags: Record<string, string>;
          domain?: string;
          clients: Record<string, { ClientName: string }>;
          groups: Record<string, unknown>;
        }
      >;
      domains: Record<string, unknown>;
    }
  >;
}

describe('reconciling the full tenant spec against the emulator (real Postgres, real SDK)', () => {
  let db: TestDatabase;
  let emulator: { url: string; close(): Promise<void> };
  let store: TypeOrmTenantStore;
  let runs: TypeOrmReconcileRunStore;
  let clients: CognitoClients;
  let reconciler: TenantReconciler;
  let service: TenantService;
  let sdk: CognitoIdentityProviderClient;

  beforeAll(async () => {
    db = await createTestDatabase('reconcile_lifecycle');
    emulator = await startCognitoEmulator({ port: 0 });
    store = new TypeOrmTenantStore(db.dataSource);
    runs = new TypeOrmReconcileRunStore(db.dataSource);
    clients = new CognitoClients({ endpoint: emulator.url });
    reconciler = newReconciler(clients, 'it');
    service = new TenantService(store, { defaultRegion: 'us-east-1' });
    sdk = emulatorSdk(emulator.url);
  });

  afterAll(async () => {
    sdk?.destroy();
    clients?.destroy();
    await emulator?.close();
    await db?.drop();
  });

  function newReconciler(
    cognito: CognitoClients,
    environment: string,
    hooks: ConstructorParameters<typeof TenantReconciler>[5] = {},
  ) {
    return new TenantReconciler(
      store,
      postgresReconcileSources(db.dataSource, new SecretCipher(developmentSecretKeyring())),
      cognito,
      new AdvisoryLocks(db.dataSource),
      { environment, region: 'us-east-1' },
      { runs, ...hooks },
    );
  }

  const admin: EmulatorAdmin = (method, path, body) => emulatorAdmin(emulator.url)(method, path, body);
  const emulatorPools = async () =>
    Object.values((await admin<EmulatorState>('GET', 'state')).regions['us-east-1']?.userPools ?? {});
  const poolsNamed = async (name: string) =>
    ((await sdk.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools ?? []).filter(
      (p) => p.Name === name,
    );
  const reload = async (t: Tenant) => (await store.findById(t.id))!;
  /** The statuses the tenant's tenant.status_changed lifecycle events announced, oldest first. */
  const announcedStatuses = async (t: Tenant): Promise<string[]> =>
    (
      (await db.dataSource.query(
        `SELECT payload->>'to' AS status FROM outbox_messages
         WHERE topic = 'tenant.status_changed' AND aggregate_id = $1 ORDER BY created_at, id`,
        [t.id],
      )) as { status: string }[]
    ).map((r) => r.status);
  const groupsOf = async (poolId: string) =>
    ((await sdk.send(new ListGroupsCommand({ UserPoolId: poolId, Limit: 60 }))).Groups ?? [])
      .map((g) => g.GroupName)
      .sort();
  const clientNamesOf = async (poolId: string) =>
    (
      (await sdk.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 60 })))
        .UserPoolClients ?? []
    ).map((c) => c.ClientName);

  /** Reconciles until a run gets past transient errors, as the queue's retries would. */
  async function reconcileUntilSettled(tenantId: string, reconcilerToUse = reconciler, attempts = 40) {
    for (let i = 1; ; i++) {
      try {
        return await reconcilerToUse.reconcile(tenantId, 'manual');
      } catch (error) {
        if (!(error instanceof TransientReconcileError) || i >= attempts) throw error;
      }
    }
  }

  it('converges a DEDICATED_POOL tenant with its full spec, then makes no mutating call', async () => {
    const tenant = await service.createTenant({
      slug: 'acme',
      displayName: 'Acme',
      isolationModel: 'DEDICATED_POOL',
      callbackUrls: ['https://acme.example/callback', 'http://localhost:3000/callback'],
      logoutUrls: ['https://acme.example/bye'],
      oauthScopes: ['openid', 'email'],
      passwordPolicy: { minimumLength: 12, requireSymbols: false },
      mfa: 'OPTIONAL',
      threatProtection: 'AUDIT',
      deletionProtection: true,
    });
    expect(tenant.region).toBe('us-east-1');
    const first = await reconciler.reconcile(tenant.id, 'create');
    expect(first.outcome).toBe('synced');
    expect(first.plan.map((s) => `${s.action} ${s.resource}`)).toEqual([
      'create UserPool',
      'create Domain',
      'create AppClient',
      'create Group',
      'create Group',
      'create Group',
    ]);
    const saved = await reload(tenant);
    expect(saved).toMatchObject({ status: 'ACTIVE', observedGeneration: 1 });
    expect(saved.cognito.domain).toBe('idplane-it-acme.auth.us-east-1.amazoncognito.com');
    // The report carries the status the run recorded, which the worker announces without reading it again.
    expect(first.settled).toEqual({
      status: saved.status,
      generation: saved.generation,
      observedGeneration: saved.observedGeneration,
      conditions: saved.conditions,
    });

    const { UserPool: pool } = await sdk.send(
      new DescribeUserPoolCommand({ UserPoolId: saved.cognito.userPoolId! }),
    );
    expect(pool).toMatchObject({
      Name: 'idplane-it-acme',
      Domain: 'idplane-it-acme',
      MfaConfiguration: 'OPTIONAL',
      DeletionProtection: 'ACTIVE',
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' },
      UserPoolTags: {
        'managed-by': 'idplane',
        'idplane:environment': 'it',
        'idplane:tenant-id': tenant.id,
      },
    });
    expect(pool!.Policies!.PasswordPolicy).toMatchObject({ MinimumLength: 12, RequireSymbols: false });
    const { UserPoolClient: client } = await sdk.send(
      new DescribeUserPoolClientCommand({
        UserPoolId: saved.cognito.userPoolId!,
        ClientId: saved.cognito.appClientId!,
      }),
    );
    expect(client).toMatchObject({
      CallbackURLs: ['https://acme.example/callback', 'http://localhost:3000/callback'],
      LogoutURLs: ['https://acme.example/bye'],
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email'],
      AllowedOAuthFlowsUserPoolClient: true,
    });

    const second = await reconciler.reconcile(tenant.id, 'manual');
    expect(second).toMatchObject({ outcome: 'synced', plan: [], mutatingCalls: 0 });
    expect(Object.keys(second.calls).every((op) => /^(Describe|List|Get)/.test(op))).toBe(true);
  });

  it('converges SHARED_POOL tenants into the shard with its domain, and pages their run records', async () => {
    const tenant = await service.createTenant({
      slug: 'globex',
      displayName: 'Globex',
      isolationModel: 'SHARED_POOL',
      callbackUrls: ['https://globex.example/cb'],
    });
    expect((await reconciler.reconcile(tenant.id, 'create')).outcome).toBe('synced');
    const saved = await reload(tenant);
    expect(saved.cognito.domain).toBe('idplane-it-shared-0.auth.us-east-1.amazoncognito.com');
    const [shard] = await poolsNamed('idplane-it-shared-0');
    const { UserPool: pool } = await sdk.send(new DescribeUserPoolCommand({ UserPoolId: shard.Id! }));
    expect(pool).toMatchObject({ Domain: 'idplane-it-shared-0', DeletionProtection: 'ACTIVE' });
    expect(await groupsOf(shard.Id!)).toEqual(['globex.admin', 'globex.member', 'globex.read-only']);

    const again = await reconciler.reconcile(tenant.id, 'manual');
    expect(again).toMatchObject({ outcome: 'synced', mutatingCalls: 0 });
    // One DescribeUserPool for the remembered shard, one client describe and a Get per group: no list pages.
    expect(again.calls).toEqual({ DescribeUserPool: 1, DescribeUserPoolClient: 1, GetGroup: 3 });

    const page1 = await runs.listForTenant(tenant.id, { first: 1 });
    expect(page1.hasNextPage).toBe(true);
    expect(page1.runs[0]).toMatchObject({
      id: again.runId,
      trigger: 'manual',
      outcome: 'synced',
      mutatingCalls: 0,
    });
    const page2 = await runs.listForTenant(tenant.id, {
      first: 5,
      after: { createdAt: page1.runs[0].createdAt, id: page1.runs[0].id },
    });
    expect(page2.hasNextPage).toBe(false);
    expect(page2.runs.map((r) => [r.trigger, r.outcome, r.generation])).toEqual([['create', 'synced', 1]]);
    expect(page2.runs[0].calls.CreateUserPoolClient).toBe(1);
    expect(page2.runs[0].plan.length).toBeGreaterThan(0);
  });

  it('applies a spec update with the full pool settings, under optimistic concurrency', async () => {
    const tenant = (await store.findBySlug('acme'))!;
    await expect(
      service.updateTenantSpec(tenant.id, { mfa: 'ON' }, tenant.version + 1),
    ).rejects.toBeInstanceOf(ConflictError);
    const bad = await service
      .updateTenantSpec(
        tenant.id,
        { callbackUrls: ['https://ok.example', 'http://evil.example'], region: 'eu-west-1' },
        tenant.version,
      )
      .catch((e: ValidationError) => e);
    expect((bad as ValidationError).issues.map((i) => i.field)).toEqual([
      'input.region',
      'input.callbackUrls[1]',
    ]);

    const updated = await service.updateTenantSpec(tenant.id, { mfa: 'ON', logoutUrls: [] }, tenant.version);
    expect(updated).toMatchObject({ generation: 2, version: tenant.version + 1, mfa: 'ON' });
    const outbox = await db.dataSource.query(
      `SELECT payload FROM outbox_messages WHERE aggregate_id = $1 ORDER BY created_at`,
      [tenant.id],
    );
    expect(outbox.at(-1).payload).toEqual({ tenantId: tenant.id, generation: 2, trigger: 'update' });

    const report = await reconciler.reconcile(tenant.id, 'update');
    expect(report.plan).toEqual([
      { action: 'update', resource: 'UserPool', name: 'idplane-it-acme', changes: ['mfa'] },
      { action: 'update', resource: 'AppClient', name: 'idplane-acme-web', changes: ['logoutUrls'] },
    ]);
    const { UserPool: pool } = await sdk.send(
      new DescribeUserPoolCommand({ UserPoolId: updated.cognito.userPoolId! }),
    );
    // UpdateUserPool resets what it is not sent: the untouched settings must still be there.
    expect(pool).toMatchObject({
      MfaConfiguration: 'ON',
      DeletionProtection: 'ACTIVE',
      UserPoolTier: 'PLUS',
    });
    expect(pool!.Policies!.PasswordPolicy!.MinimumLength).toBe(12);
    expect(await reload(tenant)).toMatchObject({ observedGeneration: 2, status: 'ACTIVE' });
  });

  it('suspends sign-in while keeping the client, and resumes it', async () => {
    let tenant = (await store.findBySlug('globex'))!;
    tenant = await service.suspendTenant(tenant.id, tenant.version);
    await reconciler.reconcile(tenant.id, 'suspend');
    tenant = await reload(tenant);
    expect(tenant.status).toBe('SUSPENDED');
    const describe = async () =>
      (
        await sdk.send(
          new DescribeUserPoolClientCommand({
            UserPoolId: tenant.cognito.userPoolId!,
            ClientId: tenant.cognito.appClientId!,
          }),
        )
      ).UserPoolClient!;
    expect(await describe()).toMatchObject({
      ExplicitAuthFlows: [],
      SupportedIdentityProviders: [],
      AllowedOAuthFlowsUserPoolClient: false,
    });
    tenant = await service.resumeTenant(tenant.id, tenant.version);
    await reconciler.reconcile(tenant.id, 'resume');
    tenant = await reload(tenant);
    expect(tenant.status).toBe('ACTIVE');
    expect(await describe()).toMatchObject({
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'],
      SupportedIdentityProviders: ['COGNITO'],
      AllowedOAuthFlowsUserPoolClient: true,
    });
  });

  describe('shared-pool shards', () => {
    async function provision(
      region: string,
      slugs: string[],
      sharding: { capacity: number; minShards: number; identityProviderCapacity?: number },
    ) {
      const sharded = new TenantReconciler(
        store,
        postgresReconcileSources(db.dataSource, new SecretCipher(developmentSecretKeyring())),
        clients,
        new AdvisoryLocks(db.dataSource),
        { environment: 'shard', region, sharding },
        { runs },
      );
      const tenants = [];
      for (const slug of slugs) {
        const tenant = await service.createTenant({
          slug,
          displayName: slug,
          isolationModel: 'SHARED_POOL',
          region,
        });
        expect((await sharded.reconcile(tenant.id, 'create')).outcome).toBe('synced');
        tenants.push(await reload(tenant));
      }
      const regional = new CognitoIdentityProviderClient({
        region,
        endpoint: emulator.url,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      });
      const pools = ((await regional.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools ?? [])
        .map((p) => p.Name)
        .sort();
      regional.destroy();
      return { tenants, pools };
    }

    it('opens a new shard when the open ones are full', async () => {
      const { tenants, pools } = await provision('eu-west-1', ['sh-a', 'sh-b', 'sh-c', 'sh-d', 'sh-e'], {
        capacity: 2,
        minShards: 1,
      });
      expect(tenants.map((t) => t.sharedPoolShard)).toEqual([0, 0, 1, 1, 2]);
      expect(pools).toEqual(['idplane-shard-shared-0', 'idplane-shard-shared-1', 'idplane-shard-shared-2']);
      expect(new Set(tenants.map((t) => t.cognito.userPoolId)).size).toBe(3);
      expect(tenants[4].cognito.domain).toBe('idplane-shard-shared-2.auth.eu-west-1.amazoncognito.com');
    });

    it('opens a new shard before the IdP capacity is passed, one IdP reserved per tenant', async () => {
      const { tenants, pools } = await provision('ca-central-1', ['si-a', 'si-b', 'si-c'], {
        capacity: 10,
        minShards: 1,
        identityProviderCapacity: 2,
      });
      expect(tenants.map((t) => t.sharedPoolShard)).toEqual([0, 0, 1]);
      expect(pools).toEqual(['idplane-shard-shared-0', 'idplane-shard-shared-1']);
    });

    it('spreads tenants over the minimum number of shards from the start', async () => {
      const { tenants, pools } = await provision('ap-south-1', ['sp-a', 'sp-b', 'sp-c', 'sp-d'], {
        capacity: 10,
        minShards: 2,
      });
      expect(tenants.map((t) => t.sharedPoolShard)).toEqual([0, 1, 0, 1]);
      expect(pools).toEqual(['idplane-shard-shared-0', 'idplane-shard-shared-1']);
    });
  });

  describe('a crash after each Cognito call of a plan', () => {
    /** SDK clients whose k-th mutating call reaches Cognito and succeeds, and then the "process dies". */
    function crashingAfter(k: number): CognitoClients {
      const crashing = new CognitoClients({ endpoint: emulator.url, maxAttempts: 1 });
      let mutating = 0;
      crashing.forRegion('us-east-1').middlewareStack.add(
        (next, context) => async (args) => {
          const result = await next(args);
          if (/^(Create|Update|Delete|Add|Tag|Untag)/.test(String(context.commandName)) && ++mutating === k)
            throw Object.assign(new Error(`simulated crash after ${String(context.commandName)}`), {
              name: 'SimulatedCrash',
            });
          return result;
        },
        { step: 'initialize', name: 'simulatedCrash' },
      );
      return crashing;
    }

    it.each([1, 2, 3, 4, 5, 6])(
      'converges with no duplicates after a crash following call %i (dedicated)',
      async (k) => {
        const tenant = await service.createTenant({
          slug: `crash-d${k}`,
          displayName: 'Crash',
          isolationModel: 'DEDICATED_POOL',
        });
        const crashing = crashingAfter(k);
        await expect(newReconciler(crashing, 'it').reconcile(tenant.id, 'create')).rejects.toBeInstanceOf(
          TransientReconcileError,
        );
        crashing.destroy();
        expect((await reload(tenant)).status).toBe('PROVISIONING');

        expect((await reconciler.reconcile(tenant.id, 'create')).outcome).toBe('synced');
        expect((await reconciler.reconcile(tenant.id, 'manual')).mutatingCalls).toBe(0);
        const pools = await poolsNamed(`idplane-it-crash-d${k}`);
        expect(pools).toHaveLength(1);
        expect(await clientNamesOf(pools[0].Id!)).toEqual([`idplane-crash-d${k}-web`]);
        expect(await groupsOf(pools[0].Id!)).toEqual(['admin', 'member', 'read-only']);
        expect((await reload(tenant)).status).toBe('ACTIVE');
      },
    );

    it.each([1, 2, 3, 4, 5, 6])(
      'converges with no duplicates after a crash following call %i (shared, new shard)',
      async (k) => {
        const environment = `crash${k}`;
        const tenant = await service.createTenant({
          slug: `crash-s${k}`,
          displayName: 'Crash',
          isolationModel: 'SHARED_POOL',
        });
        const crashing = crashingAfter(k);
        await expect(
          newReconciler(crashing, environment).reconcile(tenant.id, 'create'),
        ).rejects.toBeInstanceOf(TransientReconcileError);
        crashing.destroy();
        const healthy = newReconciler(clients, environment);
        expect((await healthy.reconcile(tenant.id, 'create')).outcome).toBe('synced');
        expect((await healthy.reconcile(tenant.id, 'manual')).mutatingCalls).toBe(0);
        const pools = await poolsNamed(`idplane-${environment}-shared-0`);
        expect(pools).toHaveLength(1);
        expect(await clientNamesOf(pools[0].Id!)).toEqual([`idplane-crash-s${k}-web`]);
        expect(await groupsOf(pools[0].Id!)).toEqual([
          `crash-s${k}.admin`,
          `crash-s${k}.member`,
          `crash-s${k}.read-only`,
        ]);
        const state = await admin<EmulatorState>('GET', 'state');
        expect(Object.keys(state.regions['us-east-1'].domains)).toContain(`idplane-${environment}-shared-0`);
      },
    );
  });

  it('lets two reconcilers race on one tenant without duplicating anything', async () => {
    const tenant = await service.createTenant({
      slug: 'racer',
      displayName: 'Racer',
      isolationModel: 'DEDICATED_POOL',
    });
    const other = newReconciler(new CognitoClients({ endpoint: emulator.url }), 'it');
    const reports = await Promise.all([
      reconciler.reconcile(tenant.id, 'create'),
      other.reconcile(tenant.id, 'create'),
      reconciler.reconcile(tenant.id, 'manual'),
      other.reconcile(tenant.id, 'manual'),
    ]);
    expect(reports.every((r) => r.outcome === 'synced' || r.outcome === 'locked')).toBe(true);
    await reconcileUntilSettled(tenant.id, other);
    expect(await poolsNamed('idplane-it-racer')).toHaveLength(1);
    const all = await runs.listForTenant(tenant.id, { first: 50 });
    expect(all.runs.reduce((n, r) => n + (r.calls.CreateUserPool ?? 0), 0)).toBe(1);
  });

  describe('drift', () => {
    /** The drift events in the outbox, for webhook delivery. */
    const driftEvents = async (tenantId: string) =>
      (
        (await db.dataSource.query(
          `SELECT payload FROM outbox_messages WHERE topic = 'tenant.drift_detected' AND aggregate_id = $1
           ORDER BY created_at`,
          [tenantId],
        )) as { payload: unknown }[]
      ).map((r) => r.payload);

    it('honours REPORT_ONLY when the sweep retries a FAILED tenant whose generation was applied', async () => {
      let tenant = await service.createTenant({
        slug: 'failed-watcher',
        displayName: 'Failed watcher',
        isolationModel: 'DEDICATED_POOL',
        driftPolicy: 'REPORT_ONLY',
      });
      expect((await reconciler.reconcile(tenant.id, 'create')).outcome).toBe('synced');
      // As a drift run throttled until its attempts ran out leaves it: FAILED, with its generation applied.
      await db.dataSource.query(`UPDATE tenants SET status = 'FAILED' WHERE id = $1`, [tenant.id]);
      tenant = await reload(tenant);
      expect(tenant.observedGeneration).toBe(tenant.generation);
      await sdk.send(
        new UpdateGroupCommand({
          UserPoolId: tenant.cognito.userPoolId!,
          GroupName: 'member',
          Precedence: 77,
        }),
      );
      const report = await reconciler.reconcile(tenant.id, 'drift-sweep');
      expect(report).toMatchObject({ outcome: 'drift-reported', mutatingCalls: 0 });
      const { Group } = await sdk.send(
        new GetGroupCommand({ UserPoolId: tenant.cognito.userPoolId!, GroupName: 'member' }),
      );
      expect(Group!.Precedence).toBe(77);
      expect((await reload(tenant)).status).toBe('DEGRADED');
    });

    it('corrects a group changed behind idplane, and records the run as drift-corrected', async () => {
      const tenant = (await store.findBySlug('acme'))!;
      await sdk.send(
        new UpdateGroupCommand({
          UserPoolId: tenant.cognito.userPoolId!,
          GroupName: 'admin',
          Precedence: 99,
        }),
      );
      const report = await reconciler.reconcile(tenant.id, 'drift-sweep');
      expect(report).toMatchObject({
        outcome: 'drift-corrected',
        plan: [{ action: 'update', resource: 'Group', name: 'admin', changes: ['precedence'] }],
      });
      const { Group } = await sdk.send(
        new GetGroupCommand({ UserPoolId: tenant.cognito.userPoolId!, GroupName: 'admin' }),
      );
      expect(Group!.Precedence).toBe(10);
      expect((await reload(tenant)).status).toBe('ACTIVE');
      expect((await runs.listForTenant(tenant.id, { first: 1 })).runs[0].outcome).toBe('drift-corrected');
      expect(await driftEvents(tenant.id)).toEqual([
        {
          tenantId: tenant.id,
          runId: report.runId,
          handling: 'corrected',
          plan: [expect.objectContaining({ action: 'update', resource: 'Group', name: 'admin' })],
        },
      ]);
    });

    it('only reports drift for a REPORT_ONLY tenant: Degraded, Synced=False, reason Drifted', async () => {
      let tenant = await service.createTenant({
        slug: 'watcher',
        displayName: 'Watcher',
        isolationModel: 'SHARED_POOL',
        driftPolicy: 'REPORT_ONLY',
      });
      await reconciler.reconcile(tenant.id, 'create');
      tenant = await reload(tenant);
      await sdk.send(
        new UpdateGroupCommand({
          UserPoolId: tenant.cognito.userPoolId!,
          GroupName: 'watcher.member',
          Description: 'changed by hand',
          Precedence: 20,
        }),
      );
      const report = await reconciler.reconcile(tenant.id, 'drift-sweep');
      expect(report).toMatchObject({ outcome: 'drift-reported', mutatingCalls: 0 });
      expect(await driftEvents(tenant.id)).toEqual([
        expect.objectContaining({ runId: report.runId, handling: 'reported' }),
      ]);
      // Found again by the next sweeps, still reported: one event for the drift, not one per sweep, whether or
      // not the relay has delivered the first.
      await db.dataSource.query(`UPDATE outbox_messages SET published_at = now() WHERE aggregate_id = $1`, [
        tenant.id,
      ]);
      expect(await reconciler.reconcile(tenant.id, 'drift-sweep')).toMatchObject({
        outcome: 'drift-reported',
      });
      // A sweep throttled in between says nothing about the drift: the next one is no news either.
      await runs.record({
        id: randomUUID(),
        tenantId: tenant.id,
        trigger: 'drift-sweep',
        generation: tenant.generation,
        outcome: 'transient-error',
        plan: [],
        calls: {},
        mutatingCalls: 0,
        durationMs: 1,
        error: 'TooManyRequestsException: Rate exceeded',
      });
      expect(await reconciler.reconcile(tenant.id, 'drift-sweep')).toMatchObject({
        outcome: 'drift-reported',
      });
      expect(await driftEvents(tenant.id)).toHaveLength(1);
      // Drift that changes is news again.
      await sdk.send(
        new UpdateGroupCommand({
          UserPoolId: tenant.cognito.userPoolId!,
          GroupName: 'watcher.admin',
          Description: 'changed by hand too',
        }),
      );
      expect(await reconciler.reconcile(tenant.id, 'drift-sweep')).toMatchObject({
        outcome: 'drift-reported',
      });
      expect(await driftEvents(tenant.id)).toHaveLength(2);
      tenant = await reload(tenant);
      expect(tenant.status).toBe('DEGRADED');
      expect(tenant.conditions.find((c) => c.type === 'Synced')).toMatchObject({
        status: 'False',
        reason: 'Drifted',
      });
      expect(tenant.conditions.find((c) => c.type === 'Degraded')).toMatchObject({
        status: 'True',
        reason: 'Drifted',
      });
      const { Group } = await sdk.send(
        new GetGroupCommand({ UserPoolId: tenant.cognito.userPoolId!, GroupName: 'watcher.member' }),
      );
      expect(Group!.Description).toBe('changed by hand');

      // A spec change is still applied: it is not drift.
      tenant = await service.updateTenantSpec(tenant.id, { driftPolicy: 'CORRECT' }, tenant.version);
      expect((await reconciler.reconcile(tenant.id, 'update')).outcome).toBe('synced');
      expect((await reload(tenant)).status).toBe('ACTIVE');
      expect(await announcedStatuses(tenant)).toEqual(['ACTIVE', 'DEGRADED', 'ACTIVE']);
    });
  });

  describe('deletion', () => {
    it('deletes a protected DEDICATED_POOL tenant: protection off, domain, pool; nothing left behind', async () => {
      let tenant = (await store.findBySlug('acme'))!;
      const poolId = tenant.cognito.userPoolId!;
      tenant = await service.deleteTenant(tenant.id, tenant.version);
      expect(tenant.status).toBe('DELETING');
      const report = await reconciler.reconcile(tenant.id, 'delete');
      expect(report.plan.map((s) => `${s.action} ${s.resource}`)).toEqual([
        'update UserPool',
        'delete Domain',
        'delete UserPool',
      ]);
      expect(await reload(tenant)).toMatchObject({
        status: 'DELETED',
        cognito: { userPoolId: null, domain: null },
      });
      const state = await admin<EmulatorState>('GET', 'state');
      expect(state.regions['us-east-1'].userPools[poolId]).toBeUndefined();
      expect(Object.keys(state.regions['us-east-1'].domains)).not.toContain('idplane-it-acme');
      expect((await reconciler.reconcile(tenant.id, 'manual')).outcome).toBe('gone');
      // Deletion is announced as it starts and as it ends, once each.
      expect((await announcedStatuses(tenant)).slice(-2)).toEqual(['DELETING', 'DELETED']);
      expect((await announcedStatuses(tenant)).filter((s) => s.startsWith('DELET'))).toHaveLength(2);
    });

    it("removes only a SHARED_POOL tenant's slice, never the shard or other tenants", async () => {
      let tenant = (await store.findBySlug('globex'))!;
      tenant = await service.deleteTenant(tenant.id, tenant.version);
      await reconciler.reconcile(tenant.id, 'delete');
      expect((await reload(tenant)).status).toBe('DELETED');
      const shard = (await emulatorPools()).find((p) => p.config.Name === 'idplane-it-shared-0')!;
      expect(Object.values(shard.clients).map((c) => c.ClientName)).not.toContain('idplane-globex-web');
      expect(Object.values(shard.clients).map((c) => c.ClientName)).toContain('idplane-watcher-web');
      expect(Object.keys(shard.groups).sort()).toEqual([
        'watcher.admin',
        'watcher.member',
        'watcher.read-only',
      ]);
      expect(shard.domain).toBe('idplane-it-shared-0');
    });

    it('keeps a RETAIN pool and strips only idplane tags', async () => {
      let tenant = await service.createTenant({
        slug: 'keeper',
        displayName: 'Keeper',
        isolationModel: 'DEDICATED_POOL',
        deletionPolicy: 'RETAIN',
        deletionProtection: true,
      });
      await reconciler.reconcile(tenant.id, 'create');
      tenant = await reload(tenant);
      tenant = await service.deleteTenant(tenant.id, tenant.version);
      const report = await reconciler.reconcile(tenant.id, 'delete');
      expect(report.plan).toEqual([{ action: 'delete', resource: 'Tags', name: 'idplane-it-keeper' }]);
      const kept = (await emulatorPools()).find((p) => p.config.Name === 'idplane-it-keeper')!;
      expect(kept.tags).toEqual({});
      expect(await reload(tenant)).toMatchObject({
        status: 'DELETED',
        cognito: { userPoolId: tenant.cognito.userPoolId },
      });
    });

    it('refuses changes to a deleted tenant', async () => {
      const tenant = (await store.findBySlug('keeper'))!;
      await expect(service.suspendTenant(tenant.id, tenant.version)).rejects.toMatchObject({
        code: 'PRECONDITION_FAILED',
      });
    });
  });

  it('converges through a throttling storm without an error reaching the tenant status', async () => {
    const tenant = await service.createTenant({
      slug: 'stormy',
      displayName: 'Stormy',
      isolationModel: 'SHARED_POOL',
    });
    // Clients of their own: the SDK's adaptive retry slows a client down after throttles, for all later calls.
    const stormClients = new CognitoClients({ endpoint: emulator.url, maxAttempts: 2 });
    // Every call reaches the worker's metrics, as apps/worker wires them.
    const registry = new Registry();
    const metrics = new WorkerMetrics(registry);
    const stormy = newReconciler(stormClients, 'it', { onCall: (call) => metrics.recordCall(call) });
    const byOperation = async (name: string, outcome?: string) => {
      const values = (await registry.getSingleMetric(name)!.get()).values;
      const counts: Record<string, number> = {};
      for (const v of values)
        if (outcome === undefined || v.labels.outcome === outcome)
          counts[String(v.labels.operation)] = (counts[String(v.labels.operation)] ?? 0) + v.value;
      return counts;
    };
    const throttledOutcomes = async () =>
      Object.values(await byOperation('idplane_cognito_throttled_calls_total')).reduce((a, b) => a + b, 0);
    await admin('POST', 'calls/reset');
    await admin('POST', 'faults', { operation: '*', throttleRate: 0.3 });
    const statuses = new Set<string>();
    let emulatorCalls: Record<string, Record<string, number>> = {};
    try {
      // Until synced under fire, with at least one call that stayed throttled after the SDK's retries (a run that
      // met none reconciles again, with reads only).
      for (let i = 0; i < 100; i++) {
        try {
          const report = await stormy.reconcile(tenant.id, 'create');
          if (report.outcome === 'synced' && (await throttledOutcomes()) > 0) break;
        } catch (error) {
          if (!(error instanceof TransientReconcileError)) throw error;
        }
        statuses.add((await reload(tenant)).status);
      }
      // A run that failed fast (one call of a parallel read gave up) may leave sibling calls still retrying, more so
      // as the adaptive retry paces them: wait until every call the emulator answered has reached the metrics.
      const answered = async () =>
        Object.values(await admin<Record<string, Record<string, number>>>('GET', 'calls')).reduce(
          (n, byOutcome) => n + Object.values(byOutcome).reduce((a, b) => a + b, 0),
          0,
        );
      const recorded = async () =>
        [
          ...Object.values(await byOperation('idplane_cognito_calls_total')),
          ...Object.values(await byOperation('idplane_cognito_call_retries_total')),
        ].reduce((a, b) => a + b, 0);
      for (let i = 0; i < 100 && (await answered()) !== (await recorded()); i++)
        await new Promise((r) => setTimeout(r, 200));
      emulatorCalls = await admin<Record<string, Record<string, number>>>('GET', 'calls');
    } finally {
      await admin('POST', 'faults/reset');
      stormClients.destroy();
    }
    expect([...statuses].every((s) => s === 'PROVISIONING' || s === 'ACTIVE')).toBe(true);
    const saved = await reload(tenant);
    expect(saved.status).toBe('ACTIVE');
    expect(saved.conditions.find((c) => c.type === 'Synced')).toMatchObject({ status: 'True' });

    // The storm shows in the metrics as the emulator saw it: each answered call as outcome ok, each throttled
    // answer either as a retry the SDK made or as a call whose outcome stayed TooManyRequestsException.
    const ok = await byOperation('idplane_cognito_calls_total', 'ok');
    const throttled = await byOperation('idplane_cognito_calls_total', 'TooManyRequestsException');
    const throttledCounter = await byOperation('idplane_cognito_throttled_calls_total');
    const retries = await byOperation('idplane_cognito_call_retries_total');
    expect(Object.values(throttled).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(Object.values(retries).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(throttledCounter).toEqual(throttled);
    // An operation may have been called only while throttled: it then has no ok calls on either side.
    const operations = Object.keys(emulatorCalls).sort();
    expect(operations).toEqual(expect.arrayContaining(Object.keys(ok)));
    for (const op of operations) {
      expect(ok[op] ?? 0).toBe(emulatorCalls[op].ok ?? 0);
      expect((throttled[op] ?? 0) + (retries[op] ?? 0)).toBe(emulatorCalls[op].TooManyRequestsException ?? 0);
    }
  }, 300_000);

  it('surfaces a permanent error as a condition with AWS message, without retrying', async () => {
    const { limits } = await admin<{ limits: { userPoolsPerAccount: number } }>('GET', 'quotas');
    const pools = (await emulatorPools()).length;
    await admin('POST', 'quotas', { limits: { userPoolsPerAccount: pools } });
    const tenant = await service.createTenant({
      slug: 'toomany',
      displayName: 'Too many',
      isolationModel: 'DEDICATED_POOL',
    });
    try {
      // The clients' default attempts: a resource limit is not retried (CognitoRetryStrategy).
      const report = await newReconciler(clients, 'it').reconcile(tenant.id, 'create');
      expect(report.outcome).toBe('permanent-error');
      expect(report.error).toMatch(/LimitExceededException/);
      // The run record keeps what the report said: the duration and AWS's message.
      const [run] = (await runs.listForTenant(tenant.id, { first: 1 })).runs;
      expect(run).toMatchObject({
        id: report.runId,
        trigger: 'create',
        outcome: 'permanent-error',
        durationMs: Math.round(report.durationMs),
        error: report.error,
      });
      expect(Number.isInteger(run.durationMs) && run.durationMs >= 0).toBe(true);
      expect(run.error).toMatch(/^LimitExceededException: .+/);
    } finally {
      await admin('POST', 'quotas', { limits });
    }
    const saved = await reload(tenant);
    expect(saved.status).toBe('FAILED');
    expect(saved.conditions.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'CognitoRejected',
      message: expect.stringMatching(/LimitExceededException/),
    });
    // Once the limit is lifted, a retry converges.
    expect((await reconciler.reconcile(tenant.id, 'manual')).outcome).toBe('synced');
    expect(await announcedStatuses(tenant)).toEqual(['FAILED', 'ACTIVE']);
  });
});
