import { buildMappingSnapshot } from '../../../libs/access/src/mapping-snapshot.builder';
import { MappingSnapshot } from '../../../libs/access/src/mapping-snapshot';
import { DEFAULT_ROLES } from '../../../libs/access/src/role';
import { TenantAccess } from '../../../libs/access/src/tenant-access';
import { createEnricher, EnricherLog, SignInRefusedError } from './handler';
import { PreTokenGenerationEvent } from './pre-token-generation-event';

const POOL = 'eu-west-1_Shared0';
const ACME_CLIENT = '4ab1c2d3e4f5acmeclient00001';
const GLOBEX_CLIENT = '7de8f9globexclient000000002';
const ADMIN_ARN = 'arn:aws:iam::123456789012:role/acme-admin';

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
      rules: [
        {
          identityProvider: 'AcmeOkta',
          claim: 'groups',
          matchType: 'EQUALS',
          value: 'idplane-admins',
          role: 'admin',
          caseSensitive: false,
        },
        {
          identityProvider: null,
          claim: 'groups',
          matchType: 'STARTS_WITH',
          value: 'eng-',
          role: 'member',
          caseSensitive: false,
        },
        {
          identityProvider: 'AcmeEntra',
          claim: 'groups',
          matchType: 'EQUALS',
          value: '5f7c1e2a-91b4-4c1d-8f0e-2b3a4c5d6e7f',
          role: 'admin',
          caseSensitive: false,
        },
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
  mappings: { defaultRole: 'member', rules: [] },
});
const snapshot: MappingSnapshot = buildMappingSnapshot([ACME, GLOBEX], new Date('2025-03-01T00:00:00Z'));

/** A V2_0 event as Cognito sends it; attributes are all strings, `identities` a JSON string. */
function event(overrides: {
  triggerSource?: string;
  clientId?: string;
  userAttributes: Record<string, string>;
  groups?: string[];
}): PreTokenGenerationEvent {
  return {
    version: '2',
    triggerSource: overrides.triggerSource ?? 'TokenGeneration_HostedAuth',
    region: 'eu-west-1',
    userPoolId: POOL,
    userName: 'user',
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: overrides.clientId ?? ACME_CLIENT },
    request: {
      userAttributes: overrides.userAttributes,
      groupConfiguration: {
        groupsToOverride: overrides.groups ?? [],
        iamRolesToOverride: [],
        preferredRole: null,
      },
      scopes: ['openid', 'email', 'aws.cognito.signin.user.admin'],
    },
    response: { claimsAndScopeOverrideDetails: null },
  };
}

const samlUser = {
  sub: '3512c2ad-f902-44b2-903e-3ff8c9c27d5a',
  'cognito:user_status': 'EXTERNAL_PROVIDER',
  email: 'ana@acme.example',
  identities: JSON.stringify([
    {
      userId: 'ana@acme.example',
      providerName: 'AcmeOkta',
      providerType: 'SAML',
      issuer: 'http://www.okta.com/exk1a2b3c4',
      primary: true,
      dateCreated: 1700000000000,
    },
  ]),
  'custom:tenant_id': ACME.tenantId,
  'custom:groups': '[Everyone, idplane-admins, eng-platform]',
};

const oidcUser = {
  sub: '9a8b7c6d-0000-4000-8000-000000000001',
  'cognito:user_status': 'EXTERNAL_PROVIDER',
  email: 'bo@acme.example',
  identities: JSON.stringify([
    {
      userId: 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ',
      providerName: 'AcmeEntra',
      providerType: 'OIDC',
      issuer: null,
      primary: true,
      dateCreated: 1700000000001,
    },
  ]),
  'custom:groups': '["5F7C1E2A-91B4-4C1D-8F0E-2B3A4C5D6E7F","0c1d2e3f-aaaa-4bbb-8ccc-ddddeeeeffff"]',
};

const nativeUser = {
  sub: '0f0e0d0c-1111-4222-8333-444455556666',
  'cognito:user_status': 'CONFIRMED',
  email: 'cy@acme.example',
  email_verified: 'true',
  'custom:tenant_id': ACME.tenantId,
};

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

describe('token enricher', () => {
  it('SAML user (Okta, bracketed multi-valued groups): rules add roles, tenant claims, groups and IAM role', async () => {
    const { enrich } = enricher(snapshot);
    const out = await enrich(event({ userAttributes: samlUser, groups: [`${POOL}_AcmeOkta`] }));
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

  it('OIDC user (Entra group ids as a JSON array, other case): resolved by app client alone', async () => {
    const { enrich } = enricher(snapshot);
    const out = await enrich(
      event({ triggerSource: 'TokenGeneration_Authentication', userAttributes: oidcUser }),
    );
    const details = out.response.claimsAndScopeOverrideDetails!;
    expect(details.groupOverrideDetails?.groupsToOverride).toEqual(['acme.admin']);
    expect(details.idTokenGeneration?.claimsToAddOrOverride).toEqual({
      tenant_id: ACME.tenantId,
      roles: ['admin'],
    });
  });

  it('an Okta-only rule does not apply to the Entra user', async () => {
    const { enrich } = enricher(snapshot);
    const entraWithOktaGroup = { ...oidcUser, 'custom:groups': '["idplane-admins"]' };
    const out = await enrich(event({ userAttributes: entraWithOktaGroup }));
    expect(out.response.claimsAndScopeOverrideDetails?.idTokenGeneration?.claimsToAddOrOverride).toEqual({
      tenant_id: ACME.tenantId,
      roles: ['read-only'],
    });
  });

  it("native user: keeps directly assigned tenant groups, drops other tenants' groups", async () => {
    const { enrich } = enricher(snapshot);
    const out = await enrich(
      event({
        triggerSource: 'TokenGeneration_RefreshTokens',
        userAttributes: nativeUser,
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
    const out = await enrich(event({ userAttributes: nativeUser }));
    expect(out.response.claimsAndScopeOverrideDetails?.groupOverrideDetails?.groupsToOverride).toEqual([
      'acme.read-only',
    ]);
  });

  it('native user who wrote a group claim themselves meets no rule', async () => {
    const { enrich } = enricher(snapshot);
    // The any-IdP rule (groups STARTS_WITH eng-) would grant member to an IdP user asserting this.
    const out = await enrich(event({ userAttributes: { ...nativeUser, groups: 'eng-platform' } }));
    expect(out.response.claimsAndScopeOverrideDetails?.groupOverrideDetails?.groupsToOverride).toEqual([
      'acme.read-only',
    ]);
  });

  it('snapshot unavailable: signs in with no groups and no claims', async () => {
    const { enrich, logs } = enricher(null);
    const out = await enrich(event({ userAttributes: samlUser, groups: ['acme.admin'] }));
    expect(out.response.claimsAndScopeOverrideDetails).toEqual({
      groupOverrideDetails: { groupsToOverride: [], iamRolesToOverride: [] },
    });
    expect(logs[0]).toMatchObject({ level: 'warn', outcome: 'denied', reason: 'snapshot-unavailable' });
  });

  it("tenant mismatch: a user of acme through globex's client gets neither tenant's roles", async () => {
    const { enrich, logs } = enricher(snapshot);
    const out = await enrich(
      event({ clientId: GLOBEX_CLIENT, userAttributes: nativeUser, groups: ['acme.admin'] }),
    );
    expect(out.response.claimsAndScopeOverrideDetails).toEqual({
      groupOverrideDetails: { groupsToOverride: [], iamRolesToOverride: [] },
    });
    expect(logs[0]).toMatchObject({ reason: 'tenant-mismatch' });
  });

  it('tenant mismatch can refuse the sign-in instead', async () => {
    const { enrich } = enricher(snapshot, true);
    await expect(enrich(event({ clientId: GLOBEX_CLIENT, userAttributes: nativeUser }))).rejects.toThrow(
      SignInRefusedError,
    );
  });

  it('unknown client and no tenant attribute: no roles', async () => {
    const { enrich } = enricher(snapshot);
    const out = await enrich(event({ clientId: 'someotherclient', userAttributes: oidcUser }));
    expect(out.response.claimsAndScopeOverrideDetails?.groupOverrideDetails?.groupsToOverride).toEqual([]);
  });

  it('a tenant in another user pool is refused', async () => {
    const { enrich } = enricher(snapshot);
    const out = await enrich({ ...event({ userAttributes: nativeUser }), userPoolId: 'eu-west-1_Other' });
    expect(out.response.claimsAndScopeOverrideDetails?.idTokenGeneration).toBeUndefined();
  });

  it('client credentials (V3) tokens are left alone', async () => {
    const { enrich } = enricher(snapshot);
    const m2m = {
      ...event({ userAttributes: {} }),
      version: '3',
      triggerSource: 'TokenGeneration_ClientCredentials',
    };
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
