import type { MachineClient, ResourceServer, RiskConfiguration } from '@idplane/tenancy';
import { compileTenant, TenantToCompile } from './compile-tenant';
import type { DesiredTenantResources, ObservedTenantResources } from './desired-state';
import { toObservedMachineClient, toObservedRiskConfiguration } from './observe-tenant';
import { inTenantNamespace, PlanStep, planTenant, planTenantDeletion } from './tenant-plan';
import { inSync, NO_CHILDREN, NOTHING, tenantToCompile } from './testing/tenant-fixtures';

const ctx = { environment: 'test' };

const orders: ResourceServer = {
  identifier: 'https://api.example.com/orders',
  name: 'Orders',
  scopes: [
    { name: 'read', description: 'Read orders' },
    { name: 'write', description: 'Write orders' },
  ],
};
const billing: ResourceServer = {
  identifier: 'billing',
  name: 'Billing',
  scopes: [{ name: 'charge', description: 'Charge' }],
};
const sync: MachineClient = {
  name: 'sync',
  scopes: ['https://api.example.com/orders/read'],
  accessTokenValidityMinutes: null,
};
const risk: RiskConfiguration = {
  compromisedCredentials: 'BLOCK',
  accountTakeover: { low: 'NO_ACTION', medium: 'MFA_IF_CONFIGURED', high: 'BLOCK' },
};

function compile(overrides: Partial<TenantToCompile>): DesiredTenantResources {
  return compileTenant(
    tenantToCompile({
      id: '7c1d6f0e-0000-4000-8000-0000000000aa',
      slug: 'acme',
      isolationModel: 'DEDICATED_POOL',
      ...overrides,
    }),
    ctx,
    NO_CHILDREN,
  );
}

const summary = (plan: PlanStep[]) =>
  plan.map((s) => `${s.action} ${s.resource} ${s.name}${s.changes ? ` [${s.changes.join(',')}]` : ''}`);
const machineSteps = (plan: PlanStep[]) =>
  summary(plan.filter((s) => ['ResourceServer', 'MachineClient', 'RiskConfiguration'].includes(s.resource)));

describe('compileTenant: resource servers, machine clients and risk configuration', () => {
  it.each([
    ['DEDICATED_POOL', 'https://api.example.com/orders', 'https://api.example.com/orders/read'],
    ['SHARED_POOL', 'acme.https://api.example.com/orders', 'acme.https://api.example.com/orders/read'],
  ] as const)('%s: identifier %s, client scope %s', (isolationModel, identifier, scope) => {
    const desired = compile({ isolationModel, resourceServers: [orders], machineClients: [sync] });
    expect(desired.resourceServers.map((r) => r.identifier)).toEqual([identifier]);
    expect(desired.machineClients).toEqual([
      { name: 'idplane-acme-m2m.sync', scopes: [scope], accessTokenValidityMinutes: 60, enabled: true },
    ]);
  });

  it.each([
    ['DEDICATED_POOL', 'AUDIT', risk],
    ['DEDICATED_POOL', 'OFF', null],
    ['SHARED_POOL', 'OFF', null],
  ] as const)('%s with threat protection %s compiles the risk configuration to %j', (model, tp, expected) => {
    const desired = compile({ isolationModel: model, threatProtection: tp, riskConfiguration: risk });
    expect(desired.riskConfiguration).toEqual(expected);
  });
});

describe('planTenant: resource servers, machine clients and risk configuration', () => {
  const full = compile({
    threatProtection: 'ENFORCED',
    resourceServers: [orders, billing],
    machineClients: [sync, { name: 'payer', scopes: ['billing/charge'], accessTokenValidityMinutes: 15 }],
    riskConfiguration: risk,
  });
  const synced = inSync(full);

  const cases: [string, DesiredTenantResources, ObservedTenantResources, string[]][] = [
    ['in sync: nothing', full, synced, []],
    [
      'new tenant: servers before the clients that name their scopes, risk configuration after the web client',
      full,
      NOTHING,
      [
        'create ResourceServer billing',
        'create ResourceServer https://api.example.com/orders',
        'create RiskConfiguration idplane-acme-web',
        'create MachineClient idplane-acme-m2m.payer',
        'create MachineClient idplane-acme-m2m.sync',
      ],
    ],
    [
      'a scope description changed in the console',
      full,
      {
        ...synced,
        resourceServers: synced.resourceServers.map((r) =>
          r.identifier === 'billing' ? { ...r, scopes: [{ name: 'charge', description: 'edited' }] } : r,
        ),
      },
      ['update ResourceServer billing [scopes]'],
    ],
    [
      'a client lost client_credentials and its token lifetime',
      full,
      {
        ...synced,
        machineClients: synced.machineClients.map((c) =>
          c.name === 'idplane-acme-m2m.sync'
            ? { ...c, clientCredentials: false, accessTokenValidityMinutes: 120 }
            : c,
        ),
      },
      ['update MachineClient idplane-acme-m2m.sync [oauthFlows,accessTokenValidityMinutes]'],
    ],
    [
      'a client and its server removed from the spec: the client goes before the server',
      compile({
        threatProtection: 'ENFORCED',
        resourceServers: [orders],
        machineClients: [sync],
        riskConfiguration: risk,
      }),
      synced,
      ['delete MachineClient idplane-acme-m2m.payer', 'delete ResourceServer billing'],
    ],
    [
      'tenant suspended: machine clients lose client_credentials, keeping id and secret',
      { ...full, machineClients: full.machineClients.map((c) => ({ ...c, enabled: false })) },
      synced,
      [
        'update MachineClient idplane-acme-m2m.payer [oauthFlows]',
        'update MachineClient idplane-acme-m2m.sync [oauthFlows]',
      ],
    ],
    [
      'suspended and in sync: nothing',
      { ...full, machineClients: full.machineClients.map((c) => ({ ...c, enabled: false })) },
      inSync({ ...full, machineClients: full.machineClients.map((c) => ({ ...c, enabled: false })) }),
      [],
    ],
    [
      'risk configuration changed',
      full,
      { ...synced, riskConfiguration: { ...risk, compromisedCredentials: 'NO_ACTION' } },
      ['update RiskConfiguration idplane-acme-web'],
    ],
    [
      'risk configuration removed while threat protection stays on',
      { ...full, riskConfiguration: null },
      synced,
      ['delete RiskConfiguration idplane-acme-web'],
    ],
  ];

  it.each(cases)('%s', (_name, desired, observed, expected) => {
    expect(machineSteps(planTenant(desired, observed))).toEqual(expected);
  });

  it('never deletes a shared-pool server or client outside the tenant namespace', () => {
    const desired = compile({ isolationModel: 'SHARED_POOL' });
    const observed: ObservedTenantResources = {
      ...inSync(desired),
      resourceServers: [{ identifier: 'other.billing', name: 'x', scopes: [] }],
      machineClients: [
        {
          id: 'c9',
          name: 'idplane-other-m2m.sync',
          scopes: [],
          accessTokenValidityMinutes: 60,
          clientCredentials: true,
        },
      ],
    };
    expect(machineSteps(planTenant(desired, observed))).toEqual([]);
  });

  it.each([
    ['ResourceServer', 'acme.billing', true],
    ['ResourceServer', 'acme-eu.billing', false],
    ['MachineClient', 'idplane-acme-m2m.sync', true],
    ['MachineClient', 'idplane-acme-m2m-m2m.sync', false],
  ] as const)('inTenantNamespace(%s, %s) for slug acme is %s', (kind, name, expected) => {
    expect(inTenantNamespace(kind, name, 'acme')).toBe(expected);
  });
});

describe('planTenantDeletion: a shared tenant', () => {
  it('deletes machine clients, then the web client, then resource servers', () => {
    const desired = compile({
      isolationModel: 'SHARED_POOL',
      resourceServers: [billing],
      machineClients: [{ name: 'payer', scopes: ['billing/charge'], accessTokenValidityMinutes: null }],
    });
    expect(summary(planTenantDeletion(desired, inSync(desired), 'DELETE'))).toEqual([
      'delete Group acme.admin',
      'delete Group acme.member',
      'delete Group acme.read-only',
      'delete MachineClient idplane-acme-m2m.payer',
      'delete AppClient idplane-acme-web',
      'delete ResourceServer acme.billing',
    ]);
  });
});

describe('observed shapes', () => {
  it.each([
    [{ AccessTokenValidity: 2, TokenValidityUnits: { AccessToken: 'hours' as const } }, 120],
    [{ AccessTokenValidity: 30, TokenValidityUnits: { AccessToken: 'minutes' as const } }, 30],
    [{}, 60],
  ])('a machine client with %j has an access token of %d minutes', (fields, minutes) => {
    const client = toObservedMachineClient({ ClientId: 'c1', ClientName: 'n', ...fields });
    expect(client.accessTokenValidityMinutes).toBe(minutes);
    expect(client.clientCredentials).toBe(false);
    expect(client).not.toHaveProperty('ClientSecret');
  });

  it.each([
    [
      'a pool-wide configuration is not the client',
      {
        UserPoolId: 'p',
        CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' as const } },
      },
      null,
    ],
    ['a cleared configuration is none', { UserPoolId: 'p', ClientId: 'c1' }, null],
  ])('%s', (_name, risk, expected) => {
    expect(toObservedRiskConfiguration(risk, 'c1')).toEqual(expected);
  });
});
