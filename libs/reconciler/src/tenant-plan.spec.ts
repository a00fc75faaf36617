import { DEFAULT_OAUTH_SCOPES, DEFAULT_PASSWORD_POLICY } from '@idplane/tenancy';
import { compileTenant, TenantToCompile } from './compile-tenant';
import { DesiredTenantResources, ObservedTenantResources } from './desired-state';
import { hostedUiDomainPrefix } from './hosted-ui-domain';
import { planTenant, planTenantDeletion } from './tenant-plan';

const ctx = { environment: 'test' };

function tenantToCompile(
  overrides: Partial<TenantToCompile> & Pick<TenantToCompile, 'id' | 'slug' | 'isolationModel'>,
) {
  return {
    suspended: false,
    callbackUrls: [],
    logoutUrls: [],
    oauthScopes: DEFAULT_OAUTH_SCOPES,
    passwordPolicy: DEFAULT_PASSWORD_POLICY,
    mfa: 'OFF',
    threatProtection: 'OFF',
    deletionProtection: false,
    ...overrides,
  } satisfies TenantToCompile;
}

const dedicated = compileTenant(
  tenantToCompile({
    id: '7c1d6f0e-0000-4000-8000-000000000001',
    slug: 'acme',
    isolationModel: 'DEDICATED_POOL',
  }),
  ctx,
);
const shared = compileTenant(
  tenantToCompile({
    id: '7c1d6f0e-0000-4000-8000-000000000002',
    slug: 'globex',
    isolationModel: 'SHARED_POOL',
  }),
  ctx,
);

/** What Cognito would report once the desired resources exist exactly. */
function inSync(desired: DesiredTenantResources): ObservedTenantResources {
  return {
    userPool: {
      id: 'us-east-1_abc',
      arn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc',
      name: desired.userPool.name,
      tags: desired.userPool.tags,
      customAttributes: desired.userPool.customAttributes.map((a) => `custom:${a.name}`),
      settings: desired.userPool.settings,
      domainPrefix: desired.userPool.domainPrefix,
      unmanaged: {},
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
  it('gives a dedicated tenant its own tagged pool, prefix domain and plain role groups', () => {
    expect(dedicated.ownsUserPool).toBe(true);
    expect(dedicated.userPool.name).toBe('idplane-test-acme');
    expect(dedicated.userPool.domainPrefix).toBe('idplane-test-acme');
    expect(dedicated.userPool.tags).toMatchObject({
      'managed-by': 'idplane',
      'idplane:environment': 'test',
      'idplane:tenant-id': dedicated.tenantId,
    });
    expect(dedicated.groups.map((g) => g.name)).toEqual(['admin', 'member']);
  });

  it('places a shared tenant in the shared pool with tenant-prefixed groups and the shard domain', () => {
    expect(shared.ownsUserPool).toBe(false);
    expect(shared.userPool.name).toBe('idplane-test-shared-0');
    expect(shared.userPool.domainPrefix).toBe('idplane-test-shared-0');
    expect(shared.userPool.customAttributes).toEqual([{ name: 'tenant_id', mutable: false, maxLength: 64 }]);
    expect(shared.groups.map((g) => g.name)).toEqual(['globex.admin', 'globex.member']);
    expect(shared.appClient.writeAttributes).not.toContain('custom:tenant_id');
  });

  it('places a shared tenant in its shard, with the shard named in the pool, tag and domain', () => {
    const sharded = compileTenant(
      tenantToCompile({
        id: shared.tenantId,
        slug: 'globex',
        isolationModel: 'SHARED_POOL',
        sharedPoolShard: 3,
      }),
      ctx,
    );
    expect(sharded.userPool).toMatchObject({
      name: 'idplane-test-shared-3',
      domainPrefix: 'idplane-test-shared-3',
      tags: { 'idplane:shared-pool': '3' },
    });
  });

  it('is deterministic', () => {
    expect(
      compileTenant(
        tenantToCompile({ id: dedicated.tenantId, slug: 'acme', isolationModel: 'DEDICATED_POOL' }),
        ctx,
      ),
    ).toEqual(dedicated);
  });

  it('turns OAuth on only with callback URLs, and needs the PLUS tier for threat protection', () => {
    const compiled = compileTenant(
      tenantToCompile({
        id: dedicated.tenantId,
        slug: 'acme',
        isolationModel: 'DEDICATED_POOL',
        callbackUrls: ['https://app.example/cb'],
        threatProtection: 'AUDIT',
      }),
      ctx,
    );
    expect(compiled.appClient).toMatchObject({ oauthFlows: ['code'], oauthScopes: DEFAULT_OAUTH_SCOPES });
    expect(compiled.userPool.settings).toMatchObject({ threatProtection: 'AUDIT', tier: 'PLUS' });
    expect(dedicated.appClient).toMatchObject({ oauthFlows: [], oauthScopes: [] });
  });

  it('strips every sign-in path from a suspended tenant and keeps the client', () => {
    const compiled = compileTenant(
      tenantToCompile({
        id: dedicated.tenantId,
        slug: 'acme',
        isolationModel: 'DEDICATED_POOL',
        callbackUrls: ['https://app.example/cb'],
        suspended: true,
      }),
      ctx,
    );
    expect(compiled.appClient).toMatchObject({
      name: 'idplane-acme-web',
      explicitAuthFlows: [],
      supportedIdentityProviders: [],
      oauthFlows: [],
    });
  });
});

describe('hostedUiDomainPrefix', () => {
  const valid = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
  it('is idplane-<env>-<slug> when that is valid', () => {
    expect(hostedUiDomainPrefix('prod', 'acme', 'id-1')).toBe('idplane-prod-acme');
  });
  it.each([
    ['lawson', 'prod'],
    ['amazonia-fans', 'prod'],
    ['a'.repeat(40), 'environment-name-xx'],
    ['cognitive', 'aws-dev'],
  ])('breaks reserved words and fits 63 characters: %s in %s', (slug, env) => {
    const prefix = hostedUiDomainPrefix(env, slug, `id-${slug}`);
    expect(prefix.length).toBeLessThanOrEqual(63);
    expect(prefix).toMatch(valid);
    expect(prefix).not.toMatch(/aws|amazon|cognito/);
    expect(hostedUiDomainPrefix(env, slug, `id-${slug}`)).toBe(prefix);
    expect(hostedUiDomainPrefix(env, slug, 'another-id')).not.toBe(prefix);
  });
});

describe('planTenant', () => {
  it('creates everything for a new dedicated tenant, parents first', () => {
    const plan = planTenant(dedicated, { userPool: null, appClient: null, groups: [] });
    expect(plan).toEqual([
      { action: 'create', resource: 'UserPool', name: 'idplane-test-acme' },
      { action: 'create', resource: 'Domain', name: 'idplane-test-acme' },
      { action: 'create', resource: 'AppClient', name: 'idplane-acme-web' },
      { action: 'create', resource: 'Group', name: 'admin' },
      { action: 'create', resource: 'Group', name: 'member' },
    ]);
  });

  it('plans nothing for an in-sync tenant of either model', () => {
    expect(planTenant(dedicated, inSync(dedicated))).toEqual([]);
    expect(planTenant(shared, inSync(shared))).toEqual([]);
  });

  it('plans the shared pool when it is missing (for a preview)', () => {
    expect(planTenant(shared, { userPool: null, appClient: null, groups: [] })[0]).toEqual({
      action: 'create',
      resource: 'UserPool',
      name: 'idplane-test-shared-0',
    });
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

  it('updates drifted pool settings, tags, groups and clients, naming the fields', () => {
    const observed = inSync(dedicated);
    observed.userPool!.settings = {
      ...observed.userPool!.settings,
      mfa: 'OPTIONAL',
      deletionProtection: true,
    };
    observed.userPool!.tags = { 'managed-by': 'idplane' };
    observed.groups[0] = { ...observed.groups[0], precedence: 99 };
    observed.appClient = { ...observed.appClient!, supportedIdentityProviders: ['COGNITO', 'Rogue'] };
    expect(planTenant(dedicated, observed)).toEqual([
      {
        action: 'update',
        resource: 'UserPool',
        name: 'idplane-test-acme',
        changes: ['mfa', 'deletionProtection'],
      },
      { action: 'update', resource: 'Tags', name: 'idplane-test-acme' },
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

describe('planTenantDeletion', () => {
  it('removes only the slice of a shared tenant, children first, never the pool', () => {
    expect(planTenantDeletion(shared, inSync(shared), 'DELETE')).toEqual([
      { action: 'delete', resource: 'Group', name: 'globex.admin' },
      { action: 'delete', resource: 'Group', name: 'globex.member' },
      { action: 'delete', resource: 'AppClient', name: 'idplane-globex-web' },
    ]);
  });

  it('turns deletion protection off, deletes the domain, then the dedicated pool', () => {
    const observed = inSync(dedicated);
    observed.userPool!.settings = { ...observed.userPool!.settings, deletionProtection: true };
    expect(planTenantDeletion(dedicated, observed, 'DELETE')).toEqual([
      { action: 'update', resource: 'UserPool', name: 'idplane-test-acme', changes: ['deletionProtection'] },
      { action: 'delete', resource: 'Domain', name: 'idplane-test-acme' },
      { action: 'delete', resource: 'UserPool', name: 'idplane-test-acme' },
    ]);
  });

  it('keeps a RETAIN pool and removes only its idplane tags', () => {
    expect(planTenantDeletion(dedicated, inSync(dedicated), 'RETAIN')).toEqual([
      { action: 'delete', resource: 'Tags', name: 'idplane-test-acme' },
    ]);
  });

  it('plans nothing once everything is gone', () => {
    expect(planTenantDeletion(dedicated, { userPool: null, appClient: null, groups: [] }, 'DELETE')).toEqual(
      [],
    );
  });
});
