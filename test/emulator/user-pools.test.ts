import {
  AddCustomAttributesCommand,
  CreateGroupCommand,
  CreateUserPoolCommand,
  DeleteUserPoolCommand,
  DescribeUserPoolCommand,
  GetGroupCommand,
  GetUserPoolMfaConfigCommand,
  ListGroupsCommand,
  ListUserPoolsCommand,
  SetUserPoolMfaConfigCommand,
  UpdateUserPoolCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { expectAwsError, startHarness, uniqueName, type Harness } from './emulator-harness';

describe('user pools', () => {
  let harness: Harness;
  let idp: CognitoIdentityProviderClient;

  beforeAll(async () => {
    harness = await startHarness();
    idp = harness.idp();
  });
  afterAll(() => harness.close());

  it('creates a pool with schema, tags, policies and describes it like AWS', async () => {
    const name = uniqueName('tenant');
    const created = await idp.send(
      new CreateUserPoolCommand({
        PoolName: name,
        Schema: [
          {
            Name: 'tenant_id',
            AttributeDataType: 'String',
            Mutable: true,
            StringAttributeConstraints: { MaxLength: '64' },
          },
          { Name: 'email', Required: true, Mutable: true },
        ],
        UserPoolTags: { 'idplane:tenant': 't1' },
        Policies: {
          PasswordPolicy: { MinimumLength: 12 },
          SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] },
        },
        MfaConfiguration: 'OFF',
        UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' },
        DeletionProtection: 'ACTIVE',
        AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
        UserPoolTier: 'PLUS',
      }),
    );
    const id = created.UserPool!.Id!;
    expect(id).toMatch(/^us-east-1_[A-Za-z0-9]{9}$/);
    const { UserPool: pool } = await idp.send(new DescribeUserPoolCommand({ UserPoolId: id }));
    expect(pool!.Name).toBe(name);
    expect(pool!.Arn).toBe(`arn:aws:cognito-idp:us-east-1:123456789012:userpool/${id}`);
    expect(pool!.UserPoolTags).toEqual({ 'idplane:tenant': 't1' });
    expect(pool!.CreationDate).toBeInstanceOf(Date);
    expect(pool!.LastModifiedDate).toBeInstanceOf(Date);
    expect(Math.abs(pool!.CreationDate!.getTime() - Date.now())).toBeLessThan(60_000);
    expect(pool!.Policies!.PasswordPolicy!.MinimumLength).toBe(12);
    expect(pool!.Policies!.PasswordPolicy!.RequireSymbols).toBe(true);
    expect(pool!.Policies!.SignInPolicy).toEqual({ AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] });
    expect(pool!.AccountRecoverySetting).toEqual({
      RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }],
    });
    expect(pool!.DeletionProtection).toBe('ACTIVE');
    expect(pool!.UserPoolTier).toBe('PLUS');
    expect(pool!.UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'AUDIT' });
    const names = pool!.SchemaAttributes!.map((a) => a.Name);
    expect(names).toEqual(expect.arrayContaining(['sub', 'email', 'custom:tenant_id']));
    expect(pool!.SchemaAttributes!.find((a) => a.Name === 'email')!.Required).toBe(true);
  });

  it('refuses invalid input with model-derived InvalidParameterException', async () => {
    const missing = await expectAwsError(
      idp.send(new CreateUserPoolCommand({ PoolName: undefined as unknown as string })),
    );
    expect(missing.name).toBe('InvalidParameterException');
    expect(missing.$metadata.httpStatusCode).toBe(400);
    expect(missing.message).toBe(
      "1 validation error detected: Value null at 'poolName' failed to satisfy constraint: Member must not be null",
    );
    const pattern = await expectAwsError(idp.send(new CreateUserPoolCommand({ PoolName: 'bad/name' })));
    expect(pattern.name).toBe('InvalidParameterException');
    expect(pattern.message).toContain('Member must satisfy regular expression pattern');
    const tooLong = await expectAwsError(idp.send(new CreateUserPoolCommand({ PoolName: 'x'.repeat(129) })));
    expect(tooLong.message).toContain('Member must have length less than or equal to 128');
    const badEnum = await expectAwsError(
      idp.send(new CreateUserPoolCommand({ PoolName: 'ok', MfaConfiguration: 'SOMETIMES' as 'ON' })),
    );
    expect(badEnum.message).toContain('Member must satisfy enum value set');
    const requiredCustom = await expectAwsError(
      idp.send(
        new CreateUserPoolCommand({
          PoolName: 'ok',
          Schema: [{ Name: 'x', AttributeDataType: 'String', Required: true }],
        }),
      ),
    );
    expect(requiredCustom.name).toBe('InvalidParameterException');
  });

  it('keeps threat protection to the PLUS feature plan', async () => {
    const refused = await expectAwsError(
      idp.send(
        new CreateUserPoolCommand({
          PoolName: 'essentials',
          UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' },
        }),
      ),
    );
    expect(refused.name).toBe('FeatureUnavailableInTierException');
    expect(refused.$metadata.httpStatusCode).toBe(400);
  });

  it('treats names like constructor and __proto__ as plain names', async () => {
    const { UserPool } = await idp.send(new CreateUserPoolCommand({ PoolName: uniqueName('proto') }));
    const id = UserPool!.Id!;
    const missing = await expectAwsError(
      idp.send(new GetGroupCommand({ UserPoolId: id, GroupName: 'constructor' })),
    );
    expect(missing.name).toBe('ResourceNotFoundException');
    await idp.send(new CreateGroupCommand({ UserPoolId: id, GroupName: '__proto__' }));
    await idp.send(new CreateGroupCommand({ UserPoolId: id, GroupName: 'constructor' }));
    const { Groups } = await idp.send(new ListGroupsCommand({ UserPoolId: id }));
    expect(Groups!.map((g) => g.GroupName).sort()).toEqual(['__proto__', 'constructor']);
    const other = await expectAwsError(
      idp.send(new GetGroupCommand({ UserPoolId: id, GroupName: 'toString' })),
    );
    expect(other.name).toBe('ResourceNotFoundException');
    const region = await expectAwsError(
      harness.idp('constructor').send(new DescribeUserPoolCommand({ UserPoolId: 'us-east-1_abc' })),
    );
    expect(region.name).toBe('ResourceNotFoundException');
  });

  it('returns ResourceNotFoundException for unknown pools', async () => {
    const error = await expectAwsError(
      idp.send(new DescribeUserPoolCommand({ UserPoolId: 'us-east-1_doesnotexist' })),
    );
    expect(error.name).toBe('ResourceNotFoundException');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toBe('User pool us-east-1_doesnotexist does not exist.');
  });

  it('updates a pool, resetting settings the request leaves out', async () => {
    const { UserPool } = await idp.send(
      new CreateUserPoolCommand({
        PoolName: uniqueName('upd'),
        MfaConfiguration: 'OPTIONAL',
        UserPoolTags: { a: '1' },
      }),
    );
    const id = UserPool!.Id!;
    await idp.send(
      new UpdateUserPoolCommand({ UserPoolId: id, DeletionProtection: 'ACTIVE', UserPoolTags: { b: '2' } }),
    );
    const { UserPool: after } = await idp.send(new DescribeUserPoolCommand({ UserPoolId: id }));
    expect(after!.DeletionProtection).toBe('ACTIVE');
    expect(after!.MfaConfiguration).toBe('OFF');
    expect(after!.UserPoolTags).toEqual({ b: '2' });
    expect(after!.Name).toBe(UserPool!.Name);
  });

  it('adds custom attributes and refuses duplicates', async () => {
    const { UserPool } = await idp.send(new CreateUserPoolCommand({ PoolName: uniqueName('attrs') }));
    const id = UserPool!.Id!;
    await idp.send(
      new AddCustomAttributesCommand({
        UserPoolId: id,
        CustomAttributes: [{ Name: 'role', AttributeDataType: 'String' }],
      }),
    );
    const { UserPool: after } = await idp.send(new DescribeUserPoolCommand({ UserPoolId: id }));
    expect(after!.SchemaAttributes!.some((a) => a.Name === 'custom:role')).toBe(true);
    const dup = await expectAwsError(
      idp.send(new AddCustomAttributesCommand({ UserPoolId: id, CustomAttributes: [{ Name: 'role' }] })),
    );
    expect(dup.name).toBe('InvalidParameterException');
    const tooLong = await expectAwsError(
      idp.send(
        new AddCustomAttributesCommand({ UserPoolId: id, CustomAttributes: [{ Name: 'x'.repeat(21) }] }),
      ),
    );
    expect(tooLong.message).toContain("at 'customAttributes.1.member.name'");
  });

  it('respects deletion protection', async () => {
    const { UserPool } = await idp.send(
      new CreateUserPoolCommand({ PoolName: uniqueName('protected'), DeletionProtection: 'ACTIVE' }),
    );
    const id = UserPool!.Id!;
    const refused = await expectAwsError(idp.send(new DeleteUserPoolCommand({ UserPoolId: id })));
    expect(refused.name).toBe('InvalidParameterException');
    await idp.send(new UpdateUserPoolCommand({ UserPoolId: id, DeletionProtection: 'INACTIVE' }));
    await idp.send(new DeleteUserPoolCommand({ UserPoolId: id }));
    const gone = await expectAwsError(idp.send(new DescribeUserPoolCommand({ UserPoolId: id })));
    expect(gone.name).toBe('ResourceNotFoundException');
  });

  it('sets and gets the MFA configuration, refusing MFA without a second factor', async () => {
    const { UserPool } = await idp.send(new CreateUserPoolCommand({ PoolName: uniqueName('mfa') }));
    const id = UserPool!.Id!;
    expect(await idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId: id }))).toMatchObject({
      MfaConfiguration: 'OFF',
    });
    const noFactor = await expectAwsError(
      idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: id, MfaConfiguration: 'ON' })),
    );
    expect(noFactor.name).toBe('InvalidParameterException');
    expect(noFactor.message).toContain("can't disable all MFAs");

    const set = await idp.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: id,
        SoftwareTokenMfaConfiguration: { Enabled: true },
        MfaConfiguration: 'OPTIONAL',
      }),
    );
    expect(set).toMatchObject({
      MfaConfiguration: 'OPTIONAL',
      SoftwareTokenMfaConfiguration: { Enabled: true },
    });
    // Leaving the factor out keeps it; the pool shows the mode.
    await idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: id, MfaConfiguration: 'ON' }));
    expect(await idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId: id }))).toMatchObject({
      MfaConfiguration: 'ON',
      SoftwareTokenMfaConfiguration: { Enabled: true },
    });
    expect((await idp.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!.MfaConfiguration).toBe(
      'ON',
    );

    const bad = await expectAwsError(
      idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: id, MfaConfiguration: 'SOMETIMES' as 'ON' })),
    );
    expect(bad.name).toBe('InvalidParameterException');
    const missing = await expectAwsError(
      idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId: 'us-east-1_missing00' })),
    );
    expect(missing.name).toBe('ResourceNotFoundException');
  });

  it('lists pools with MaxResults bounds and NextToken pagination', async () => {
    const region = 'eu-west-3';
    const regional = harness.idp(region);
    const ids = new Set<string>();
    for (let i = 0; i < 7; i += 1) {
      const { UserPool } = await regional.send(new CreateUserPoolCommand({ PoolName: `page-${i}` }));
      ids.add(UserPool!.Id!);
    }
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await regional.send(new ListUserPoolsCommand({ MaxResults: 3, NextToken: token }));
      expect(page.UserPools!.length).toBeLessThanOrEqual(3);
      seen.push(...page.UserPools!.map((p) => p.Id!));
      token = page.NextToken;
      pages += 1;
    } while (token);
    expect(pages).toBe(3);
    expect(new Set(seen)).toEqual(ids);
    const zero = await expectAwsError(regional.send(new ListUserPoolsCommand({ MaxResults: 0 })));
    expect(zero.message).toContain('Member must have value greater than or equal to 1');
    const big = await expectAwsError(regional.send(new ListUserPoolsCommand({ MaxResults: 61 })));
    expect(big.message).toContain('Member must have value less than or equal to 60');
    const badToken = await expectAwsError(
      regional.send(new ListUserPoolsCommand({ MaxResults: 5, NextToken: 'garbage' })),
    );
    expect(badToken.name).toBe('InvalidParameterException');
  });

  it('keeps regions isolated', async () => {
    const { UserPool } = await harness
      .idp('ap-south-1')
      .send(new CreateUserPoolCommand({ PoolName: 'isolated' }));
    expect(UserPool!.Id!.startsWith('ap-south-1_')).toBe(true);
    const other = await expectAwsError(
      harness.idp('eu-central-1').send(new DescribeUserPoolCommand({ UserPoolId: UserPool!.Id! })),
    );
    expect(other.name).toBe('ResourceNotFoundException');
    const list = await harness.idp('sa-east-1').send(new ListUserPoolsCommand({ MaxResults: 60 }));
    expect(list.UserPools).toEqual([]);
  });
});
