import { ValidationError } from '@idplane/errors';
import { validateIdentityPoolConfig } from './identity-pool-config';

const AUTH = 'arn:aws:iam::123456789012:role/acme-signed-in';
const GUEST = 'arn:aws:iam::123456789012:role/acme-guest';

const issuesOf = (input: Parameters<typeof validateIdentityPoolConfig>[0]) => {
  try {
    validateIdentityPoolConfig(input);
    return [];
  } catch (error) {
    return (error as ValidationError).issues.map((i) => i.field);
  }
};

describe('validateIdentityPoolConfig', () => {
  it('fills the defaults: no guests, ambiguous users get the authenticated role', () => {
    expect(validateIdentityPoolConfig({ authenticatedRoleArn: AUTH })).toEqual({
      authenticatedRoleArn: AUTH,
      guestRoleArn: null,
      ambiguousRoleResolution: 'AuthenticatedRole',
    });
  });

  it('keeps a guest role and Deny', () => {
    expect(
      validateIdentityPoolConfig({
        authenticatedRoleArn: AUTH,
        guestRoleArn: GUEST,
        ambiguousRoleResolution: 'Deny',
      }),
    ).toMatchObject({ guestRoleArn: GUEST, ambiguousRoleResolution: 'Deny' });
  });

  it.each([
    [{}, ['input.authenticatedRoleArn']],
    [{ authenticatedRoleArn: 'arn:aws:iam::123:role/x' }, ['input.authenticatedRoleArn']],
    [{ authenticatedRoleArn: 'arn:aws:iam::123456789012:user/x' }, ['input.authenticatedRoleArn']],
    [{ authenticatedRoleArn: AUTH, guestRoleArn: 'nope' }, ['input.guestRoleArn']],
    [{ authenticatedRoleArn: AUTH, ambiguousRoleResolution: 'Token' }, ['input.ambiguousRoleResolution']],
    [{ authenticatedRoleArn: 7, guestRoleArn: 7 }, ['input.authenticatedRoleArn', 'input.guestRoleArn']],
  ])('refuses %j at %j', (input, fields) => {
    expect(issuesOf(input)).toEqual(fields);
  });
});
