import { ValidationError } from '@idplane/errors';
import { buildIdentityPoolRoleMappings } from './identity-pool-role-mappings';
import { RoleWithGroup } from './role-groups';

const arn = (name: string) => `arn:aws:iam::123456789012:role/${name}`;

function role(name: string, precedence: number, iamRoleArn: string | null): RoleWithGroup {
  return { name, description: '', precedence, iamRoleArn, group: `acme.${name}` };
}

const base = {
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_Shared0',
  ambiguousRoleResolution: 'Deny' as const,
};

describe('buildIdentityPoolRoleMappings', () => {
  it('maps each role with an IAM role, most senior first, for every app client', () => {
    const mappings = buildIdentityPoolRoleMappings({
      ...base,
      appClientIds: ['c2', 'c1'],
      roles: [
        role('member', 20, arn('Member')),
        role('read-only', 30, null),
        role('admin', 10, arn('Admin')),
      ],
    });
    expect(Object.keys(mappings)).toEqual([
      'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Shared0:c1',
      'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Shared0:c2',
    ]);
    expect(mappings['cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Shared0:c1']).toEqual({
      Type: 'Rules',
      AmbiguousRoleResolution: 'Deny',
      RulesConfiguration: {
        Rules: [
          { Claim: 'cognito:groups', MatchType: 'Contains', Value: 'acme.admin', RoleARN: arn('Admin') },
          { Claim: 'cognito:groups', MatchType: 'Contains', Value: 'acme.member', RoleARN: arn('Member') },
        ],
      },
    });
  });

  it('gives no mapping when no role has an IAM role', () => {
    expect(
      buildIdentityPoolRoleMappings({ ...base, appClientIds: ['c1'], roles: [role('admin', 10, null)] }),
    ).toEqual({});
  });

  it('respects the 25-rule and 10-provider limits', () => {
    const many = Array.from({ length: 26 }, (_, i) =>
      role(`r${String(i).padStart(2, '0')}x`, i, arn(`R${i}`)),
    );
    expect(() => buildIdentityPoolRoleMappings({ ...base, appClientIds: ['c1'], roles: many })).toThrow(
      /at most 25 rules/,
    );
    const clients = Array.from({ length: 11 }, (_, i) => `c${i}`);
    expect(() =>
      buildIdentityPoolRoleMappings({ ...base, appClientIds: clients, roles: [role('admin', 10, arn('A'))] }),
    ).toThrow(ValidationError);
  });

  it('refuses groups that Contains cannot tell apart', () => {
    expect(() =>
      buildIdentityPoolRoleMappings({
        ...base,
        appClientIds: ['c1'],
        roles: [role('admin', 10, arn('Admin')), role('admin-lite', 20, arn('Lite'))],
      }),
    ).toThrow(/contains the group "acme.admin"/);
  });

  it('refuses a user pool from another region', () => {
    expect(() =>
      buildIdentityPoolRoleMappings({ ...base, userPoolId: 'us-east-1_X', appClientIds: ['c1'], roles: [] }),
    ).toThrow(ValidationError);
  });
});
