import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import type { ValidationIssue } from './federation-validation.error';

/**
 * Cognito IdpIdentifiers (used for home-realm discovery by email domain): 1–40 characters matching
 * ^[\w\s+=.@-]+$, at most 50 per identity provider. A domain longer than 40 characters is a valid domain
 * that Cognito still cannot take as an identifier.
 */
export const COGNITO_IDP_IDENTIFIER_MAX_LENGTH = 40;
export const COGNITO_IDP_IDENTIFIER_PATTERN = /^[\w\s+=.@-]+$/;
export const COGNITO_IDP_IDENTIFIERS_PER_PROVIDER = 50;

export type EmailDomainIssueCode =
  | 'EMAIL_DOMAIN_EMPTY'
  | 'EMAIL_DOMAIN_WILDCARD'
  | 'EMAIL_DOMAIN_INVALID'
  | 'EMAIL_DOMAIN_IP_LITERAL'
  | 'EMAIL_DOMAIN_TOO_LONG_FOR_COGNITO'
  | 'EMAIL_DOMAINS_TOO_MANY';

export interface EmailDomainsResult {
  /** Normalized (lower-case, punycode), deduplicated, in input order. */
  readonly domains: readonly string[];
  readonly issues: readonly ValidationIssue[];
}

export interface EmailDomainOptions {
  readonly field?: string;
  /** Identifiers the provider already uses for something else, which count against Cognito's 50. */
  readonly maxDomains?: number;
}

export type EmailDomainResult =
  | { readonly ok: true; readonly domain: string }
  | { readonly ok: false; readonly code: EmailDomainIssueCode; readonly message: string };

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const MAX_DOMAIN_LENGTH = 253;

/** Normalizes one email domain as an admin might type it ("@Exämple.COM."), or says why it can't be used. */
export function normalizeEmailDomain(raw: string): EmailDomainResult {
  // A leading "@" and a trailing root dot are common ways of typing a domain; neither changes its meaning.
  const typed = raw.trim().replace(/^@/, '').replace(/\.$/, '');
  if (typed === '') return { ok: false, code: 'EMAIL_DOMAIN_EMPTY', message: 'The email domain is empty.' };
  if (typed.includes('*')) {
    return {
      ok: false,
      code: 'EMAIL_DOMAIN_WILDCARD',
      message: `"${raw}" is a wildcard; list each domain (and subdomain) explicitly.`,
    };
  }
  if (isIP(typed.replace(/^\[|\]$/g, '')) !== 0) {
    return {
      ok: false,
      code: 'EMAIL_DOMAIN_IP_LITERAL',
      message: `"${raw}" is an IP address, not a domain.`,
    };
  }
  if (/[\s@/:?#\\]/.test(typed)) {
    return { ok: false, code: 'EMAIL_DOMAIN_INVALID', message: `"${raw}" is not a domain name.` };
  }
  // domainToASCII lower-cases, applies IDNA mapping and returns '' for anything that isn't a valid host.
  const ascii = domainToASCII(typed);
  const labels = ascii.split('.');
  const valid =
    ascii !== '' &&
    ascii.length <= MAX_DOMAIN_LENGTH &&
    labels.length >= 2 &&
    labels.every((label) => LABEL.test(label)) &&
    !/^\d+$/.test(labels[labels.length - 1] ?? '');
  if (!valid) {
    return { ok: false, code: 'EMAIL_DOMAIN_INVALID', message: `"${raw}" is not a valid domain name.` };
  }
  if (ascii.length > COGNITO_IDP_IDENTIFIER_MAX_LENGTH || !COGNITO_IDP_IDENTIFIER_PATTERN.test(ascii)) {
    return {
      ok: false,
      code: 'EMAIL_DOMAIN_TOO_LONG_FOR_COGNITO',
      message:
        `"${ascii}" is ${ascii.length} characters; Cognito identifiers for home-realm discovery are limited ` +
        `to ${COGNITO_IDP_IDENTIFIER_MAX_LENGTH}.`,
    };
  }
  return { ok: true, domain: ascii };
}

/**
 * Normalizes the email domains of one identity provider for home-realm discovery. Duplicates (after
 * normalization) collapse silently; every unusable entry becomes an issue addressed as `field[index]`.
 * Uniqueness across the providers of a user pool is for the caller, which sees them all.
 */
export function normalizeEmailDomains(
  input: readonly string[],
  options: EmailDomainOptions = {},
): EmailDomainsResult {
  const field = options.field ?? 'emailDomains';
  const max = options.maxDomains ?? COGNITO_IDP_IDENTIFIERS_PER_PROVIDER;
  const domains: string[] = [];
  const issues: ValidationIssue[] = [];
  input.forEach((raw, index) => {
    const result = normalizeEmailDomain(raw);
    if (!result.ok) {
      issues.push({ field: `${field}[${index}]`, code: result.code, message: result.message });
    } else if (!domains.includes(result.domain)) {
      domains.push(result.domain);
    }
  });
  if (domains.length > max) {
    issues.push({
      field,
      code: 'EMAIL_DOMAINS_TOO_MANY',
      message: `${domains.length} email domains given; Cognito allows at most ${max} identifiers per provider.`,
    });
  }
  return { domains, issues };
}
