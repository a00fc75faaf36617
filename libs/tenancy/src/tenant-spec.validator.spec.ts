import { ValidationError } from '@idplane/errors';
import { validateCreateTenantInput } from './tenant-spec.validator';

const valid = { slug: 'acme-corp', displayName: 'Acme Corp', isolationModel: 'SHARED_POOL' };

describe('validateCreateTenantInput', () => {
  it('accepts a valid spec and trims the display name', () => {
    expect(validateCreateTenantInput({ ...valid, displayName: '  Acme  ' }, 'eu-west-1')).toEqual({
      slug: 'acme-corp',
      displayName: 'Acme',
      isolationModel: 'SHARED_POOL',
      region: 'eu-west-1',
      deletionPolicy: 'DELETE',
      driftPolicy: 'CORRECT',
      callbackUrls: [],
      logoutUrls: [],
      oauthScopes: ['openid', 'email', 'profile'],
      passwordPolicy: {
        minimumLength: 8,
        requireUppercase: true,
        requireLowercase: true,
        requireNumbers: true,
        requireSymbols: true,
        temporaryPasswordValidityDays: 7,
      },
      mfa: 'OFF',
      threatProtection: 'OFF',
      deletionProtection: false,
      resourceServers: [],
      machineClients: [],
      riskConfiguration: null,
    });
  });

  it.each(['ab', 'a'.repeat(41), '1abc', 'Acme', 'acme_corp', 'acme corp', '-acme', ''])(
    'rejects slug %p with the field named',
    (slug) => {
      expect(() => validateCreateTenantInput({ ...valid, slug })).toThrow(ValidationError);
      try {
        validateCreateTenantInput({ ...valid, slug });
      } catch (e) {
        expect((e as ValidationError).issues).toEqual([{ field: 'input.slug', message: expect.any(String) }]);
      }
    },
  );

  it.each(['abc', 'a'.repeat(40), 'a1-b2'])('accepts slug %p', (slug) => {
    expect(validateCreateTenantInput({ ...valid, slug }).slug).toBe(slug);
  });

  it('reports every bad field at once', () => {
    try {
      validateCreateTenantInput({ slug: 'X', displayName: ' ', isolationModel: 'HYBRID' });
      throw new Error('expected a ValidationError');
    } catch (e) {
      expect((e as ValidationError).issues.map((i) => i.field)).toEqual([
        'input.slug',
        'input.displayName',
        'input.isolationModel',
      ]);
    }
  });
});

describe('validateCreateTenantInput: the spec fields', () => {
  const fieldsOf = (input: Record<string, unknown>) => {
    try {
      validateCreateTenantInput({ ...valid, ...input });
    } catch (e) {
      return (e as ValidationError).issues.map((i) => i.field);
    }
    return [];
  };

  it('refuses the user-admin scope, which would let federated users rewrite their mapped IdP claims', () => {
    try {
      validateCreateTenantInput({ ...valid, oauthScopes: ['openid', 'aws.cognito.signin.user.admin'] });
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).issues).toEqual([
        { field: 'input.oauthScopes[1]', message: expect.stringMatching(/rewrite the IdP claims/) },
      ]);
    }
  });

  it('accepts https URLs, http only for localhost, and standard scopes', () => {
    const spec = validateCreateTenantInput({
      ...valid,
      isolationModel: 'DEDICATED_POOL',
      region: 'ap-southeast-2',
      callbackUrls: ['https://app.example/cb', 'http://localhost:3000/cb'],
      logoutUrls: ['https://app.example/bye'],
      oauthScopes: ['openid', 'email', 'phone'],
      passwordPolicy: { minimumLength: 12 },
      mfa: 'OPTIONAL',
      threatProtection: 'AUDIT',
      deletionProtection: true,
      deletionPolicy: 'RETAIN',
      driftPolicy: 'REPORT_ONLY',
    });
    expect(spec).toMatchObject({
      region: 'ap-southeast-2',
      passwordPolicy: { minimumLength: 12, requireSymbols: true },
      mfa: 'OPTIONAL',
      deletionPolicy: 'RETAIN',
      driftPolicy: 'REPORT_ONLY',
    });
  });

  it('names the bad URL by its index', () => {
    expect(fieldsOf({ callbackUrls: ['https://ok.example/cb', 'http://app.example/cb'] })).toEqual([
      'input.callbackUrls[1]',
    ]);
    expect(fieldsOf({ logoutUrls: ['not a url'] })).toEqual(['input.logoutUrls[0]']);
    expect(fieldsOf({ callbackUrls: ['https://a.example/#frag'] })).toEqual(['input.callbackUrls[0]']);
    expect(fieldsOf({ callbackUrls: 'https://a.example' })).toEqual(['input.callbackUrls']);
  });

  it('refuses unknown scopes, and email without openid', () => {
    expect(fieldsOf({ oauthScopes: ['openid', 'admin'] })).toEqual(['input.oauthScopes[1]']);
    expect(fieldsOf({ oauthScopes: ['email'] })).toEqual(['input.oauthScopes']);
  });

  it('refuses pool settings for a shared tenant, and bad ones for a dedicated one', () => {
    expect(fieldsOf({ mfa: 'ON', deletionProtection: true })).toEqual([
      'input.mfa',
      'input.deletionProtection',
    ]);
    expect(
      fieldsOf({
        isolationModel: 'DEDICATED_POOL',
        mfa: 'SOMETIMES',
        threatProtection: 'MAX',
        passwordPolicy: { minimumLength: 3, requireSymbols: 'yes', colour: 'blue' },
        region: 'mars-1',
        deletionPolicy: 'KEEP',
      }),
    ).toEqual([
      'input.deletionPolicy',
      'input.passwordPolicy.colour',
      'input.passwordPolicy.minimumLength',
      'input.passwordPolicy.requireSymbols',
      'input.mfa',
      'input.threatProtection',
      'input.region',
    ]);
  });
});
