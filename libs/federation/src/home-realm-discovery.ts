import { NotFoundError, ValidationError } from '@idplane/errors';
import { normalizeEmailDomain } from './email-domain';
import type { IdentityProviderType } from './identity-provider';

/** What the store knows about the tenant and IdP that claimed one email domain. */
export interface HomeRealmRecord {
  readonly tenant: {
    readonly id: string;
    readonly slug: string;
    readonly displayName: string;
    readonly status: string;
    readonly suspended: boolean;
    readonly callbackUrls: readonly string[];
    /** The hosted UI host the worker observed, e.g. `idplane-prod-acme.auth.eu-west-1.amazoncognito.com`. */
    readonly hostedUiDomain: string | null;
    readonly appClientId: string | null;
  };
  readonly identityProvider: {
    readonly id: string;
    readonly cognitoProviderName: string;
    readonly type: IdentityProviderType;
  };
}

/** Finds the claim on an email domain (exact, normalized); the persistence adapter implements it. */
export interface HomeRealmStore {
  findHomeRealm(domain: string): Promise<HomeRealmRecord | null>;
}

/** Where to send a user who typed this email address. */
export interface DiscoveredHomeRealm {
  readonly tenant: { readonly id: string; readonly slug: string; readonly displayName: string };
  readonly identityProvider: { readonly cognitoProviderName: string; readonly type: IdentityProviderType };
  readonly authorizeUrl: string;
}

/** The statuses in which a tenant's app client takes sign-ins. */
const SIGN_IN_STATUSES = new Set(['ACTIVE', 'DEGRADED']);
const MAX_EMAIL_LENGTH = 254;

/**
 * The domain of an email address, normalized as email domains are when an IdP claims them, or null when the domain
 * is valid but could never have been claimed (longer than Cognito's identifiers allow). Malformed input throws a
 * ValidationError on `field`.
 */
export function emailDomainOf(email: string, field = 'email'): string | null {
  const trimmed = email.trim();
  const at = trimmed.lastIndexOf('@');
  if (trimmed.length > MAX_EMAIL_LENGTH || at < 1 || at === trimmed.length - 1 || /\s/.test(trimmed)) {
    throw new ValidationError([{ field, message: 'must be an email address such as jane@example.com' }]);
  }
  const domain = normalizeEmailDomain(trimmed.slice(at + 1));
  if (domain.ok) return domain.domain;
  if (domain.code === 'EMAIL_DOMAIN_TOO_LONG_FOR_COGNITO') return null;
  throw new ValidationError([{ field, message: domain.message }]);
}

/**
 * The hosted UI authorize URL that sends a user straight to one IdP (`identity_provider`, which names exactly one
 * provider, unlike `idp_identifier`). The caller adds its own `state` and PKCE `code_challenge`.
 */
export function hostedUiAuthorizeUrl(options: {
  hostedUiDomain: string;
  clientId: string;
  redirectUri: string;
  identityProvider: string;
}): string {
  const base = /^https?:\/\//.test(options.hostedUiDomain)
    ? options.hostedUiDomain.replace(/\/+$/, '')
    : `https://${options.hostedUiDomain}`;
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: options.clientId,
    redirect_uri: options.redirectUri,
    identity_provider: options.identityProvider,
  });
  return `${base}/oauth2/authorize?${query.toString()}`;
}

/**
 * Home-realm discovery: the tenant and IdP whose email domain matches the address exactly (`user@eu.acme.com` does
 * not match a claim on `acme.com`; subdomains are claimed one by one, as Cognito's IdpIdentifiers are), with the
 * hosted UI URL to send the user to.
 *
 * Only a tenant that can take the sign-in now is answered: ACTIVE or DEGRADED, not suspended, with its app client,
 * hosted UI domain and a callback URL observed. Anything else is NOT_FOUND with the same message as an unclaimed
 * domain, so the answer never tells a caller more than "send the user here" or "no SSO for this address".
 * `visibleTenantId` narrows the answer to one tenant (a tenant admin's scope), with the same NOT_FOUND otherwise.
 */
export class HomeRealmDiscovery {
  constructor(private readonly store: HomeRealmStore) {}

  async discover(email: string, visibleTenantId?: string): Promise<DiscoveredHomeRealm> {
    const domain = emailDomainOf(email);
    const found = domain === null ? null : await this.store.findHomeRealm(domain);
    const tenant = found?.tenant;
    const redirectUri = tenant?.callbackUrls[0];
    if (
      !found ||
      !tenant ||
      (visibleTenantId !== undefined && tenant.id !== visibleTenantId) ||
      !SIGN_IN_STATUSES.has(tenant.status) ||
      tenant.suspended ||
      tenant.hostedUiDomain === null ||
      tenant.appClientId === null ||
      redirectUri === undefined
    ) {
      throw new NotFoundError('no identity provider takes sign-ins for this email domain', 'email');
    }
    return {
      tenant: { id: tenant.id, slug: tenant.slug, displayName: tenant.displayName },
      identityProvider: {
        cognitoProviderName: found.identityProvider.cognitoProviderName,
        type: found.identityProvider.type,
      },
      authorizeUrl: hostedUiAuthorizeUrl({
        hostedUiDomain: tenant.hostedUiDomain,
        clientId: tenant.appClientId,
        redirectUri,
        identityProvider: found.identityProvider.cognitoProviderName,
      }),
    };
  }
}
