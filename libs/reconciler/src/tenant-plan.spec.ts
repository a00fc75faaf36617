import { compileTenant } from './compile-tenant';
import { ObservedTenantResources } from './desired-state';
import { planTenant } from './tenant-plan';

const ctx = { environment: 'test' };
const dedicated = compileTenant(
  { id: '7c1d6f0e-0000-4000-8000-000000000001', slug: 'acme', isolationModel: 'DEDICATED_POOL' },
  ctx,
);
const shared = compileTenant(
  { id: '7c1d6f0e-0000-4000-8000-000000000002', slug: 'globex', isolationModel: 'SHARED_POOL' },
  ctx,
);

/** What Cognito would report once the desired resources exist exactly. */
function inSync(desired: typeof dedicated): ObservedTenantResources {
  return {
    userPool: {
      id: 'us-east-1_abc',
      name: desired.userPool.name,
      tags: desired.userPool.tags,
      customAttributes: desired.userPool.customAttributes.map((a) => `custom:${a.name}`),
    },
    appClient: { id: 'client1', ...desired.appClient },
    groups: desired.groups.map((g) => ({
      name: g.name,
      description: g.description,
      precedence: g.precedence,
    })),
  };
}

describe('compileTenant', () => {
  it('gives a dedicated tenant its own tagged pool and plain role groups', () => {
    expect(dedicated.ownsUserPool).toBe(true);
    expect(dedicated.userPool.name).toBe('idplane-test-acme');
    expect(dedicated.userPool.tags).toMatchObject({
      'managed-by': 'idplane',
      'idplane:tenant-id': dedicated.tenantId,
    });
    expect(dedicated.groups.map((g) => g.name)).toEqual(['admin', 'member']);
  });

  it('places a shared tenant in the shared pool with tenant-prefixed groups', () => {
    expect(shared.ownsUserPool).toBe(false);
    expect(shared.userPool.name).toBe('idplane-test-shared-0');
    expect(shared.userPool.customAttributes).toEqual([{ name: 'tenant_id', mutable: false, maxLength: 64 }]);
    expect(shared.groups.map((g) => g.name)).toEqual(['globex.admin', 'globex.member']);
    expect(shared.appClient.writeAttributes).not.toContain('custom:tenant_id');
  });

  it('is deterministic', () => {
    expect(
      compileTenant({ id: dedicated.tenantId, slug: 'acme', isolationModel: 'DEDICATED_POOL' }, ctx),
    ).toEqual(dedicated);
  });
});

describe('planTenant', () => {
  it('creates everything for a new dedicated tenant, parents first', () => {
    const plan = planTenant(dedicated, { userPool: null, appClient: null, groups: [] });
    expect(plan).toEqual([
      { action: 'create', resource: 'UserPool', name: 'idplane-test-acme' },
      { action: 'create', resource: 'AppClient', name: 'idplane-acme-web' },
      { action: 'create', resource: 'Group', name: 'admin' },
      { action: 'create', resource: 'Group', name: 'member' },
    ]);
  });

  it('plans nothing for an in-sync tenant of either model', () => {
    expect(planTenant(dedicated, inSync(dedicated))).toEqual([]);
    expect(planTenant(shared, inSync(shared))).toEqual([]);
  });

  it('refuses to plan a shared tenant before its shared pool exists', () => {
    expect(() => planTenant(shared, { userPool: null, appClient: null, groups: [] })).toThrow(/must exist/);
  });

  it('adds a missing custom attribute and only the missing children', () => {
    const observed = inSync(shared);
    observed.userPool!.customAttributes = [];
    observed.groups = observed.groups.slice(0, 1);
    expect(planTenant(shared, observed)).toEqual([
      { action: 'create', resource: 'CustomAttribute', name: 'tenant_id' },
      { action: 'create', resource: 'Group', name: 'globex.member' },
    ]);
  });

  it('updates drifted groups and clients, naming the fields', () => {
    const observed = inSync(dedicated);
    observed.groups[0] = { ...observed.groups[0], precedence: 99 };
    observed.appClient = { ...observed.appClient!, supportedIdentityProviders: ['COGNITO', 'Rogue'] };
    expect(planTenant(dedicated, observed)).toEqual([
      {
        action: 'update',
        resource: 'AppClient',
        name: 'idplane-acme-web',
        changes: ['supportedIdentityProviders'],
      },
      { action: 'update', resource: 'Group', name: 'admin', changes: ['precedence'] },
    ]);
  });

  it('ignores attribute order when comparing clients', () => {
    const observed = inSync(dedicated);
    observed.appClient = {
      ...observed.appClient!,
      readAttributes: [...observed.appClient!.readAttributes].reverse(),
    };
    expect(planTenant(dedicated, observed)).toEqual([]);
  });
});
