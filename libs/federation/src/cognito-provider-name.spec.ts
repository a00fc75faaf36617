import {
  COGNITO_PROVIDER_NAME_MAX_LENGTH,
  cognitoProviderNameFor,
  identityProviderNameProblem,
  poolKeyFor,
} from './cognito-provider-name';

// Cognito's ProviderNameTypeV2 (aws-models, CreateIdentityProvider.ProviderName): no "_" or whitespace first or
// after the second character.
const COGNITO_PROVIDER_NAME_V2 = /^[^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}][^_\p{Z}]+$/u;

const shared = (slug: string) => ({ isolationModel: 'SHARED_POOL' as const, slug });
const dedicated = (slug: string) => ({ isolationModel: 'DEDICATED_POOL' as const, slug });

// Tenant slugs are at most 40 characters, IdP names at most 32.
const LONG_SLUG = 'northwind-traders-international-holding';
const LONG_NAME = 'azure-ad-production-eu-west-1-x';

describe('cognitoProviderNameFor', () => {
  it('keeps the admin name as is in a dedicated pool, even at 32 characters', () => {
    const name = 'a'.repeat(32);
    expect(cognitoProviderNameFor(dedicated(LONG_SLUG), name)).toBe(name);
    expect(cognitoProviderNameFor(dedicated('acme'), 'okta')).toBe('okta');
  });

  it('prefixes the slug in a shared pool while that fits in 32 characters', () => {
    expect(cognitoProviderNameFor(shared('acme'), 'okta')).toBe('acme.okta');
    // 27 + "." + 4 = 32: exactly the limit, still readable.
    const slug = 'a'.repeat(27);
    expect(cognitoProviderNameFor(shared(slug), 'okta')).toBe(`${slug}.okta`);
  });

  it('hashes only past 32 characters, and then gives exactly the limit for a long slug and name', () => {
    const slug = 'a'.repeat(28);
    const hashed = cognitoProviderNameFor(shared(slug), 'okta');
    expect(hashed).toMatch(/^a{18}\.~[0-9a-f]{12}$/);

    const long = cognitoProviderNameFor(shared(LONG_SLUG), LONG_NAME);
    expect(long).toHaveLength(COGNITO_PROVIDER_NAME_MAX_LENGTH);
    expect(long).toMatch(/^northwind-traders-\.~[0-9a-f]{12}$/);
    expect(long).toMatch(COGNITO_PROVIDER_NAME_V2);
  });

  it('keeps a short slug whole before the hash when only the name is long', () => {
    const name = cognitoProviderNameFor(shared('acme'), 'x'.repeat(28));
    expect(name).toMatch(/^acme\.~[0-9a-f]{12}$/);
    expect(name.length).toBeLessThan(COGNITO_PROVIDER_NAME_MAX_LENGTH);
  });

  it('is deterministic', () => {
    const first = cognitoProviderNameFor(shared(LONG_SLUG), LONG_NAME);
    expect(cognitoProviderNameFor(shared(LONG_SLUG), LONG_NAME)).toBe(first);
    expect(cognitoProviderNameFor({ ...shared(LONG_SLUG) }, `${LONG_NAME}`)).toBe(first);
  });

  it('gives different inputs different names, also where the cut slugs are equal', () => {
    const names = [
      cognitoProviderNameFor(shared(LONG_SLUG), LONG_NAME),
      cognitoProviderNameFor(shared(LONG_SLUG), `${LONG_NAME.slice(0, -1)}y`),
      // Same first 18 characters of slug, so the visible prefix is the same: only the hash tells them apart.
      cognitoProviderNameFor(shared('northwind-traders-international-holdings'), LONG_NAME),
      cognitoProviderNameFor(shared('northwind-traders-intl'), LONG_NAME),
      cognitoProviderNameFor(shared('acme'), 'okta'),
      cognitoProviderNameFor(shared('globex'), 'okta'),
    ];
    expect(new Set(names).size).toBe(names.length);
    expect(names[0].slice(0, 20)).toBe(names[2].slice(0, 20));
  });

  it('never lets a hashed name equal a name an admin could give', () => {
    const hashed = cognitoProviderNameFor(shared(LONG_SLUG), LONG_NAME);
    const namePart = hashed.slice(hashed.indexOf('.') + 1);
    expect(namePart.startsWith('~')).toBe(true);
    expect(identityProviderNameProblem(namePart)).not.toBeNull();
  });
});

describe('identityProviderNameProblem', () => {
  it.each(['okta', 'azure-ad', 'A1b', 'x'.repeat(32)])('accepts %s', (name) => {
    expect(identityProviderNameProblem(name)).toBeNull();
  });

  it.each(['ok', 'x'.repeat(33), '-okta', 'okta-', 'ok.ta', 'ok~ta', 'ok_ta', 'ok ta'])(
    'refuses %s',
    (name) => {
      expect(identityProviderNameProblem(name)).toMatch(/3-32 letters, digits or hyphens/);
    },
  );

  it.each(['Google', 'cognito', 'SignInWithApple', 'LoginWithAmazon', 'facebook'])(
    'refuses the reserved %s',
    (name) => {
      expect(identityProviderNameProblem(name)).toBe(`"${name}" is reserved by Cognito`);
    },
  );
});

describe('poolKeyFor', () => {
  it('shares one key across shared-pool tenants and gives a dedicated tenant its own', () => {
    expect(poolKeyFor({ ...shared('acme'), tenantId: 't1' })).toBe('shared');
    expect(poolKeyFor({ ...shared('globex'), tenantId: 't2' })).toBe('shared');
    expect(poolKeyFor({ ...dedicated('initech'), tenantId: 't3' })).toBe('t3');
  });
});
