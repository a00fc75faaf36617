import {
  CreateIdentityPoolCommand,
  DeleteIdentityPoolCommand,
  DescribeIdentityPoolCommand,
  GetIdentityPoolRolesCommand,
  ListIdentityPoolsCommand,
  SetIdentityPoolRolesCommand,
  UpdateIdentityPoolCommand,
  type CognitoIdentityClient,
} from '@aws-sdk/client-cognito-identity';
import { expectAwsError, startHarness, type Harness } from './emulator-harness';

const USER_POOL_PROVIDER = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123';
const CLIENT_ID = 'abcdefghijklmnopqrstuvwxyz';
const AUTH_ROLE = 'arn:aws:iam::123456789012:role/authenticated';

describe('identity pools', () => {
  let harness: Harness;
  let identity: CognitoIdentityClient;

  beforeAll(async () => {
    harness = await startHarness();
    identity = harness.identity();
  });
  afterAll(() => harness.close());

  const createPool = (name: string) =>
    identity.send(
      new CreateIdentityPoolCommand({
        IdentityPoolName: name,
        AllowUnauthenticatedIdentities: false,
        CognitoIdentityProviders: [
          { ProviderName: USER_POOL_PROVIDER, ClientId: CLIENT_ID, ServerSideTokenCheck: true },
        ],
        IdentityPoolTags: { tenant: 't1' },
      }),
    );

  it('creates, describes, updates and deletes an identity pool', async () => {
    const created = await createPool('tenant_pool');
    expect(created.IdentityPoolId).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
    const described = await identity.send(
      new DescribeIdentityPoolCommand({ IdentityPoolId: created.IdentityPoolId }),
    );
    expect(described).toMatchObject({
      IdentityPoolName: 'tenant_pool',
      AllowUnauthenticatedIdentities: false,
      IdentityPoolTags: { tenant: 't1' },
    });
    expect(described.CognitoIdentityProviders).toEqual([
      { ProviderName: USER_POOL_PROVIDER, ClientId: CLIENT_ID, ServerSideTokenCheck: true },
    ]);
    const updated = await identity.send(
      new UpdateIdentityPoolCommand({
        IdentityPoolId: created.IdentityPoolId!,
        IdentityPoolName: 'renamed',
        AllowUnauthenticatedIdentities: true,
      }),
    );
    expect(updated.IdentityPoolName).toBe('renamed');
    expect(updated.CognitoIdentityProviders).toBeUndefined();
    await identity.send(new DeleteIdentityPoolCommand({ IdentityPoolId: created.IdentityPoolId }));
    const gone = await expectAwsError(
      identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: created.IdentityPoolId })),
    );
    expect(gone.name).toBe('ResourceNotFoundException');
    expect(gone.$metadata.httpStatusCode).toBe(400);
  });

  it('validates input against the cognito-identity model', async () => {
    const missing = await expectAwsError(
      identity.send(
        new CreateIdentityPoolCommand({
          IdentityPoolName: 'x',
          AllowUnauthenticatedIdentities: undefined as unknown as boolean,
        }),
      ),
    );
    expect(missing.name).toBe('InvalidParameterException');
    expect(missing.message).toContain("'allowUnauthenticatedIdentities'");
    const badName = await expectAwsError(
      identity.send(
        new CreateIdentityPoolCommand({
          IdentityPoolName: 'no/slashes',
          AllowUnauthenticatedIdentities: false,
        }),
      ),
    );
    expect(badName.name).toBe('InvalidParameterException');
    const noMax = await expectAwsError(
      identity.send(new ListIdentityPoolsCommand({ MaxResults: undefined as unknown as number })),
    );
    expect(noMax.name).toBe('InvalidParameterException');
  });

  it('lists identity pools with pagination', async () => {
    const regional = harness.identity('eu-west-1');
    for (let i = 0; i < 3; i += 1) {
      await regional.send(
        new CreateIdentityPoolCommand({ IdentityPoolName: `p${i}`, AllowUnauthenticatedIdentities: false }),
      );
    }
    const first = await regional.send(new ListIdentityPoolsCommand({ MaxResults: 2 }));
    expect(first.IdentityPools).toHaveLength(2);
    const second = await regional.send(
      new ListIdentityPoolsCommand({ MaxResults: 2, NextToken: first.NextToken }),
    );
    expect(second.IdentityPools).toHaveLength(1);
    expect(second.NextToken).toBeUndefined();
  });

  it('sets and gets roles with Token and Rules role mappings', async () => {
    const { IdentityPoolId } = await createPool('roles');
    const key = `${USER_POOL_PROVIDER}:${CLIENT_ID}`;
    await identity.send(
      new SetIdentityPoolRolesCommand({
        IdentityPoolId,
        Roles: { authenticated: AUTH_ROLE },
        RoleMappings: {
          [key]: {
            Type: 'Rules',
            AmbiguousRoleResolution: 'AuthenticatedRole',
            RulesConfiguration: {
              Rules: [
                {
                  Claim: 'custom:tenant_id',
                  MatchType: 'Equals',
                  Value: 't1',
                  RoleARN: 'arn:aws:iam::123456789012:role/t1',
                },
              ],
            },
          },
        },
      }),
    );
    const roles = await identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId }));
    expect(roles.Roles).toEqual({ authenticated: AUTH_ROLE });
    expect(roles.RoleMappings![key].Type).toBe('Rules');
    expect(roles.RoleMappings![key].RulesConfiguration!.Rules![0].Claim).toBe('custom:tenant_id');

    await identity.send(
      new SetIdentityPoolRolesCommand({
        IdentityPoolId,
        Roles: { authenticated: AUTH_ROLE },
        RoleMappings: { [key]: { Type: 'Token', AmbiguousRoleResolution: 'Deny' } },
      }),
    );
    expect(
      (await identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId }))).RoleMappings![key].Type,
    ).toBe('Token');

    const unknownProvider = await expectAwsError(
      identity.send(
        new SetIdentityPoolRolesCommand({
          IdentityPoolId,
          Roles: {},
          RoleMappings: {
            'cognito-idp.us-east-1.amazonaws.com/us-east-1_Other:x': {
              Type: 'Token',
              AmbiguousRoleResolution: 'Deny',
            },
          },
        }),
      ),
    );
    expect(unknownProvider.name).toBe('InvalidParameterException');
    const noResolution = await expectAwsError(
      identity.send(
        new SetIdentityPoolRolesCommand({
          IdentityPoolId,
          Roles: {},
          RoleMappings: { [key]: { Type: 'Token' } },
        }),
      ),
    );
    expect(noResolution.name).toBe('InvalidParameterException');
    const rulesWithout = await expectAwsError(
      identity.send(
        new SetIdentityPoolRolesCommand({
          IdentityPoolId,
          Roles: {},
          RoleMappings: { [key]: { Type: 'Rules', AmbiguousRoleResolution: 'Deny' } },
        }),
      ),
    );
    expect(rulesWithout.name).toBe('InvalidParameterException');
    const badType = await expectAwsError(
      identity.send(
        new SetIdentityPoolRolesCommand({
          IdentityPoolId,
          Roles: {},
          RoleMappings: { [key]: { Type: 'Magic' as 'Token', AmbiguousRoleResolution: 'Deny' } },
        }),
      ),
    );
    expect(badType.message).toContain('Member must satisfy enum value set');
    const badRoleKey = await expectAwsError(
      identity.send(new SetIdentityPoolRolesCommand({ IdentityPoolId, Roles: { admin: AUTH_ROLE } })),
    );
    expect(badRoleKey.name).toBe('InvalidParameterException');
  });
});
