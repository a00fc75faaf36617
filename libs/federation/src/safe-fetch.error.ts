export type SafeFetchErrorReason =
  | 'INVALID_URL'
  | 'SCHEME_NOT_ALLOWED'
  | 'CREDENTIALS_IN_URL'
  | 'DNS_FAILED'
  | 'ADDRESS_NOT_ALLOWED'
  | 'CONNECT_TIMEOUT'
  | 'TIMEOUT'
  | 'TOO_LARGE'
  | 'TOO_MANY_REDIRECTS'
  | 'BAD_REDIRECT'
  | 'HTTP_STATUS'
  | 'NETWORK_ERROR';

/**
 * Why fetching an admin-supplied URL (SAML metadataUrl, OIDC discovery) failed. `reason` is stable for
 * callers and metrics; the message is safe to show the admin (it names the URL and address, never a body).
 */
export class SafeFetchError extends Error {
  readonly reason: SafeFetchErrorReason;
  readonly url: string;
  readonly status?: number;

  constructor(reason: SafeFetchErrorReason, url: string, message: string, extra: { status?: number } = {}) {
    super(message);
    this.name = 'SafeFetchError';
    this.reason = reason;
    this.url = url;
    if (extra.status !== undefined) this.status = extra.status;
  }
}
