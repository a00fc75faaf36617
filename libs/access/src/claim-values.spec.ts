import { claimValues, isListClaim } from './claim-values';

describe('claimValues', () => {
  it.each<[string, unknown, string, string[]]>([
    ['absent', undefined, 'groups', []],
    ['a plain string', 'Engineering', 'department', ['Engineering']],
    ['a string with commas in a scalar claim', 'Sales, EMEA', 'department', ['Sales, EMEA']],
    [
      'Cognito bracketed SAML list',
      '[Admins, Engineering, All Staff]',
      'custom:groups',
      ['Admins', 'Engineering', 'All Staff'],
    ],
    ['bracketed single value', '[Admins]', 'custom:groups', ['Admins']],
    ['empty brackets', '[]', 'custom:groups', []],
    [
      'JSON array from an OIDC claim',
      '["a1b2-guid","c3d4-guid"]',
      'custom:groups',
      ['a1b2-guid', 'c3d4-guid'],
    ],
    ['comma-separated list claim', 'Admins,Engineering , ', 'groups', ['Admins', 'Engineering']],
    [
      'comma-separated non-list claim stays whole',
      'CN=Admins,OU=Groups',
      'custom:memberOf',
      ['CN=Admins,OU=Groups'],
    ],
    ['a real array', ['x', 'y', 'x'], 'groups', ['x', 'y']],
    ['numbers and booleans', [1, true], 'custom:level', ['1', 'true']],
    ['an object', { street: 'x' }, 'address', []],
    ['bracketed scalar keeps inner commas of one value', '[Sales, EMEA]', 'department', ['Sales', 'EMEA']],
    [
      'custom:idp_groups as a plain comma list',
      'Admins,Engineering',
      'custom:idp_groups',
      ['Admins', 'Engineering'],
    ],
    [
      'custom:idp_groups as Cognito stores a SAML multi-valued attribute',
      '[Admins, All Staff,Contractors]',
      'custom:idp_groups',
      ['Admins', 'All Staff', 'Contractors'],
    ],
    ['idp_groups without the prefix', 'a,b', 'idp_groups', ['a', 'b']],
  ])('%s', (_label, raw, claim, expected) => {
    expect(claimValues(raw, claim)).toEqual(expected);
  });

  it('knows list claims with or without the custom: prefix', () => {
    expect(isListClaim('custom:Groups')).toBe(true);
    expect(isListClaim('roles')).toBe(true);
    expect(isListClaim('custom:idp_groups')).toBe(true);
    expect(isListClaim('department')).toBe(false);
  });
});
