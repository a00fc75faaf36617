import { NotFoundError, ValidationError } from '@idplane/errors';
import {
  emailDomainOf,
  HomeRealmDiscovery,
  HomeRealmRecord,
  hostedUiAuthorizeUrl,
} from './home-realm-discovery';

const A = '11111111-1111-4111-8111-111111111111';

const record = (tenant: Partial<HomeRealmRecord['tenant']> = {}): HomeRealmRecord => ({
  tenant: {
    id: A,
    slug: 'acme',
    displayName: 'Acme',
    status: 'ACTIVE',
    suspended: false,
    callbackUrls: ['https://app.acme.example/callback', 'https://other.example/cb'],
    hostedUiDomain: 'idplane-prod-acme.auth.eu-west-1.amazoncognito.com',
    appClientId: 'client123',
    ...tenant,
  },
  identityProvider: { id: 'p', cognitoProviderName: 'okta', type: 'SAML' },
});

/** A store that answers one claimed domain. */
const storeWith = (claims: Record<string, HomeRealmRecord>) => ({
  asked: [] as string[],
  async findHomeRealm(domain: string) {
    this.asked.push(domain);
    return claims[domain] ?? null;
  },
});

describe('emailDomainOf', () => {
  it.each([
    ['jane@Acme.COM', 'acme.com'],
    ['  jane@acme.com. ', 'acme.com'],
    ['"a@b"@acme.com', 'acme.com'],
    ['jane@bücher.example', 'xn--bcher-kva.example'],
  ])('reads %p as %p', (email, domain) => {
    expect(emailDomainOf(email)).toBe(domain);
  });

  it.each(['acme.com', '@acme.com', 'jane@', 'jane doe@acme.com', 'jane@[127.0.0.1]', 'jane@acme', ''])(
    'refuses %p with BAD_USER_INPUT on email',
    (email) => {
      expect(() => emailDomainOf(email)).toThrow(ValidationError);
      try {
        emailDomainOf(email);
      } catch (error) {
        expect((error as ValidationError).field).toBe('email');
      }
    },
  );

  it('answers null for a domain too long to have been claimed', () => {
    expect(emailDomainOf(`jane@${'a'.repeat(40)}.com`)).toBeNull();
  });
});

describe('hostedUiAuthorizeUrl', () => {
  it('builds the authorize URL with every parameter encoded', () => {
    const url = new URL(
      hostedUiAuthorizeUrl({
        hostedUiDomain: 'x.auth.us-east-1.amazoncognito.com',
        clientId: 'c1',
        redirectUri: 'https://app.example/cb?x=1&y=2',
        identityProvider: 'acme.okta',
      }),
    );
    expect(url.origin + url.pathname).toBe('https://x.auth.us-east-1.amazoncognito.com/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'c1',
      redirect_uri: 'https://app.example/cb?x=1&y=2',
      identity_provider: 'acme.okta',
    });
  });

  it('keeps a domain that already carries its scheme (a custom domain)', () => {
    expect(
      hostedUiAuthorizeUrl({
        hostedUiDomain: 'https://login.acme.example/',
        clientId: 'c',
        redirectUri: 'https://a/cb',
        identityProvider: 'p',
      }),
    ).toMatch(/^https:\/\/login\.acme\.example\/oauth2\/authorize\?/);
  });
});

describe('HomeRealmDiscovery', () => {
  it('answers the tenant, its IdP and the authorize URL with the first callback URL', async () => {
    const found = await new HomeRealmDiscovery(storeWith({ 'acme.com': record() })).discover('Jane@ACME.com');
    expect(found.tenant).toEqual({ id: A, slug: 'acme', displayName: 'Acme' });
    expect(found.identityProvider).toEqual({ cognitoProviderName: 'okta', type: 'SAML' });
    expect(new URL(found.authorizeUrl).searchParams.get('redirect_uri')).toBe(
      'https://app.acme.example/callback',
    );
  });

  it('matches the domain exactly: a subdomain is not its parent', async () => {
    const store = storeWith({ 'acme.com': record() });
    await expect(new HomeRealmDiscovery(store).discover('jane@eu.acme.com')).rejects.toThrow(NotFoundError);
    expect(store.asked).toEqual(['eu.acme.com']);
  });

  it.each([
    ['PROVISIONING', {}],
    ['PENDING', {}],
    ['SUSPENDED', {}],
    ['FAILED', {}],
    ['DELETING', {}],
    ['ACTIVE', { suspended: true }],
    ['ACTIVE', { hostedUiDomain: null }],
    ['ACTIVE', { appClientId: null }],
    ['ACTIVE', { callbackUrls: [] }],
  ])('does not route to a tenant that is %s %p', async (status, more) => {
    const discovery = new HomeRealmDiscovery(storeWith({ 'acme.com': record({ status, ...more }) }));
    await expect(discovery.discover('jane@acme.com')).rejects.toThrow(
      'no identity provider takes sign-ins for this email domain',
    );
  });

  it('routes a DEGRADED tenant: it still takes sign-ins', async () => {
    const discovery = new HomeRealmDiscovery(storeWith({ 'acme.com': record({ status: 'DEGRADED' }) }));
    await expect(discovery.discover('jane@acme.com')).resolves.toMatchObject({ tenant: { id: A } });
  });

  it("hides another tenant from a caller scoped to one tenant, as if the domain weren't claimed", async () => {
    const discovery = new HomeRealmDiscovery(storeWith({ 'acme.com': record() }));
    await expect(discovery.discover('jane@acme.com', '22222222-2222-4222-8222-222222222222')).rejects.toThrow(
      NotFoundError,
    );
    await expect(discovery.discover('jane@acme.com', A)).resolves.toMatchObject({ tenant: { id: A } });
  });
});
