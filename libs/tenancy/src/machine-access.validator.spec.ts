import type { FieldIssue } from '@idplane/errors';
import { DEFAULT_PASSWORD_POLICY, MachineClient, ResourceServer } from './tenant';
import { TenantSettingsContext, validateTenantSettings } from './tenant-settings.validator';

const orders: ResourceServer = {
  identifier: 'https://api.example.com/orders',
  name: 'Orders',
  scopes: [
    { name: 'read', description: 'Read orders' },
    { name: 'write', description: 'Write orders' },
  ],
};
const dedicated: TenantSettingsContext = {
  isolationModel: 'DEDICATED_POOL',
  passwordPolicy: DEFAULT_PASSWORD_POLICY,
  threatProtection: 'OFF',
  resourceServers: [orders],
  machineClients: [],
  riskConfiguration: null,
};
const risk = {
  compromisedCredentials: 'BLOCK',
  accountTakeover: { low: 'NO_ACTION', medium: 'MFA_IF_CONFIGURED', high: 'BLOCK' },
};

function issuesOf(input: Record<string, unknown>, context: TenantSettingsContext = dedicated): FieldIssue[] {
  const issues: FieldIssue[] = [];
  validateTenantSettings(input, context, 'input', issues);
  return issues;
}

describe('validateTenantSettings: resource servers, machine clients, risk configuration', () => {
  it('accepts servers, clients naming their scopes, and a risk configuration with threat protection', () => {
    const issues: FieldIssue[] = [];
    const change = validateTenantSettings(
      {
        resourceServers: [orders],
        machineClients: [{ name: 'sync', scopes: ['https://api.example.com/orders/read'] }],
        threatProtection: 'AUDIT',
        riskConfiguration: risk,
      },
      dedicated,
      'input',
      issues,
    );
    expect(issues).toEqual([]);
    expect(change.machineClients).toEqual<MachineClient[]>([
      { name: 'sync', scopes: ['https://api.example.com/orders/read'], accessTokenValidityMinutes: null },
    ]);
    expect(change.riskConfiguration).toEqual(risk);
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'identifier with a quote',
      { resourceServers: [{ ...orders, identifier: 'a"b' }] },
      'input.resourceServers[0].identifier',
    ],
    [
      'identifier too long',
      { resourceServers: [{ ...orders, identifier: 'a'.repeat(201) }] },
      'input.resourceServers[0].identifier',
    ],
    [
      'scope name with a slash',
      { resourceServers: [{ ...orders, scopes: [{ name: 'a/b', description: 'x' }] }] },
      'input.resourceServers[0].scopes[0].name',
    ],
    [
      'empty scope description',
      { resourceServers: [{ ...orders, scopes: [{ name: 'a', description: '' }] }] },
      'input.resourceServers[0].scopes[0].description',
    ],
    [
      '101 scopes',
      {
        resourceServers: [
          { ...orders, scopes: Array.from({ length: 101 }, (_, i) => ({ name: `s${i}`, description: 'd' })) },
        ],
      },
      'input.resourceServers[0].scopes',
    ],
    [
      'a scope listed twice',
      { resourceServers: [{ ...orders, scopes: [orders.scopes[0], orders.scopes[0]] }] },
      'input.resourceServers[0].scopes[1].name',
    ],
    ['a server listed twice', { resourceServers: [orders, orders] }, 'input.resourceServers[1].identifier'],
    [
      'server name with a slash',
      { resourceServers: [{ ...orders, name: 'a/b' }] },
      'input.resourceServers[0].name',
    ],
    [
      'client scope not declared',
      {
        machineClients: [
          {
            name: 'sync',
            scopes: ['https://api.example.com/orders/read', 'https://api.example.com/orders/delete'],
          },
        ],
      },
      'input.machineClients[0].scopes[1]',
    ],
    [
      'client without scopes',
      { machineClients: [{ name: 'sync', scopes: [] }] },
      'input.machineClients[0].scopes',
    ],
    [
      'client name with a dot',
      { machineClients: [{ name: 'a.b', scopes: ['https://api.example.com/orders/read'] }] },
      'input.machineClients[0].name',
    ],
    [
      'token validity under 5 minutes',
      {
        machineClients: [
          { name: 'sync', scopes: ['https://api.example.com/orders/read'], accessTokenValidityMinutes: 4 },
        ],
      },
      'input.machineClients[0].accessTokenValidityMinutes',
    ],
    ['risk configuration without threat protection', { riskConfiguration: risk }, 'input.riskConfiguration'],
    [
      'unknown risk action',
      {
        threatProtection: 'AUDIT',
        riskConfiguration: { ...risk, accountTakeover: { ...risk.accountTakeover, high: 'MFA_REQUIRED' } },
      },
      'input.riskConfiguration.accountTakeover.high',
    ],
  ])('refuses %s at %s', (_name, input, field) => {
    expect(issuesOf(input).map((i) => i.field)).toEqual([field]);
  });

  it('refuses removing a scope a stored machine client uses', () => {
    const context = {
      ...dedicated,
      machineClients: [
        { name: 'sync', scopes: ['https://api.example.com/orders/write'], accessTokenValidityMinutes: null },
      ],
    };
    expect(issuesOf({ resourceServers: [{ ...orders, scopes: [orders.scopes[0]] }] }, context)).toEqual([
      { field: 'input.resourceServers', message: expect.stringContaining('machine client sync') },
    ]);
  });

  it('refuses turning threat protection off under a stored risk configuration', () => {
    const context = { ...dedicated, threatProtection: 'AUDIT' as const, riskConfiguration: risk as never };
    expect(issuesOf({ threatProtection: 'OFF' }, context).map((i) => i.field)).toEqual([
      'input.threatProtection',
    ]);
    expect(issuesOf({ threatProtection: 'OFF', riskConfiguration: null }, context)).toEqual([]);
  });

  it('refuses a risk configuration for a shared tenant, whose pool has no threat protection', () => {
    const shared = { ...dedicated, isolationModel: 'SHARED_POOL' as const };
    expect(issuesOf({ riskConfiguration: risk }, shared)).toEqual([
      { field: 'input.riskConfiguration', message: expect.stringContaining('DEDICATED_POOL') },
    ]);
    expect(issuesOf({ riskConfiguration: null }, shared)).toEqual([]);
  });
});
