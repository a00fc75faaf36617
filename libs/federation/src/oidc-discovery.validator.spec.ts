import { FederationValidationError } from './federation-validation.error';
import { discoveryUrlFor, validateOidcDiscovery } from './oidc-discovery.validator';
import { describeWithSharedFixtures, listSharedFixtures, readSharedFixture } from './testing/shared-fixtures';

function ownIssuer(bytes: Buffer): string {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  return (JSON.parse(text) as { issuer: string }).issuer;
}

function refusal(run: () => unknown): FederationValidationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FederationValidationError);
    return error as FederationValidationError;
  }
  throw new Error('expected a FederationValidationError');
}

const HTTP_ONLY = new Set(['keycloak.json']);

describeWithSharedFixtures('validateOidcDiscovery over the shared real-IdP fixtures', () => {
  const valid = listSharedFixtures('oidc/valid');

  it('covers every fixture', () => {
    expect(valid).toHaveLength(13);
    expect(listSharedFixtures('oidc/invalid')).toEqual([
      'entra-id-v2-common.json',
      'okta-org-issuer-mismatch.json',
    ]);
  });

  it.each(valid.filter((f) => !HTTP_ONLY.has(f)))('accepts %s for its own issuer', (file) => {
    const bytes = readSharedFixture('oidc/valid', file);
    const issuer = ownIssuer(bytes);
    const summary = validateOidcDiscovery(bytes, issuer);
    expect(summary.issuer).toBe(issuer);
    for (const url of [summary.authorizationEndpoint, summary.tokenEndpoint, summary.jwksUri]) {
      expect(url).toMatch(/^https:\/\//);
    }
    expect(summary.responseTypesSupported).toContain('code');
    expect(summary.warnings).toEqual([]);
  });

  it('accepts the http-only Keycloak document only where development settings allow http', () => {
    const bytes = readSharedFixture('oidc/valid', 'keycloak.json');
    const issuer = ownIssuer(bytes);
    const error = refusal(() => validateOidcDiscovery(bytes, issuer));
    expect(error.code).toBe('OIDC_ENDPOINT_INSECURE');
    expect(error.message).toMatch(/issuer \(http:\/\/localhost:8080\/realms\/myrealm\) uses http/);
    expect(validateOidcDiscovery(bytes, issuer, { allowHttp: true }).jwksUri).toMatch(
      /^http:\/\/localhost:8080/,
    );
  });

  it('refuses a document whose issuer is not the one entered', () => {
    const error = refusal(() =>
      validateOidcDiscovery(
        readSharedFixture('oidc/invalid', 'okta-org-issuer-mismatch.json'),
        'https://example.okta.com',
      ),
    );
    expect(error.code).toBe('OIDC_ISSUER_MISMATCH');
    expect(error.message).toBe(
      "The document's issuer (https://example.com) differs from the issuer entered (https://example.okta.com).",
    );
    expect(error.field).toBe('issuer');
  });

  it.each([
    'https://login.microsoftonline.com/{tenantid}/v2.0',
    'https://login.microsoftonline.com/common/v2.0',
  ])('refuses the Entra multi-tenant template when %s is entered', (entered) => {
    const error = refusal(() =>
      validateOidcDiscovery(readSharedFixture('oidc/invalid', 'entra-id-v2-common.json'), entered),
    );
    expect(error.code).toBe('OIDC_ISSUER_TEMPLATE');
    expect(error.message).toMatch(
      /multi-tenant template \(.*\{tenantid\}.*\): enter the tenant-specific issuer/,
    );
  });

  it.each([
    ['entra-id-v1-tenant.json', 'https://sts.windows.net/6babcaad-604b-40ac-a9d7-9fd97c0b779f'],
    ['auth0.json', 'https://op.example.com'],
    ['gitlab.json', 'https://gitlab.com/'],
  ])('tolerates a missing or extra trailing slash on %s and returns the exact issuer', (file, entered) => {
    const bytes = readSharedFixture('oidc/valid', file);
    const summary = validateOidcDiscovery(bytes, entered);
    expect(summary.issuer).toBe(ownIssuer(bytes));
    expect(summary.warnings).toEqual([expect.stringMatching(/only by a trailing slash/)]);
    expect(refusal(() => validateOidcDiscovery(bytes, entered, { trailingSlash: 'exact' })).code).toBe(
      'OIDC_ISSUER_MISMATCH',
    );
  });
});

describe('validateOidcDiscovery on crafted documents', () => {
  const issuer = 'https://idp.example.test';
  const base = {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
    userinfo_endpoint: `${issuer}/userinfo`,
    response_types_supported: ['code'],
    scopes_supported: ['openid', 'email'],
  };

  it('accepts a minimal document, parsed or as text with a BOM', () => {
    expect(validateOidcDiscovery(base, issuer).tokenEndpoint).toBe(`${issuer}/token`);
    expect(validateOidcDiscovery(`\uFEFF${JSON.stringify(base)}`, issuer).jwksUri).toBe(`${issuer}/jwks`);
  });

  it('lists every problem, the first one as the message', () => {
    const error = refusal(() =>
      validateOidcDiscovery(
        {
          ...base,
          token_endpoint: undefined,
          jwks_uri: 'http://idp.example.test/jwks',
          scopes_supported: ['email'],
        },
        issuer,
        { field: 'oidc.issuer' },
      ),
    );
    expect(error.issues.map((i) => i.code)).toEqual([
      'OIDC_ENDPOINT_MISSING',
      'OIDC_ENDPOINT_INSECURE',
      'OIDC_NO_OPENID_SCOPE',
    ]);
    expect(error.message).toBe('The discovery document has no token_endpoint.');
    expect(error.issues.every((i) => i.field === 'oidc.issuer')).toBe(true);
  });

  it.each(['authorization_endpoint', 'jwks_uri'])('refuses a document without %s, naming it', (member) => {
    const { [member as keyof typeof base]: _dropped, ...rest } = base;
    const error = refusal(() => validateOidcDiscovery(rest, issuer));
    expect(error.code).toBe('OIDC_ENDPOINT_MISSING');
    expect(error.message).toBe(`The discovery document has no ${member}.`);
    expect(error.field).toBe('issuer');
    expect(error.issues).toHaveLength(1);
    // An empty value is as missing as an absent one.
    expect(refusal(() => validateOidcDiscovery({ ...base, [member]: '' }, issuer)).message).toBe(
      `The discovery document has no ${member}.`,
    );
  });

  it('is case-sensitive about the issuer, as token validation is', () => {
    expect(refusal(() => validateOidcDiscovery(base, 'https://IDP.example.test')).code).toBe(
      'OIDC_ISSUER_MISMATCH',
    );
  });

  it('refuses a document without the code flow, and non-JSON', () => {
    expect(
      refusal(() => validateOidcDiscovery({ ...base, response_types_supported: ['id_token'] }, issuer)).code,
    ).toBe('OIDC_NO_CODE_FLOW');
    expect(refusal(() => validateOidcDiscovery('<html>', issuer)).code).toBe('OIDC_NOT_JSON');
    expect(refusal(() => validateOidcDiscovery('[]', issuer)).code).toBe('OIDC_NOT_JSON');
  });

  it('refuses non-http endpoints even when http is allowed', () => {
    const error = refusal(() =>
      validateOidcDiscovery({ ...base, jwks_uri: 'file:///etc/keys' }, issuer, { allowHttp: true }),
    );
    expect(error.code).toBe('OIDC_ENDPOINT_INVALID');
  });

  it('builds the discovery URL the way the spec says', () => {
    expect(discoveryUrlFor('https://sts.windows.net/t/')).toBe(
      'https://sts.windows.net/t/.well-known/openid-configuration',
    );
    expect(discoveryUrlFor('https://accounts.google.com')).toBe(
      'https://accounts.google.com/.well-known/openid-configuration',
    );
  });
});
