import { SHARED_POOL_CLAIM_ATTRIBUTES } from '@idplane/federation';
import { DEFAULT_OAUTH_SCOPES } from '@idplane/tenancy';
import { compileTenant } from './compile-tenant';
import { ObservedTenantResources } from './desired-state';
import { hostedUiDomainPrefix } from './hosted-ui-domain';
import { inTenantNamespace, PlanStep, planTenant, planTenantDeletion } from './tenant-plan';
import {
  inSync,
  NO_CHILDREN,
  NOTHING,
  oidcIdp,
  role,
  samlIdp,
  tenantToCompile,
} from './testing/tenant-fixtures';

const ctx = { environment: 'test' };

const dedicated = compileTenant(
  tenantToCompile({
    id: '7c1d6f0e-0000-4000-8000-000000000001',
    slug: 'acme',
    isolationModel: 'DEDICATED_POOL',
  }),
  ctx,
  NO_CHILDREN,
);
const shared = compileTenant(
  tenantToCompile({
    id: '7c1d6f0e-0000-4000-8000-000000000002',
    slug: 'globex',
    isolationModel: 'SHARED_POOL',
  }),
  ctx,
  NO_CHILDREN,
);

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
    expect(dedicated.groups.map((g) => g.name)).toEqual(['admin', 'member', 'read-only']);
  });

  it('places a shared tenant in the shared pool with tenant-prefixed groups and the shard domain', () => {
    expect(shared.ownsUserPool).toBe(false);
    expect(shared.userPool.name).toBe('idplane-test-shared-0');
    expect(shared.userPool.domainPrefix).toBe('idplane-test-shared-0');
    expect(shared.userPool.customAttributes).toEqual([
      { name: 'tenant_id', mutable: false, maxLength: 64 },
      { name: 'idp_groups', mutable: true, maxLength: 2048 },
      ...SHARED_POOL_CLAIM_ATTRIBUTES.map((name) => ({ name, mutable: true, maxLength: 2048 })),
    ]);
    expect(shared.groups.map((g) => g.name)).toEqual(['globex.admin', 'globex.member', 'globex.read-only']);
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
      NO_CHILDREN,
    );
    expect(sharded.userPool).toMatchObject({
      name: 'idplane-test-shared-3',
      domainPrefix: 'idplane-test-shared-3',
      tags: { 'idplane:shared-pool': '3' },
    });
  });

  it('gives shards threat protection with SHARED_POOL_THREAT_PROTECTION, and a shared tenant its risk configuration', () => {
    const risk = {
      compromisedCredentials: 'BLOCK' as const,
      accountTakeover: {
        low: 'NO_ACTION' as const,
        medium: 'MFA_IF_CONFIGURED' as const,
        high: 'BLOCK' as const,
      },
    };
    const spec = tenantToCompile({
      id: shared.tenantId,
      slug: 'globex',
      isolationModel: 'SHARED_POOL',
      riskConfiguration: risk,
    });
    const off = compileTenant(spec, ctx, NO_CHILDREN);
    expect(off.userPool.settings).toMatchObject({ threatProtection: 'OFF', tier: 'ESSENTIALS' });
    expect(off.riskConfiguration).toBeNull();
    const on = compileTenant(spec, { ...ctx, sharedPoolThreatProtection: 'ENFORCED' }, NO_CHILDREN);
    expect(on.userPool.settings).toMatchObject({ threatProtection: 'ENFORCED', tier: 'PLUS' });
    expect(on.riskConfiguration).toEqual(risk);
  });

  it('drops the user-admin scope from a spec stored before it was refused', () => {
    const stored = compileTenant(
      tenantToCompile({
        id: dedicated.tenantId,
        slug: 'acme',
        isolationModel: 'DEDICATED_POOL',
        callbackUrls: ['https://acme.example/cb'],
        oauthScopes: ['openid', 'email', 'aws.cognito.signin.user.admin' as never],
      }),
      ctx,
      NO_CHILDREN,
    );
    expect(stored.appClient.oauthScopes).toEqual(['openid', 'email']);
  });

  it('is deterministic', () => {
    expect(
      compileTenant(
        tenantToCompile({ id: dedicated.tenantId, slug: 'acme', isolationModel: 'DEDICATED_POOL' }),
        ctx,
        NO_CHILDREN,
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
      NO_CHILDREN,
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
      NO_CHILDREN,
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
    const plan = planTenant(dedicated, NOTHING);
    expect(plan).toEqual([
      { action: 'create', resource: 'UserPool', name: 'idplane-test-acme' },
      { action: 'create', resource: 'Domain', name: 'idplane-test-acme' },
      { action: 'create', resource: 'AppClient', name: 'idplane-acme-web' },
      { action: 'create', resource: 'Group', name: 'admin' },
      { action: 'create', resource: 'Group', name: 'member' },
      { action: 'create', resource: 'Group', name: 'read-only' },
    ]);
  });

  it('plans nothing for an in-sync tenant of either model', () => {
    expect(planTenant(dedicated, inSync(dedicated))).toEqual([]);
    expect(planTenant(shared, inSync(shared))).toEqual([]);
  });

  it('plans the shared pool when it is missing (for a preview)', () => {
    expect(planTenant(shared, NOTHING)[0]).toEqual({
      action: 'create',
      resource: 'UserPool',
      name: 'idplane-test-shared-0',
    });
  });

  it('adds a missing custom attribute and only the missing children', () => {
    const observed = inSync(shared);
    observed.userPool!.customAttributes = observed.userPool!.customAttributes.filter(
      (a) => a !== 'custom:tenant_id' && a !== 'custom:idp_groups',
    );
    observed.groups = observed.groups.slice(0, 1);
    expect(planTenant(shared, observed)).toEqual([
      { action: 'create', resource: 'CustomAttribute', name: 'tenant_id' },
      { action: 'create', resource: 'CustomAttribute', name: 'idp_groups' },
      { action: 'create', resource: 'Group', name: 'globex.member' },
      { action: 'create', resource: 'Group', name: 'globex.read-only' },
    ]);
  });

  it('adds the custom attributes a dedicated tenant maps IdP claims to, so rules can read them', () => {
    const okta = samlIdp('okta');
    const withClaims = compileTenant(
      tenantToCompile({ id: dedicated.tenantId, slug: 'acme', isolationModel: 'DEDICATED_POOL' }),
      ctx,
      {
        roles: null,
        identityProviders: [
          {
            ...okta,
            attributeMapping: {
              ...okta.attributeMapping,
              'custom:department': 'dept',
              'custom:cost_center': 'cc',
            },
          },
        ],
      },
    );
    expect(withClaims.userPool.customAttributes.map((a) => a.name)).toEqual([
      'tenant_id',
      'idp_groups',
      'cost_center',
      'department',
    ]);
    expect(withClaims.appClient.writeAttributes).toEqual(
      expect.arrayContaining(['custom:department', 'custom:cost_center']),
    );
    const observed = inSync(dedicated);
    expect(planTenant(withClaims, observed)).toEqual(
      expect.arrayContaining([
        { action: 'create', resource: 'CustomAttribute', name: 'cost_center' },
        { action: 'create', resource: 'CustomAttribute', name: 'department' },
      ]),
    );
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
      { action: 'delete', resource: 'Group', name: 'globex.read-only' },
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
    expect(planTenantDeletion(dedicated, NOTHING, 'DELETE')).toEqual([]);
  });
});

describe('planTenant: groups from roles', () => {
  const ARN = 'arn:aws:iam::123456789012:role/acme-admin';
  const withRoles = (isolationModel: 'DEDICATED_POOL' | 'SHARED_POOL') =>
    compileTenant(tenantToCompile({ id: dedicated.tenantId, slug: 'acme', isolationModel }), ctx, {
      roles: [role('admin', 10, ARN), role('member', 20), role('read-only', 30)],
      identityProviders: [],
    });

  it.each<[string, 'DEDICATED_POOL' | 'SHARED_POOL', (o: ObservedTenantResources) => void, PlanStep[]]>([
    [
      'a changed precedence and a lost RoleArn are updated',
      'DEDICATED_POOL',
      (o) => {
        o.groups[0] = { ...o.groups[0], precedence: 99, roleArn: null };
      },
      [{ action: 'update', resource: 'Group', name: 'admin', changes: ['precedence', 'roleArn'] }],
    ],
    [
      "a removed role's group is deleted, after everything else",
      'SHARED_POOL',
      (o) => {
        o.groups.push({ name: 'acme.finance', description: 'finance', precedence: 40, roleArn: null });
        o.groups[1] = { ...o.groups[1], description: 'changed' };
      },
      [
        { action: 'update', resource: 'Group', name: 'acme.member', changes: ['description'] },
        { action: 'delete', resource: 'Group', name: 'acme.finance' },
      ],
    ],
    [
      "never another tenant's group in a shared pool, whatever observe reported",
      'SHARED_POOL',
      (o) => {
        o.groups.push({ name: 'acmecorp.admin', description: '', precedence: 1, roleArn: null });
        o.groups.push({ name: 'other.finance', description: '', precedence: 1, roleArn: null });
      },
      [],
    ],
    [
      'a missing group is created',
      'DEDICATED_POOL',
      (o) => {
        o.groups = o.groups.filter((g) => g.name !== 'read-only');
      },
      [{ action: 'create', resource: 'Group', name: 'read-only' }],
    ],
  ])('%s', (_case, model, mutate, plan) => {
    const desired = withRoles(model);
    const observed = inSync(desired);
    mutate(observed);
    expect(planTenant(desired, observed)).toEqual(plan);
  });
});

describe('planTenant: identity providers', () => {
  const SECRET_SEAL = 'v1:dev:AAAAAAAAAAAAAAAA:sealed-client-secret';
  const okta = samlIdp('okta', {}, ['acme.com']);
  const azure = oidcIdp('azure', SECRET_SEAL, ['acme.io']);
  const desired = compileTenant(
    tenantToCompile({ id: dedicated.tenantId, slug: 'acme', isolationModel: 'DEDICATED_POOL' }),
    ctx,
    { roles: null, identityProviders: [okta, azure] },
  );
  const noIdps = compileTenant(
    tenantToCompile({ id: dedicated.tenantId, slug: 'acme', isolationModel: 'DEDICATED_POOL' }),
    ctx,
    NO_CHILDREN,
  );

  it('creates the IdPs before the client names them, and the client after', () => {
    const observed = inSync(noIdps);
    expect(planTenant(desired, observed)).toEqual([
      { action: 'create', resource: 'IdentityProvider', name: 'azure' },
      { action: 'create', resource: 'IdentityProvider', name: 'okta' },
      {
        action: 'update',
        resource: 'AppClient',
        name: 'idplane-acme-web',
        changes: ['supportedIdentityProviders', 'writeAttributes'],
      },
    ]);
  });

  it('takes removed IdPs off the client before deleting them', () => {
    expect(planTenant(noIdps, inSync(desired))).toEqual([
      {
        action: 'update',
        resource: 'AppClient',
        name: 'idplane-acme-web',
        changes: ['supportedIdentityProviders', 'writeAttributes'],
      },
      { action: 'delete', resource: 'IdentityProvider', name: 'azure' },
      { action: 'delete', resource: 'IdentityProvider', name: 'okta' },
    ]);
  });

  it.each<[string, (o: ObservedTenantResources) => void, PlanStep[]]>([
    [
      'metadata replaced in the console',
      (o) => {
        o.identityProviders[1].providerDetails.MetadataFile = '<other/>';
      },
      [{ action: 'update', resource: 'IdentityProvider', name: 'okta', changes: ['MetadataFile'] }],
    ],
    [
      'an attribute mapping and an email domain changed',
      (o) => {
        o.identityProviders[0].attributeMapping = { email: 'upn' };
        o.identityProviders[0].idpIdentifiers = [];
      },
      [
        {
          action: 'update',
          resource: 'IdentityProvider',
          name: 'azure',
          changes: ['attributeMapping', 'idpIdentifiers'],
        },
      ],
    ],
    [
      'a new secret stored since the last apply',
      (o) => {
        o.identityProviders[0].appliedSecretFingerprint = 'an-older-seal';
      },
      [{ action: 'update', resource: 'IdentityProvider', name: 'azure', changes: ['client_secret'] }],
    ],
    [
      'a provider of another type under the same name',
      (o) => {
        o.identityProviders[1].providerType = 'OIDC';
      },
      [
        { action: 'delete', resource: 'IdentityProvider', name: 'okta', changes: ['providerType'] },
        { action: 'create', resource: 'IdentityProvider', name: 'okta', changes: ['providerType'] },
      ],
    ],
    [
      'Cognito-added details and mappings only',
      (o) => {
        o.identityProviders[0].providerDetails.authorize_url = 'https://login.example.com/authorize';
        o.identityProviders[0].attributeMapping.username = 'sub';
      },
      [],
    ],
  ])('updates only what drifted: %s', (_case, mutate, plan) => {
    const observed = inSync(desired);
    mutate(observed);
    expect(planTenant(desired, observed)).toEqual(plan);
  });

  it('lets the IdP that gives an email domain up go before the one that claims it', () => {
    const moved = compileTenant(
      tenantToCompile({ id: dedicated.tenantId, slug: 'acme', isolationModel: 'DEDICATED_POOL' }),
      ctx,
      {
        roles: null,
        identityProviders: [
          { ...okta, emailDomains: ['acme.com', 'acme.io'] },
          { ...azure, emailDomains: [] },
        ],
      },
    );
    expect(planTenant(moved, inSync(desired)).map((s) => s.name)).toEqual(['azure', 'okta']);
  });

  it("deletes only the shared tenant's own IdPs, hashed names included", () => {
    const sharedDesired = compileTenant(
      tenantToCompile({ id: shared.tenantId, slug: 'globex', isolationModel: 'SHARED_POOL' }),
      ctx,
      NO_CHILDREN,
    );
    const observed = inSync(sharedDesired);
    const idp = (name: string) => ({
      name,
      providerType: 'SAML',
      providerDetails: {},
      attributeMapping: {},
      idpIdentifiers: [],
      appliedSecretFingerprint: null,
    });
    observed.identityProviders = [
      idp('globex.okta'),
      idp('globex.~0123456789ab'),
      idp('globexia.okta'),
      idp('okta'),
    ];
    expect(planTenant(sharedDesired, observed).filter((s) => s.resource === 'IdentityProvider')).toEqual([
      { action: 'delete', resource: 'IdentityProvider', name: 'globex.okta' },
      { action: 'delete', resource: 'IdentityProvider', name: 'globex.~0123456789ab' },
    ]);
    expect(
      planTenantDeletion(sharedDesired, observed, 'DELETE').map((s) => `${s.action} ${s.resource} ${s.name}`),
    ).toEqual([
      'delete Group globex.admin',
      'delete Group globex.member',
      'delete Group globex.read-only',
      'delete AppClient idplane-globex-web',
      'delete IdentityProvider globex.okta',
      'delete IdentityProvider globex.~0123456789ab',
    ]);
  });

  it('never puts a secret, sealed or open, into a plan', () => {
    const observed = inSync(noIdps);
    const plan = planTenant(desired, observed);
    const rotated = inSync(desired);
    rotated.identityProviders[0].appliedSecretFingerprint = null;
    const text = JSON.stringify([plan, planTenant(desired, rotated)]);
    expect(text).not.toContain('sealed-client-secret');
    expect(text).not.toContain(desired.identityProviders[0].secret!.fingerprint);
  });
});

describe('inTenantNamespace', () => {
  it.each<['Group' | 'IdentityProvider', string, string | null, boolean]>([
    ['Group', 'acme.admin', 'acme', true],
    ['Group', 'acmecorp.admin', 'acme', false],
    ['Group', 'admin', null, true],
    ['IdentityProvider', 'acme.okta', 'acme', true],
    ['IdentityProvider', 'acme-corp.okta', 'acme', false],
    ['IdentityProvider', 'a-very-long-tenant.~0123456789ab', 'a-very-long-tenant-slug', true],
    ['IdentityProvider', 'a-very-long-tenant.okta', 'a-very-long-tenant-slug', false],
    ['IdentityProvider', 'Google', 'acme', false],
  ])('%s %s in the namespace of %s: %p', (kind, name, slug, inside) => {
    expect(inTenantNamespace(kind, name, slug)).toBe(inside);
  });
});
