import { FederationValidationError, type ValidationIssue } from './federation-validation.error';

export type OidcDiscoveryErrorCode =
  | 'OIDC_NOT_JSON'
  | 'OIDC_ISSUER_INVALID'
  | 'OIDC_ISSUER_TEMPLATE'
  | 'OIDC_ISSUER_MISMATCH'
  | 'OIDC_ENDPOINT_MISSING'
  | 'OIDC_ENDPOINT_INVALID'
  | 'OIDC_ENDPOINT_INSECURE'
  | 'OIDC_NO_OPENID_SCOPE'
  | 'OIDC_NO_CODE_FLOW';

export interface OidcDiscoveryValidationOptions {
  /** Accept http issuers and endpoints: for development IdPs such as a local Keycloak only. */
  readonly allowHttp?: boolean;
  /**
   * `tolerate` (default) accepts an entered issuer that differs from the document's only by a trailing
   * slash, and returns the document's value; `exact` refuses it.
   */
  readonly trailingSlash?: 'tolerate' | 'exact';
  /** Field path reported in errors. */
  readonly field?: string;
}

export interface OidcDiscoverySummary {
  /**
   * Exactly as the document states it. This is what ID tokens carry in `iss`, and Cognito compares
   * `oidc_issuer` with `iss` character for character, so this value (not the one typed) is what to store.
   */
  readonly issuer: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly jwksUri: string;
  readonly userinfoEndpoint: string | null;
  readonly endSessionEndpoint: string | null;
  readonly scopesSupported: readonly string[] | null;
  readonly responseTypesSupported: readonly string[] | null;
  readonly idTokenSigningAlgValuesSupported: readonly string[] | null;
  readonly tokenEndpointAuthMethodsSupported: readonly string[] | null;
  readonly warnings: readonly string[];
}

const TEMPLATE = /\{[^}]*\}/;

/** The discovery URL for an issuer, per OpenID Connect Discovery 1.0 §4: one trailing slash is dropped first. */
export function discoveryUrlFor(issuer: string): string {
  return `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
}

/**
 * Validates an OpenID Connect discovery document fetched for `expectedIssuer` (the issuer the admin
 * entered). Throws FederationValidationError listing every problem; returns the values Cognito needs.
 */
export function validateOidcDiscovery(
  document: string | Buffer | Readonly<Record<string, unknown>>,
  expectedIssuer: string,
  options: OidcDiscoveryValidationOptions = {},
): OidcDiscoverySummary {
  const field = options.field ?? 'issuer';
  const allowHttp = options.allowHttp ?? false;
  const issues: ValidationIssue[] = [];
  const warnings: string[] = [];
  const issue = (code: OidcDiscoveryErrorCode, message: string): void => {
    issues.push({ field, code, message });
  };

  const doc = toObject(document, field);
  const entered = expectedIssuer.trim();
  const issuer = typeof doc.issuer === 'string' ? doc.issuer : '';

  if (issuer === '') {
    issue('OIDC_ISSUER_INVALID', 'The discovery document has no issuer.');
  } else if (TEMPLATE.test(issuer)) {
    issue(
      'OIDC_ISSUER_TEMPLATE',
      `The issuer is a multi-tenant template (${issuer}): enter the tenant-specific issuer instead.`,
    );
  } else if (issuer !== entered) {
    const differsOnlyBySlash = issuer.replace(/\/$/, '') === entered.replace(/\/$/, '');
    if (differsOnlyBySlash && options.trailingSlash !== 'exact') {
      warnings.push(
        `The issuer entered (${entered}) differs from the document's (${issuer}) only by a trailing slash; ` +
          `the document's value is used, because ID tokens carry it and Cognito compares it exactly.`,
      );
    } else {
      issue(
        'OIDC_ISSUER_MISMATCH',
        `The document's issuer (${issuer}) differs from the issuer entered (${entered}).` +
          (differsOnlyBySlash ? ' They differ by a trailing slash, which must match exactly.' : ''),
      );
    }
  }
  if (issuer !== '' && !TEMPLATE.test(issuer)) {
    const problem = urlProblem(issuer, allowHttp);
    if (problem !== null) issue(problem.code, `The issuer ${problem.message}.`);
    else if (/[?#]/.test(issuer))
      issue('OIDC_ISSUER_INVALID', 'The issuer must not have a query or fragment.');
  }

  const endpoint = (member: string, required: boolean): string | null => {
    const value = doc[member];
    if (value === undefined || value === null || value === '') {
      if (required) issue('OIDC_ENDPOINT_MISSING', `The discovery document has no ${member}.`);
      return null;
    }
    if (typeof value !== 'string') {
      issue('OIDC_ENDPOINT_INVALID', `The ${member} is not a string.`);
      return null;
    }
    const problem = urlProblem(value, allowHttp);
    if (problem !== null) {
      issue(problem.code, `The ${member} ${problem.message}.`);
      return null;
    }
    return value;
  };
  const authorizationEndpoint = endpoint('authorization_endpoint', true);
  const tokenEndpoint = endpoint('token_endpoint', true);
  const jwksUri = endpoint('jwks_uri', true);
  // Cognito reads user attributes from the userinfo endpoint, so a bad one is as fatal as a bad token endpoint.
  const userinfoEndpoint = endpoint('userinfo_endpoint', false);
  if (doc.userinfo_endpoint === undefined) {
    warnings.push(
      'The discovery document has no userinfo_endpoint: attributes will come from the ID token only.',
    );
  }
  const endSessionEndpoint = typeof doc.end_session_endpoint === 'string' ? doc.end_session_endpoint : null;

  const scopesSupported = stringList(doc, 'scopes_supported', issue);
  if (scopesSupported !== null && !scopesSupported.includes('openid')) {
    issue(
      'OIDC_NO_OPENID_SCOPE',
      'scopes_supported does not include "openid": this is not an OpenID Provider.',
    );
  }
  const responseTypesSupported = stringList(doc, 'response_types_supported', issue);
  if (responseTypesSupported === null) {
    warnings.push('The discovery document has no response_types_supported (required by OpenID Connect).');
  } else if (!responseTypesSupported.includes('code')) {
    issue(
      'OIDC_NO_CODE_FLOW',
      'response_types_supported does not include "code": Cognito signs in with the authorization code flow.',
    );
  }

  const [first, ...rest] = issues;
  if (first !== undefined) throw new FederationValidationError(first, rest);
  return {
    issuer,
    authorizationEndpoint: authorizationEndpoint as string,
    tokenEndpoint: tokenEndpoint as string,
    jwksUri: jwksUri as string,
    userinfoEndpoint,
    endSessionEndpoint,
    scopesSupported,
    responseTypesSupported,
    idTokenSigningAlgValuesSupported: stringList(doc, 'id_token_signing_alg_values_supported', issue),
    tokenEndpointAuthMethodsSupported: stringList(doc, 'token_endpoint_auth_methods_supported', issue),
    warnings,
  };
}

function toObject(
  document: string | Buffer | Readonly<Record<string, unknown>>,
  field: string,
): Readonly<Record<string, unknown>> {
  let value: unknown = document;
  if (typeof document === 'string' || Buffer.isBuffer(document)) {
    const text = typeof document === 'string' ? document : document.toString('utf8');
    // Microsoft's endpoints send a UTF-8 BOM, which JSON.parse rejects.
    const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new FederationValidationError({
        field,
        code: 'OIDC_NOT_JSON',
        message: `The discovery document is not JSON: ${(error as Error).message}.`,
      });
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FederationValidationError({
      field,
      code: 'OIDC_NOT_JSON',
      message: 'The discovery document is not a JSON object.',
    });
  }
  return value as Readonly<Record<string, unknown>>;
}

function urlProblem(
  value: string,
  allowHttp: boolean,
): { code: 'OIDC_ENDPOINT_INVALID' | 'OIDC_ENDPOINT_INSECURE'; message: string } | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { code: 'OIDC_ENDPOINT_INVALID', message: `(${value}) is not an absolute URL` };
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:') {
    return allowHttp
      ? null
      : {
          code: 'OIDC_ENDPOINT_INSECURE',
          message: `(${value}) uses http; https is required outside development`,
        };
  }
  return { code: 'OIDC_ENDPOINT_INVALID', message: `(${value}) is not an http(s) URL` };
}

function stringList(
  doc: Readonly<Record<string, unknown>>,
  member: string,
  issue: (code: OidcDiscoveryErrorCode, message: string) => void,
): string[] | null {
  const value = doc[member];
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    issue('OIDC_ENDPOINT_INVALID', `${member} is not a list of strings.`);
    return null;
  }
  return value;
}
