import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cognitoProviderNameFor } from '../../../libs/federation/src/cognito-provider-name';
import { buildMappingSnapshot } from '../../../libs/access/src/mapping-snapshot.builder';
import { MappingSnapshot } from '../../../libs/access/src/mapping-snapshot';
import { DEFAULT_ROLES } from '../../../libs/access/src/role';
import { RoleMappingRule } from '../../../libs/access/src/role-mapping';
import { simulateRoleMapping } from '../../../libs/access/src/simulate-role-mapping';
import { TenantAccess } from '../../../libs/access/src/tenant-access';
import { createEnricher, EnricherLog, SignInRefusedError } from './handler';
import { PreTokenGenerationEvent } from './pre-token-generation-event';

/*
 * Events are the recorded V2_0 shapes in ../test-events (structure per
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html),
 * cloned and adjusted per test.
 */
type EventFile = 'saml-user' | 'oidc-user' | 'native-user';
const recorded: Record<EventFile, PreTokenGenerationEvent> = {
  'saml-user': load('saml-user'),
  'oidc-user': load('oidc-user'),
  'native-user': load('native-user'),
};
function load(name: EventFile): PreTokenGenerationEvent {
  return JSON.parse(readFileSync(join(__dirname, '..', 'test-events', `${name}.json`), 'utf8'));
}

const POOL = 'eu-west-1_Sh4red0AB';
const DEDICATED_POOL = 'eu-west-1_In1tech00';
const ACME_CLIENT = '4ab1c2d3e4f5acmeclient00001';
const GLOBEX_CLIENT = '7de8f9globexclient000000002';
const INITECH_CLIENT = '9f0a1binitechclient00000003';
const ADMIN_ARN = 'arn:aws:iam::123456789012:role/acme-admin';
const ENTRA_ADMINS = '5f7c1e2a-91b4-4c1d-8f0e-2b3a4c5d6e7f';

function rule(partial: Partial<RoleMappingRule> & Pick<RoleMappingRule, 'value' | 'role'>): RoleMappingRule {
  return { identityProvider: null, claim: 'groups', matchType: 'EQUALS', caseSensitive: false, ...partial };
}

function tenant(overrides: Partial<TenantAccess>): TenantAccess {
  return {
    tenantId: '11111111-1111-4111-8111-111111111111',
    slug: 'acme',
    isolationModel: 'SHARED_POOL',
    userPoolId: POOL,
    appClientIds: [ACME_CLIENT],
    roles: DEFAULT_ROLES.map((r) => (r.name === 'admin' ? { ...r, iamRoleArn: ADMIN_ARN } : { ...r })),
    mappings: {
      defaultRole: 'read-only',
      // Rules name IdPs as the admin does (`okta`), never as Cognito does in a shared pool (`acme.okta`).
      rules: [
        rule({ identityProvider: 'okta', value: 'idplane-admins', role: 'admin' }),
        rule({ matchType: 'STARTS_WITH', value: 'eng-', role: 'member' }),
        rule({ identityProvider: 'entra', value: ENTRA_ADMINS, role: 'admin' }),
      ],
    },
    ...overrides,
  };
}

const ACME = tenant({});
const GLOBEX = tenant({
  tenantId: '22222222-2222-4222-8222-222222222222',
  slug: 'globex',
  appClientIds: [GLOBEX_CLIENT],
  roles: DEFAULT_ROLES.map((r) => ({ ...r })),
  mappings: {
    defaultRole: 'member',
    rules: [rule({ identityProvider: 'okta', value: 'globex-admins', role: 'admin' })],
  },
});
const INITECH = tenant({
  tenantId: '33333333-3333-4333-8333-333333333333',
  slug: 'initech',
  isolationModel: 'DEDICATED_POOL',
  userPoolId: DEDICATED_POOL,
  appClientIds: [INITECH_CLIENT],
  roles: DEFAULT_ROLES.map((r) => ({ ...r })),
});
/** Long enough that Cognito's 32-character limit makes its IdP names hashed: `<cut slug>.~<hash>`. */
const LONGCORP = tenant({
  tenantId: '44444444-4444-4444-8444-444444444444',
  slug: 'longcorp-international-holdings',
  appClientIds: ['5c6d7elongcorpclient0000004'],
  roles: DEFAULT_ROLES.map((r) => ({ ...r })),
});
const snapshot: MappingSnapshot = buildMappingSnapshot(
  [ACME, GLOBEX, INITECH, LONGCORP],
  new Date('2025-03-01T00:00:00Z'),
);

interface Adjust {
  triggerSource?: string;
  userPoolId?: string;
  clientId?: string;
  /** Replaces the user's IdP link: one identity through this Cognito provider name. */
  providerName?: string;
  /** Merged into the recorded attributes; undefined deletes one. */
  attributes?: Record<string, string | undefined>;
  groups?: string[];
}

/** A recorded event, cloned and adjusted. */
function event(file: EventFile, adjust: Adjust = {}): PreTokenGenerationEvent {
  const e = structuredClone(recorded[file]);
  if (adjust.triggerSource) e.triggerSource = adjust.triggerSource;
  if (adjust.userPoolId) e.userPoolId = adjust.userPoolId;
  if (adjust.clientId) e.callerContext.clientId = adjust.clientId;
  const attributes = e.request.userAttributes;
  if (adjust.providerName) {
    const [identity] = JSON.parse(attributes.identities) as Record<string, unknown>[];
    attributes.identities = JSON.stringify([{ ...identity, providerName: adjust.providerName }]);
  }
  for (const [name, value] of Object.entries(adjust.attributes ?? {})) {
    if (value === undefined) delete attributes[name];
    else attributes[name] = value;
  }
  if (adjust.groups) e.request.groupConfiguration.groupsToOverride = adjust.groups;
  return e;
}

function enricher(current: MappingSnapshot | null, block = false) {
  const logs: Record<string, unknown>[] = [];
  const log: EnricherLog = (entry) => logs.push(entry);
  return {
    enrich: createEnricher({
      snapshot: { current: async () => current },
      blockSignInOnTenantMismatch: block,
      log,
    }),
    logs,
  };
}

const NOTHING = { groupOverrideDetails: { groupsToOverride: [], iamRolesToOverride: [] } };

async function rolesOf(e: PreTokenGenerationEvent): Promise<unknown> {
  const out = await enricher(snapshot).enrich(e);
  return out.response.claimsAndScopeOverrideDetails?.idTokenGeneration?.claimsToAddOrOverride?.roles;
}

describe('token enricher on recorded V2_0 events', () => {
  it('SAML user (custom:idp_groups as [a, b]) through acme.okta: rules add roles, tenant claims, groups, IAM role', async () => {
    const { enrich } = enricher(snapshot);
    const out = await enrich(event('saml-user'));
    const details = out.response.claimsAndScopeOverrideDetails!;
    expect(details.groupOverrideDetails).toEqual({
      groupsToOverride: ['acme.admin', 'acme.member'],
      iamRolesToOverride: [ADMIN_ARN],
      preferredRole: ADMIN_ARN,
    });
    const claims = { tenant_id: ACME.tenantId, roles: ['admin', 'member'] };
    expect(details.idTokenGeneration?.claimsToAddOrOverride).toEqual(claims);
    expect(details.accessTokenGeneration?.claimsToAddOrOverride).toEqual(claims);
  });

  it('OIDC user (custom:idp_groups as a JSON array, other case) through acme.entra: resolved by app client', async () => {
    const { enrich } = enricher(snapshot);
    const out = await enrich(event('oidc-user'));
    const details = out.response.claimsAndScopeOverrideDetails!;
    expect(details.groupOverrideDetails?.groupsToOverride).toEqual(['acme.admin']);
    expect(details.idTokenGeneration?.claimsToAddOrOverride).toEqual({
      tenant_id: ACME.tenantId,
      roles: ['admin'],
    });
  });

  it('an okta-only rule does not apply to the entra user', async () => {
    const e = event('oidc-user', { attributes: { 'custom:idp_groups': '["idplane-admins"]' } });
    expect(await rolesOf(e)).toEqual(['read-only']);
  });

  it("native user: keeps directly assigned tenant groups, drops other tenants' groups", async () => {
    const { enrich } = enricher(snapshot);
    const out = await enrich(
      event('native-user', {
        triggerSource: 'TokenGeneration_RefreshTokens',
        groups: ['acme.member', 'globex.admin'],
      }),
    );
    const details = out.response.claimsAndScopeOverrideDetails!;
    expect(details.groupOverrideDetails).toEqual({
      groupsToOverride: ['acme.member'],
      iamRolesToOverride: [],
    });
    expect(details.accessTokenGeneration?.claimsToAddOrOverride).toEqual({
      tenant_id: ACME.tenantId,
      roles: ['member'],
    });
  });

  it('native user with no groups gets the default role', async () => {
    const { enrich } = enricher(snapshot);
    const out = await enrich(event('native-user', { groups: [] }));
    expect(out.response.claimsAndScopeOverrideDetails?.groupOverrideDetails?.groupsToOverride).toEqual([
      'acme.read-only',
    ]);
  });

  it('native user who wrote a group attribute themselves meets no rule', async () => {
    // The any-IdP rule (groups STARTS_WITH eng-) would grant member to an IdP user asserting this.
    const e = event('native-user', { groups: [], attributes: { 'custom:idp_groups': '[eng-platform]' } });
    expect(await rolesOf(e)).toEqual(['read-only']);
  });

  describe('IdP groups arrive in custom:idp_groups', () => {
    it.each<[string, string, string[]]>([
      ['SAML multi-valued, as Cognito joins it', '[Everyone, eng-platform]', ['member']],
      ['OIDC array claim, as a JSON string', '["Everyone","eng-platform"]', ['member']],
      ['a single SAML value', 'eng-platform', ['member']],
      ['no matching group', '[Everyone]', ['read-only']],
    ])('%s', async (_label, groups, roles) => {
      expect(await rolesOf(event('saml-user', { attributes: { 'custom:idp_groups': groups } }))).toEqual(
        roles,
      );
    });
  });

  describe('rules name IdPs as the admin does; users carry the Cognito provider name', () => {
    it('SHARED_POOL: a rule for okta matches a user who came through acme.okta', async () => {
      const e = event('saml-user', { attributes: { 'custom:idp_groups': '[idplane-admins]' } });
      expect(await rolesOf(e)).toEqual(['admin']);
    });

    it("SHARED_POOL: acme's okta rule never matches another tenant's okta, nor a bare okta", async () => {
      const admins = { 'custom:idp_groups': '[idplane-admins]' };
      for (const providerName of ['globex.okta', 'okta', 'acme.okta2']) {
        expect(await rolesOf(event('saml-user', { providerName, attributes: admins }))).toEqual([
          'read-only',
        ]);
      }
    });

    it("SHARED_POOL: a hashed provider name (slug too long for Cognito's 32 characters) still matches", async () => {
      const providerName = cognitoProviderNameFor(LONGCORP, 'okta');
      expect(providerName).toMatch(/^longcorp-internati\.~[0-9a-f]{12}$/);
      const e = event('saml-user', {
        clientId: LONGCORP.appClientIds[0],
        providerName,
        attributes: { 'custom:idp_groups': '[idplane-admins]' },
      });
      const out = await enricher(snapshot).enrich(e);
      expect(out.response.claimsAndScopeOverrideDetails?.groupOverrideDetails?.groupsToOverride).toEqual([
        'longcorp-international-holdings.admin',
      ]);
    });

    it('DEDICATED_POOL: the provider name is the admin name, and the rule matches it', async () => {
      const dedicated = {
        userPoolId: DEDICATED_POOL,
        clientId: INITECH_CLIENT,
        attributes: { 'custom:idp_groups': '[idplane-admins]' },
      };
      const out = await enricher(snapshot).enrich(event('saml-user', { ...dedicated, providerName: 'okta' }));
      expect(out.response.claimsAndScopeOverrideDetails?.groupOverrideDetails?.groupsToOverride).toEqual([
        'admin',
      ]);
      expect(await rolesOf(event('saml-user', { ...dedicated, providerName: 'initech.okta' }))).toEqual([
        'read-only',
      ]);
    });

    it('simulateRoleMapping with the admin name gives what the enricher gives the user', async () => {
      const reader = {
        findTenantAccess: async (id: string) => [ACME, INITECH].find((t) => t.tenantId === id) ?? null,
      };
      const cases: [TenantAccess, string, Adjust][] = [
        [ACME, 'okta', {}],
        [ACME, 'entra', {}],
        [INITECH, 'okta', { userPoolId: DEDICATED_POOL, clientId: INITECH_CLIENT, providerName: 'okta' }],
      ];
      for (const [t, adminName, adjust] of cases) {
        const e = event(adminName === 'entra' ? 'oidc-user' : 'saml-user', adjust);
        const simulated = await simulateRoleMapping(reader, t.tenantId, adminName, e.request.userAttributes);
        expect(simulated.roles.length).toBeGreaterThan(0);
        expect(await rolesOf(e)).toEqual(simulated.roles.map((r) => r.role));
      }
    });
  });

  describe('tenant isolation: a mapping of acme never yields roles for a user of another tenant', () => {
    const acmeMatching = { 'custom:idp_groups': '[idplane-admins, eng-platform]' };

    it.each(['globex.okta', 'acme.okta'])(
      "a globex user through globex's client, claims matching acme's rules, via %s: nothing of acme",
      async (providerName) => {
        const { enrich } = enricher(snapshot);
        const out = await enrich(
          event('saml-user', {
            clientId: GLOBEX_CLIENT,
            providerName,
            attributes: { ...acmeMatching, 'custom:tenant_id': GLOBEX.tenantId },
            groups: [`${POOL}_${providerName}`, 'acme.admin'],
          }),
        );
        const details = out.response.claimsAndScopeOverrideDetails!;
        expect(details.groupOverrideDetails).toEqual({
          groupsToOverride: ['globex.member'],
          iamRolesToOverride: [],
        });
        expect(details.idTokenGeneration?.claimsToAddOrOverride).toEqual({
          tenant_id: GLOBEX.tenantId,
          roles: ['member'],
        });
        expect(JSON.stringify(details)).not.toMatch(/acme/);
      },
    );

    it.each<EventFile>(['saml-user', 'oidc-user', 'native-user'])(
      "%s whose custom:tenant_id says acme, through globex's client: nothing of either tenant",
      async (file) => {
        const { enrich, logs } = enricher(snapshot);
        const out = await enrich(
          event(file, {
            clientId: GLOBEX_CLIENT,
            attributes: { ...acmeMatching, 'custom:tenant_id': ACME.tenantId },
            groups: ['acme.admin', 'globex.admin'],
          }),
        );
        expect(out.response.claimsAndScopeOverrideDetails).toEqual(NOTHING);
        expect(logs[0]).toMatchObject({ outcome: 'denied', reason: 'tenant-mismatch' });
      },
    );

    it('tenant mismatch can refuse the sign-in instead', async () => {
      const { enrich } = enricher(snapshot, true);
      await expect(enrich(event('native-user', { clientId: GLOBEX_CLIENT }))).rejects.toThrow(
        SignInRefusedError,
      );
    });
  });

  describe('tenant from custom:tenant_id alone (app client not in the snapshot)', () => {
    const UNKNOWN_CLIENT = '1a2b3c4d5e6f7g8h9i0jnewclnt';

    it('resolves the tenant and applies its rules and groups', async () => {
      const { enrich } = enricher(snapshot);
      const native = await enrich(event('native-user', { clientId: UNKNOWN_CLIENT }));
      expect(native.response.claimsAndScopeOverrideDetails?.idTokenGeneration?.claimsToAddOrOverride).toEqual(
        {
          tenant_id: ACME.tenantId,
          roles: ['member'],
        },
      );
      const federated = await enrich(
        event('saml-user', {
          clientId: UNKNOWN_CLIENT,
          attributes: { 'custom:tenant_id': ` ${ACME.tenantId} ` },
        }),
      );
      expect(
        federated.response.claimsAndScopeOverrideDetails?.groupOverrideDetails?.groupsToOverride,
      ).toEqual(['acme.admin', 'acme.member']);
    });

    it('refuses a tenant that lives in another pool than the event came from', async () => {
      const { enrich, logs } = enricher(snapshot);
      const out = await enrich(
        event('native-user', { clientId: UNKNOWN_CLIENT, userPoolId: DEDICATED_POOL }),
      );
      expect(out.response.claimsAndScopeOverrideDetails).toEqual(NOTHING);
      expect(logs[0]).toMatchObject({ reason: 'pool-mismatch', tenantId: ACME.tenantId });
    });

    it.each<[string, string | undefined]>([
      ['an unknown tenant id', '99999999-9999-4999-8999-999999999999'],
      ['a blank tenant id', '  '],
      ['no tenant id', undefined],
    ])('gives nothing for %s', async (_label, tenantId) => {
      const { enrich, logs } = enricher(snapshot);
      const out = await enrich(
        event('saml-user', { clientId: UNKNOWN_CLIENT, attributes: { 'custom:tenant_id': tenantId } }),
      );
      expect(out.response.claimsAndScopeOverrideDetails).toEqual(NOTHING);
      expect(logs[0]).toMatchObject({ reason: 'unknown-tenant' });
    });
  });

  describe('a suspended tenant', () => {
    const suspended = buildMappingSnapshot(
      [{ ...ACME, suspended: true }, GLOBEX, INITECH, LONGCORP],
      new Date('2025-03-02T00:00:00Z'),
    );

    it.each([
      ['saml-user', 'TokenGeneration_HostedAuth'],
      ['oidc-user', 'TokenGeneration_HostedAuth'],
      ['native-user', 'TokenGeneration_Authentication'],
      ['native-user', 'TokenGeneration_RefreshTokens'],
    ] as const)('refuses a %s token (%s), saying nothing about the tenant', async (file, triggerSource) => {
      const { enrich, logs } = enricher(suspended);
      await expect(enrich(event(file, { triggerSource }))).rejects.toThrow(SignInRefusedError);
      expect(logs[0]).toMatchObject({
        outcome: 'denied',
        reason: 'tenant-suspended',
        tenantId: ACME.tenantId,
      });
    });

    it("leaves the other tenants' users alone", async () => {
      const { enrich } = enricher(suspended);
      const out = await enrich(
        event('native-user', {
          clientId: GLOBEX_CLIENT,
          attributes: { 'custom:tenant_id': GLOBEX.tenantId },
          groups: ['globex.admin'],
        }),
      );
      expect(out.response.claimsAndScopeOverrideDetails?.groupOverrideDetails?.groupsToOverride).toEqual([
        'globex.admin',
      ]);
    });
  });

  it('snapshot unavailable: signs in with no groups and no claims', async () => {
    const { enrich, logs } = enricher(null);
    const out = await enrich(event('saml-user', { groups: ['acme.admin'] }));
    expect(out.response.claimsAndScopeOverrideDetails).toEqual(NOTHING);
    expect(logs[0]).toMatchObject({ level: 'warn', outcome: 'denied', reason: 'snapshot-unavailable' });
  });

  it('a tenant in another user pool is refused', async () => {
    const { enrich } = enricher(snapshot);
    const out = await enrich(event('native-user', { userPoolId: 'eu-west-1_Other' }));
    expect(out.response.claimsAndScopeOverrideDetails?.idTokenGeneration).toBeUndefined();
  });

  it('client credentials (V3) tokens are left alone', async () => {
    const { enrich } = enricher(snapshot);
    const m2m = { ...event('native-user'), version: '3', triggerSource: 'TokenGeneration_ClientCredentials' };
    expect(await enrich(m2m)).toEqual(m2m);
  });

  it('a malformed event never throws', async () => {
    const { enrich, logs } = enricher(snapshot);
    const broken = {
      version: '2',
      triggerSource: 'TokenGeneration_HostedAuth',
    } as unknown as PreTokenGenerationEvent;
    const out = await enrich(broken);
    expect(out.response.claimsAndScopeOverrideDetails?.groupOverrideDetails).toEqual({
      groupsToOverride: [],
      iamRolesToOverride: [],
    });
    expect(logs[0]).toMatchObject({ reason: 'malformed-event' });
  });
});
