import {
  evaluateRoleMappings,
  lookupClaim,
  MappingSubject,
  RoleMappingOutcome,
} from './evaluate-role-mappings';
import { DEFAULT_ROLES } from './role';
import { NATIVE_PROVIDER, RoleMappingConfig, RoleMappingRule } from './role-mapping';

const roles = [...DEFAULT_ROLES, { name: 'billing', description: '', precedence: 25, iamRoleArn: null }];

function rule(
  partial: Partial<RoleMappingRule> & Pick<RoleMappingRule, 'claim' | 'value' | 'role'>,
): RoleMappingRule {
  return { identityProvider: null, matchType: 'EQUALS', caseSensitive: false, ...partial };
}

const config: RoleMappingConfig = {
  defaultRole: 'read-only',
  rules: [
    /* 0 */ rule({ identityProvider: 'AcmeOkta', claim: 'groups', value: 'App-Admins', role: 'admin' }),
    /* 1 */ rule({ claim: 'groups', value: 'Engineering', role: 'member' }),
    /* 2 */ rule({ claim: 'department', matchType: 'STARTS_WITH', value: 'Fin', role: 'billing' }),
    /* 3 */ rule({ claim: 'groups', matchType: 'CONTAINS', value: 'admin', role: 'member' }),
    /* 4 */ rule({ claim: 'employeeType', matchType: 'NOT_EQUAL', value: 'contractor', role: 'member' }),
    /* 5 */ rule({ claim: 'costCenter', value: 'CC-1', role: 'billing', caseSensitive: true }),
  ],
};

function subject(
  identityProvider: string | null,
  claims: Record<string, unknown>,
  assignedRoles?: string[],
): MappingSubject {
  return { identityProvider, claims, assignedRoles };
}

describe('evaluateRoleMappings', () => {
  it.each<[string, MappingSubject, RoleMappingOutcome]>([
    [
      'no rule matches: the default role',
      subject('AcmeOkta', { groups: '[Sales]' }),
      { roles: [{ role: 'read-only', rule: 'default' }], matchedRules: [], primaryRole: 'read-only' },
    ],
    [
      'multi-valued SAML groups: every matching rule contributes, most senior first',
      subject('AcmeOkta', { 'custom:groups': '[Engineering, App-Admins]' }),
      {
        roles: [
          { role: 'admin', rule: 0 },
          { role: 'member', rule: 1 },
        ],
        matchedRules: [0, 1, 3],
        primaryRole: 'admin',
      },
    ],
    [
      'a provider-specific rule ignores other providers',
      subject('GlobexEntra', { groups: ['App-Admins'] }),
      { roles: [{ role: 'member', rule: 3 }], matchedRules: [3], primaryRole: 'member' },
    ],
    [
      'group names compare case-insensitively by default',
      subject('AcmeOkta', { groups: 'app-admins' }),
      {
        roles: [
          { role: 'admin', rule: 0 },
          { role: 'member', rule: 3 },
        ],
        matchedRules: [0, 3],
        primaryRole: 'admin',
      },
    ],
    [
      'a case-sensitive rule does not match another case',
      subject(null, { costCenter: 'cc-1' }),
      { roles: [{ role: 'read-only', rule: 'default' }], matchedRules: [], primaryRole: 'read-only' },
    ],
    [
      'STARTS_WITH on a scalar claim, precedence orders roles not rules',
      subject(null, { department: 'Finance', groups: ['Engineering'] }),
      {
        roles: [
          { role: 'member', rule: 1 },
          { role: 'billing', rule: 2 },
        ],
        matchedRules: [1, 2],
        primaryRole: 'member',
      },
    ],
    [
      'NOT_EQUAL matches when no value equals',
      subject(null, { employeeType: 'employee' }),
      { roles: [{ role: 'member', rule: 4 }], matchedRules: [4], primaryRole: 'member' },
    ],
    [
      'NOT_EQUAL on a multi-valued claim fails when any value equals',
      subject(null, { employeeType: ['employee', 'Contractor'] }),
      { roles: [{ role: 'read-only', rule: 'default' }], matchedRules: [], primaryRole: 'read-only' },
    ],
    [
      'NOT_EQUAL never matches an absent claim',
      subject(null, {}),
      { roles: [{ role: 'read-only', rule: 'default' }], matchedRules: [], primaryRole: 'read-only' },
    ],
    [
      'a directly assigned group role counts, and suppresses the default',
      subject(NATIVE_PROVIDER, {}, ['billing']),
      { roles: [{ role: 'billing', rule: 'assigned' }], matchedRules: [], primaryRole: 'billing' },
    ],
    [
      'a rule credits a role before an assignment does',
      subject(null, { groups: 'Engineering' }, ['member', 'admin']),
      {
        roles: [
          { role: 'admin', rule: 'assigned' },
          { role: 'member', rule: 1 },
        ],
        matchedRules: [1],
        primaryRole: 'admin',
      },
    ],
  ])('%s', (_label, s, expected) => {
    expect(evaluateRoleMappings(config, roles, s)).toEqual(expected);
  });

  it('ambiguity: several roles from several rules all apply; the primary is the lowest precedence', () => {
    const ambiguous: RoleMappingConfig = {
      defaultRole: null,
      rules: [
        rule({ claim: 'groups', value: 'Readers', role: 'read-only' }),
        rule({ claim: 'groups', value: 'Payers', role: 'billing' }),
      ],
    };
    const outcome = evaluateRoleMappings(ambiguous, roles, subject(null, { groups: '[Readers, Payers]' }));
    expect(outcome.roles.map((r) => r.role)).toEqual(['billing', 'read-only']);
    expect(outcome.primaryRole).toBe('billing');
  });

  it('no default role and no match: no roles at all', () => {
    const outcome = evaluateRoleMappings(
      { defaultRole: null, rules: config.rules },
      roles,
      subject(null, {}),
    );
    expect(outcome).toEqual({ roles: [], matchedRules: [], primaryRole: null });
  });

  it('never grants a role the tenant does not have', () => {
    const stale: RoleMappingConfig = {
      defaultRole: 'ghost',
      rules: [rule({ claim: 'groups', value: 'x', role: 'ghost' })],
    };
    expect(evaluateRoleMappings(stale, roles, subject(null, { groups: 'x' }, ['phantom'])).roles).toEqual([]);
  });

  describe('where a rule on `groups` looks', () => {
    const onGroups: RoleMappingConfig = {
      defaultRole: null,
      rules: [rule({ claim: 'groups', value: 'Engineering', role: 'member' })],
    };
    it.each<[string, Record<string, unknown>, string[]]>([
      ['the exact name', { groups: ['Engineering'] }, ['member']],
      ['custom:<name>', { 'custom:groups': '[Engineering]' }, ['member']],
      // Where the reconciler maps every IdP's group claim (IDP_GROUPS_ATTRIBUTE).
      [
        'custom:idp_groups, as a SAML multi-valued attribute',
        { 'custom:idp_groups': '[Sales, Engineering]' },
        ['member'],
      ],
      [
        'custom:idp_groups, as an OIDC array claim',
        { 'custom:idp_groups': '["Sales","Engineering"]' },
        ['member'],
      ],
      ['custom:idp_groups, comma-separated', { 'custom:idp_groups': 'Sales,Engineering' }, ['member']],
      ['nowhere', { 'custom:department': 'Engineering' }, []],
    ])('%s', (_label, claims, expected) => {
      expect(
        evaluateRoleMappings(onGroups, roles, subject('AcmeOkta', claims)).roles.map((r) => r.role),
      ).toEqual(expected);
    });

    it('the name a user carries first wins: exact, then custom:<name>, then custom:idp_groups', () => {
      const claims = { groups: 'Sales', 'custom:groups': 'Engineering', 'custom:idp_groups': 'Engineering' };
      expect(lookupClaim(claims, 'groups')).toBe('Sales');
      expect(lookupClaim({ 'custom:groups': 'a', 'custom:idp_groups': 'b' }, 'groups')).toBe('a');
      expect(lookupClaim({ 'custom:idp_groups': 'b' }, 'groups')).toBe('b');
    });

    it('a rule on idp_groups or custom:idp_groups reads the attribute as a list', () => {
      const direct: RoleMappingConfig = {
        defaultRole: null,
        rules: [
          rule({ claim: 'idp_groups', value: 'Engineering', role: 'member' }),
          rule({ claim: 'custom:idp_groups', value: 'Sales', role: 'billing' }),
        ],
      };
      const outcome = evaluateRoleMappings(
        direct,
        roles,
        subject(null, { 'custom:idp_groups': 'Sales,Engineering' }),
      );
      expect(outcome.roles.map((r) => r.role)).toEqual(['member', 'billing']);
    });

    it('custom:idp_groups does not stand in for another claim', () => {
      const onDepartment: RoleMappingConfig = {
        defaultRole: null,
        rules: [rule({ claim: 'department', value: 'Engineering', role: 'member' })],
      };
      expect(
        evaluateRoleMappings(onDepartment, roles, subject(null, { 'custom:idp_groups': 'Engineering' }))
          .roles,
      ).toEqual([]);
    });
  });

  it('reads a claim only from own properties', () => {
    const proto: RoleMappingConfig = {
      defaultRole: null,
      rules: [rule({ claim: 'constructor', matchType: 'CONTAINS', value: 'function', role: 'admin' })],
    };
    expect(evaluateRoleMappings(proto, roles, subject(null, {})).roles).toEqual([]);
  });
});
