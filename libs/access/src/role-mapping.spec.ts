import { ValidationError } from '@idplane/errors';
import { validateRoleMappingConfig } from './role-mapping';

const ctx = { roleNames: ['admin', 'member', 'read-only'], identityProviders: ['AcmeOkta'] };

describe('validateRoleMappingConfig', () => {
  it('fills defaults: any provider, case-insensitive', () => {
    expect(
      validateRoleMappingConfig(
        {
          defaultRole: 'member',
          rules: [{ claim: 'groups', matchType: 'EQUALS', value: 'Admins', role: 'admin' }],
        },
        ctx,
      ),
    ).toEqual({
      defaultRole: 'member',
      rules: [
        {
          identityProvider: null,
          claim: 'groups',
          matchType: 'EQUALS',
          value: 'Admins',
          role: 'admin',
          caseSensitive: false,
        },
      ],
    });
  });

  it('names every bad field with its path', () => {
    try {
      validateRoleMappingConfig(
        {
          defaultRole: 'owner',
          rules: [
            { claim: 'groups', matchType: 'EQUALS', value: 'ok', role: 'admin' },
            {
              identityProvider: 'Globex',
              claim: 'has space',
              matchType: 'REGEX',
              value: ' pad',
              role: 'root',
              caseSensitive: 'yes',
            },
            'nope',
          ],
        },
        ctx,
      );
      throw new Error('expected a ValidationError');
    } catch (e) {
      expect((e as ValidationError).issues.map((i) => i.field)).toEqual([
        'input.defaultRole',
        'input.rules[1].identityProvider',
        'input.rules[1].claim',
        'input.rules[1].matchType',
        'input.rules[1].value',
        'input.rules[1].role',
        'input.rules[1].caseSensitive',
        'input.rules[2]',
      ]);
    }
  });

  it('accepts COGNITO as the provider of native users and null as no default role', () => {
    const config = validateRoleMappingConfig(
      {
        defaultRole: null,
        rules: [
          {
            identityProvider: 'COGNITO',
            claim: 'custom:dept',
            matchType: 'NOT_EQUAL',
            value: 'x',
            role: 'member',
          },
        ],
      },
      ctx,
    );
    expect(config.defaultRole).toBeNull();
    expect(config.rules[0].identityProvider).toBe('COGNITO');
  });
});
