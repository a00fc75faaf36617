import { ValidationError } from '@idplane/errors';
import { compileIdentityPool, IdentityPoolCompileInput, ObservedIdentityPool } from './desired-identity-pool';
import { planIdentityPool } from './identity-pool-plan';

const ADMIN_ARN = 'arn:aws:iam::123456789012:role/acme-admin';
const AUTH_ARN = 'arn:aws:iam::123456789012:role/acme-signed-in';
const GUEST_ARN = 'arn:aws:iam::123456789012:role/acme-guest';

const input = (over: Partial<IdentityPoolCompileInput> = {}): IdentityPoolCompileInput => ({
  tenant: { id: 't-1', slug: 'acme', region: 'eu-west-1' },
  environment: 'test',
  config: { authenticatedRoleArn: AUTH_ARN, guestRoleArn: null, ambiguousRoleResolution: 'Deny' },
  roles: [
    { name: 'member', group: 'acme.member', description: '', precedence: 20, iamRoleArn: null },
    { name: 'admin', group: 'acme.admin', description: '', precedence: 10, iamRoleArn: ADMIN_ARN },
  ],
  userPoolId: 'eu-west-1_Pool1',
  appClientId: 'client1',
  ...over,
});

const observedFrom = (desired: NonNullable<ReturnType<typeof compileIdentityPool>>): ObservedIdentityPool =>
  JSON.parse(JSON.stringify({ ...desired, id: 'eu-west-1:abc' })) as ObservedIdentityPool;

describe('compileIdentityPool', () => {
  it('trusts only the tenant app client and maps roles with IAM roles to Rules on cognito:groups', () => {
    const desired = compileIdentityPool(input())!;
    expect(desired.name).toBe('idplane_test_acme');
    expect(desired.allowUnauthenticated).toBe(false);
    expect(desired.providers).toEqual([
      {
        providerName: 'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool1',
        clientId: 'client1',
        serverSideTokenCheck: true,
      },
    ]);
    expect(desired.roles).toEqual({ authenticated: AUTH_ARN });
    expect(desired.roleMappings).toEqual({
      'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool1:client1': {
        Type: 'Rules',
        AmbiguousRoleResolution: 'Deny',
        RulesConfiguration: {
          Rules: [
            { Claim: 'cognito:groups', MatchType: 'Contains', Value: 'acme.admin', RoleARN: ADMIN_ARN },
          ],
        },
      },
    });
    expect(desired.tags['idplane:tenant-id']).toBe('t-1');
  });

  it('a guest role allows unauthenticated identities', () => {
    const desired = compileIdentityPool(
      input({
        config: { authenticatedRoleArn: AUTH_ARN, guestRoleArn: GUEST_ARN, ambiguousRoleResolution: 'Deny' },
      }),
    )!;
    expect(desired.allowUnauthenticated).toBe(true);
    expect(desired.roles).toEqual({ authenticated: AUTH_ARN, unauthenticated: GUEST_ARN });
  });

  it.each([
    ['no identity pool configured', { config: null }],
    ['the user pool is not there yet', { userPoolId: null }],
    ['the app client is not there yet', { appClientId: null }],
  ])('is null when %s', (_why, over) => {
    expect(compileIdentityPool(input(over))).toBeNull();
  });

  it('refuses roles whose groups Contains rules cannot tell apart (dedicated pool names)', () => {
    expect(() =>
      compileIdentityPool(
        input({
          roles: [
            { name: 'admin', group: 'admin', description: '', precedence: 10, iamRoleArn: ADMIN_ARN },
            {
              name: 'super-admin',
              group: 'super-admin',
              description: '',
              precedence: 5,
              iamRoleArn: ADMIN_ARN,
            },
          ],
        }),
      ),
    ).toThrow(ValidationError);
  });
});

describe('planIdentityPool', () => {
  const desired = compileIdentityPool(input())!;

  it('creates the pool, then sets its roles', () => {
    expect(planIdentityPool(desired, null).map((s) => `${s.action} ${s.resource}`)).toEqual([
      'create IdentityPool',
      'update IdentityPoolRoles',
    ]);
  });

  it('is empty when Cognito matches, whatever order keys come back in', () => {
    const observed = observedFrom(desired);
    const [[key, mapping]] = Object.entries(observed.roleMappings);
    observed.roleMappings = { [key]: { RulesConfiguration: mapping.RulesConfiguration, ...mapping } };
    expect(planIdentityPool(desired, observed)).toEqual([]);
  });

  it('deletes a pool the tenant no longer wants, and does nothing when there is none', () => {
    expect(planIdentityPool(null, observedFrom(desired))).toEqual([
      { action: 'delete', resource: 'IdentityPool', name: 'idplane_test_acme' },
    ]);
    expect(planIdentityPool(null, null)).toEqual([]);
  });

  it('updates the pool when a provider was added behind idplane, or guests were allowed', () => {
    const observed = observedFrom(desired);
    observed.providers.push({
      providerName: 'cognito-idp.eu-west-1.amazonaws.com/other',
      clientId: 'x',
      serverSideTokenCheck: false,
    });
    observed.allowUnauthenticated = true;
    expect(planIdentityPool(desired, observed)).toEqual([
      {
        action: 'update',
        resource: 'IdentityPool',
        name: 'idplane_test_acme',
        changes: ['allowUnauthenticated', 'cognitoIdentityProviders'],
      },
    ]);
  });

  it('resets roles and rules changed behind idplane', () => {
    const observed = observedFrom(desired);
    observed.roles = { authenticated: ADMIN_ARN };
    observed.roleMappings = {};
    expect(planIdentityPool(desired, observed)).toEqual([
      {
        action: 'update',
        resource: 'IdentityPoolRoles',
        name: 'idplane_test_acme',
        changes: ['roles', 'roleMappings'],
      },
    ]);
  });
});
