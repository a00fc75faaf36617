import {
  CognitoIdentityProviderClient,
  DeleteUserPoolClientCommand,
  DescribeRiskConfigurationCommand,
  DescribeUserPoolClientCommand,
  ListResourceServersCommand,
  ListUserPoolClientsCommand,
  SetRiskConfigurationCommand,
  UpdateResourceServerCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { TypeOrmTenantStore } from '@idplane/persistence';
import type { TenantReconciler } from '@idplane/reconciler';
import type { Tenant, TenantService } from '@idplane/tenancy';
import { ReconcileHarness, startReconcileHarness } from '../support/reconcile-harness';
import type { TestDatabase } from '../support/test-database';

const orders = {
  identifier: 'https://api.example.com/orders',
  name: 'Orders',
  scopes: [
    { name: 'read', description: 'Read orders' },
    { name: 'write', description: 'Write orders' },
  ],
};
const billing = {
  identifier: 'billing',
  name: 'Billing',
  scopes: [{ name: 'charge', description: 'Charge' }],
};
const risk = {
  compromisedCredentials: 'BLOCK',
  accountTakeover: { low: 'NO_ACTION', medium: 'MFA_IF_CONFIGURED', high: 'BLOCK' },
};

describe('reconciling resource servers, machine clients and risk configuration (real Postgres, SDK, emulator)', () => {
  let harness: ReconcileHarness;
  let db: TestDatabase;
  let store: TypeOrmTenantStore;
  let reconciler: TenantReconciler;
  let tenants: TenantService;
  let sdk: CognitoIdentityProviderClient;

  beforeAll(async () => {
    harness = await startReconcileHarness('reconcile_m2m', 'm2m');
    ({ db, store, tenants, sdk } = harness);
    reconciler = harness.reconciler();
  });

  afterAll(() => harness?.close());

  const reload = async (t: Tenant) => (await store.findById(t.id))!;
  const steps = (plan: { action: string; resource: string; name: string }[]) =>
    plan
      .filter((s) => ['ResourceServer', 'MachineClient', 'RiskConfiguration'].includes(s.resource))
      .map((s) => `${s.action} ${s.resource} ${s.name}`);
  const serversIn = async (poolId: string) =>
    (
      (await sdk.send(new ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 50 })))
        .ResourceServers ?? []
    )
      .map((s) => s.Identifier!)
      .sort();
  const clientsIn = async (poolId: string) =>
    (
      (await sdk.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 60 })))
        .UserPoolClients ?? []
    )
      .map((c) => ({ name: c.ClientName!, id: c.ClientId! }))
      .sort((a, b) => a.name.localeCompare(b.name));
  const inventory = async (tenantId: string) =>
    (
      (await db.dataSource.query(
        `SELECT kind, name, cognito_id FROM managed_cognito_resources
         WHERE tenant_id = $1 AND kind IN ('ResourceServer', 'MachineClient') ORDER BY kind, name`,
        [tenantId],
      )) as { kind: string; name: string; cognito_id: string | null }[]
    ).map((r) => `${r.kind} ${r.name} ${r.cognito_id ? 'id' : 'no-id'}`);

  it('converges a dedicated tenant: servers, machine clients, risk configuration; idempotent; drift; removal', async () => {
    let tenant = await tenants.createTenant({
      slug: 'orders-co',
      displayName: 'Orders Co',
      isolationModel: 'DEDICATED_POOL',
      threatProtection: 'ENFORCED',
      resourceServers: [orders, billing],
      machineClients: [
        { name: 'sync', scopes: ['https://api.example.com/orders/read'], accessTokenValidityMinutes: 15 },
        { name: 'payer', scopes: ['billing/charge'] },
      ],
      riskConfiguration: risk,
    });
    const first = await reconciler.reconcile(tenant.id, 'create');
    expect(first.outcome).toBe('synced');
    expect(steps(first.plan)).toEqual([
      'create ResourceServer billing',
      'create ResourceServer https://api.example.com/orders',
      'create RiskConfiguration idplane-orders-co-web',
      'create MachineClient idplane-orders-co-m2m.payer',
      'create MachineClient idplane-orders-co-m2m.sync',
    ]);
    tenant = await reload(tenant);
    const poolId = tenant.cognito.userPoolId!;
    expect(await serversIn(poolId)).toEqual(['billing', 'https://api.example.com/orders']);
    const m2m = (await clientsIn(poolId)).filter((c) => c.name.includes('-m2m.'));
    expect(m2m.map((c) => c.name)).toEqual(['idplane-orders-co-m2m.payer', 'idplane-orders-co-m2m.sync']);
    const { UserPoolClient: syncClient } = await sdk.send(
      new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: m2m[1].id }),
    );
    expect(syncClient).toMatchObject({
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['https://api.example.com/orders/read'],
      AccessTokenValidity: 15,
      TokenValidityUnits: { AccessToken: 'minutes' },
    });
    expect(syncClient!.ClientSecret).toEqual(expect.any(String));
    // The secret stays in Cognito: not in the run record, not in the inventory, not on the tenant row.
    const stored = JSON.stringify(
      await db.dataSource.query(
        `SELECT (SELECT json_agg(r) FROM reconcile_runs r WHERE tenant_id = $1) AS runs,
                (SELECT json_agg(m) FROM managed_cognito_resources m WHERE tenant_id = $1) AS inventory,
                (SELECT row_to_json(t) FROM tenants t WHERE id = $1) AS tenant`,
        [tenant.id],
      ),
    );
    expect(stored).not.toContain(syncClient!.ClientSecret);
    expect(await inventory(tenant.id)).toEqual([
      'MachineClient idplane-orders-co-m2m.payer id',
      'MachineClient idplane-orders-co-m2m.sync id',
      'ResourceServer billing no-id',
      'ResourceServer https://api.example.com/orders no-id',
    ]);
    const { RiskConfiguration: riskConfig } = await sdk.send(
      new DescribeRiskConfigurationCommand({ UserPoolId: poolId, ClientId: tenant.cognito.appClientId! }),
    );
    expect(riskConfig).toMatchObject({
      ClientId: tenant.cognito.appClientId,
      CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' } },
      AccountTakeoverRiskConfiguration: {
        Actions: {
          LowAction: { EventAction: 'NO_ACTION' },
          MediumAction: { EventAction: 'MFA_IF_CONFIGURED' },
          HighAction: { EventAction: 'BLOCK' },
        },
      },
    });

    const second = await reconciler.reconcile(tenant.id, 'manual');
    expect(second).toMatchObject({ outcome: 'synced', plan: [], mutatingCalls: 0 });

    // Drift made in the console is corrected.
    await sdk.send(
      new UpdateResourceServerCommand({
        UserPoolId: poolId,
        Identifier: 'billing',
        Name: 'Billing',
        Scopes: [{ ScopeName: 'charge', ScopeDescription: 'edited in the console' }],
      }),
    );
    await sdk.send(
      new SetRiskConfigurationCommand({
        UserPoolId: poolId,
        ClientId: tenant.cognito.appClientId!,
        CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'NO_ACTION' } },
      }),
    );
    expect((await reconciler.scanForDrift([tenant.id])).drifted).toEqual([tenant.id]);
    const drift = await reconciler.reconcile(tenant.id, 'drift-sweep');
    expect(drift.outcome).toBe('drift-corrected');
    expect(steps(drift.plan)).toEqual([
      'update ResourceServer billing',
      'update RiskConfiguration idplane-orders-co-web',
    ]);
    expect((await reconciler.reconcile(tenant.id, 'manual')).mutatingCalls).toBe(0);

    // Update: a new scope for sync; payer and billing removed (the client goes before the server); risk removed.
    tenant = await tenants.updateTenantSpec(
      tenant.id,
      {
        resourceServers: [orders],
        machineClients: [
          {
            name: 'sync',
            scopes: ['https://api.example.com/orders/read', 'https://api.example.com/orders/write'],
          },
        ],
        riskConfiguration: null,
      },
      tenant.version,
    );
    const update = await reconciler.reconcile(tenant.id, 'update');
    expect(update.outcome).toBe('synced');
    expect(steps(update.plan)).toEqual([
      'delete RiskConfiguration idplane-orders-co-web',
      'update MachineClient idplane-orders-co-m2m.sync',
      'delete MachineClient idplane-orders-co-m2m.payer',
      'delete ResourceServer billing',
    ]);
    expect(await serversIn(poolId)).toEqual(['https://api.example.com/orders']);
    const { UserPoolClient: updated } = await sdk.send(
      new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: m2m[1].id }),
    );
    expect(updated).toMatchObject({
      AllowedOAuthScopes: ['https://api.example.com/orders/read', 'https://api.example.com/orders/write'],
      AccessTokenValidity: 60,
      ClientSecret: syncClient!.ClientSecret,
    });
    expect((await reconciler.reconcile(tenant.id, 'manual')).mutatingCalls).toBe(0);

    tenant = await tenants.deleteTenant(tenant.id, (await reload(tenant)).version);
    expect((await reconciler.reconcile(tenant.id, 'delete')).outcome).toBe('deleted');
  });

  it('keeps shared tenants apart, adopts a client created by a crashed run, and deletion leaves nothing', async () => {
    const spec = {
      isolationModel: 'SHARED_POOL',
      resourceServers: [billing],
      machineClients: [{ name: 'payer', scopes: ['billing/charge'] }],
    };
    let acme = await tenants.createTenant({ slug: 'acme', displayName: 'Acme', ...spec });
    const globex = await tenants.createTenant({ slug: 'globex', displayName: 'Globex', ...spec });
    expect((await reconciler.reconcile(acme.id, 'create')).outcome).toBe('synced');
    expect((await reconciler.reconcile(globex.id, 'create')).outcome).toBe('synced');
    acme = await reload(acme);
    const poolId = acme.cognito.userPoolId!;
    expect((await reload(globex)).cognito.userPoolId).toBe(poolId);
    expect(await serversIn(poolId)).toEqual(['acme.billing', 'globex.billing']);
    const payer = (await clientsIn(poolId)).find((c) => c.name === 'idplane-acme-m2m.payer')!;
    const { UserPoolClient: client } = await sdk.send(
      new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: payer.id }),
    );
    expect(client!.AllowedOAuthScopes).toEqual(['acme.billing/charge']);

    // A run that crashed after CreateUserPoolClient left the name in the inventory without the id: the next run
    // finds the client by name instead of creating a second one.
    await db.dataSource.query(
      `UPDATE managed_cognito_resources SET cognito_id = NULL WHERE tenant_id = $1 AND kind = 'MachineClient'`,
      [acme.id],
    );
    const adopt = await reconciler.reconcile(acme.id, 'manual');
    expect(adopt).toMatchObject({ plan: [], mutatingCalls: 0 });
    expect(adopt.calls.ListUserPoolClients).toBe(1);
    expect(await inventory(acme.id)).toContain('MachineClient idplane-acme-m2m.payer id');
    expect((await reconciler.reconcile(acme.id, 'manual')).calls.ListUserPoolClients).toBeUndefined();

    expect((await reconciler.scanForDrift([acme.id, globex.id])).drifted).toEqual([]);

    // Deleted in the console: seen by the sweep, recreated.
    await sdk.send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: payer.id }));
    expect((await reconciler.scanForDrift([acme.id, globex.id])).drifted).toEqual([acme.id]);
    const recreate = await reconciler.reconcile(acme.id, 'drift-sweep');
    expect(steps(recreate.plan)).toEqual(['create MachineClient idplane-acme-m2m.payer']);
    expect((await clientsIn(poolId)).filter((c) => c.name === 'idplane-acme-m2m.payer')).toHaveLength(1);

    // Suspension stops machine sign-in and keeps the client (and so its secret); resuming restores it.
    const clientNow = (await clientsIn(poolId)).find((c) => c.name === 'idplane-acme-m2m.payer')!;
    const flows = async () =>
      (await sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientNow.id })))
        .UserPoolClient!;
    await tenants.suspendTenant(acme.id, (await reload(acme)).version);
    const suspend = await reconciler.reconcile(acme.id, 'suspend');
    expect(steps(suspend.plan)).toEqual(['update MachineClient idplane-acme-m2m.payer']);
    expect((await flows()).AllowedOAuthFlowsUserPoolClient).toBe(false);
    expect((await reconciler.reconcile(acme.id, 'manual')).mutatingCalls).toBe(0);
    await tenants.resumeTenant(acme.id, (await reload(acme)).version);
    expect(steps((await reconciler.reconcile(acme.id, 'resume')).plan)).toEqual([
      'update MachineClient idplane-acme-m2m.payer',
    ]);
    expect(await flows()).toMatchObject({
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthScopes: ['acme.billing/charge'],
    });

    acme = await tenants.deleteTenant(acme.id, (await reload(acme)).version);
    const deletion = await reconciler.reconcile(acme.id, 'delete');
    expect(deletion.outcome).toBe('deleted');
    expect(steps(deletion.plan)).toEqual([
      'delete MachineClient idplane-acme-m2m.payer',
      'delete ResourceServer acme.billing',
    ]);
    expect(await serversIn(poolId)).toEqual(['globex.billing']);
    const left = (await clientsIn(poolId)).map((c) => c.name);
    expect(left.filter((n) => n.startsWith('idplane-acme-'))).toEqual([]);
    expect(left).toContain('idplane-globex-m2m.payer');
    expect(await inventory(acme.id)).toEqual([]);
  });

  it('refuses a machine client scope that names no declared scope, with its field path', async () => {
    await expect(
      (async () =>
        tenants.createTenant({
          slug: 'bad-scope',
          displayName: 'Bad',
          isolationModel: 'DEDICATED_POOL',
          resourceServers: [billing],
          machineClients: [{ name: 'payer', scopes: ['billing/charge', 'billing/refund'] }],
        }))(),
    ).rejects.toMatchObject({
      issues: [{ field: 'input.machineClients[0].scopes[1]', message: expect.any(String) }],
    });
  });
});
