import type { ValidationIssue } from './federation-validation.error';
import type { IdentityProviderType } from './identity-provider';

/** The standard attributes of every user pool that an IdP may write. `sub` and `updated_at` are Cognito's own. */
const STANDARD_TARGETS = [
  'address',
  'birthdate',
  'email',
  'email_verified',
  'family_name',
  'gender',
  'given_name',
  'locale',
  'middle_name',
  'name',
  'nickname',
  'phone_number',
  'phone_number_verified',
  'picture',
  'preferred_username',
  'profile',
  'website',
  'zoneinfo',
] as const;

/** The IdP's group claim lands here, ready for role mappings; the pool schema idplane manages must define it. */
export const IDP_GROUPS_ATTRIBUTE = 'custom:idp_groups';
/** Set by idplane alone: an IdP that could write it would choose its users' tenant. */
const TENANT_ID_ATTRIBUTE = 'custom:tenant_id';

/**
 * Custom attributes every shared pool defines, for IdP claims that role mappings read (a rule on `department`
 * reads `custom:department`). A shared pool's schema is common to its tenants and Cognito can never remove a
 * custom attribute, so shared tenants choose from this fixed set instead of growing every shard's schema.
 */
export const SHARED_POOL_CLAIM_ATTRIBUTES: readonly string[] = [
  'department',
  'division',
  'job_title',
  'cost_center',
  'employee_type',
  'organization',
  'idp_roles',
];
/** A custom attribute's name after `custom:` (Cognito allows 1-20 characters; lowercase keeps rules unambiguous). */
const CUSTOM_ATTRIBUTE_NAME = /^[a-z][a-z0-9_]{0,19}$/;
/** Per IdP: a pool holds 50 custom attributes, and Cognito never removes one once added. */
export const MAX_CUSTOM_ATTRIBUTES_PER_PROVIDER = 10;
/** Custom attributes all of a dedicated tenant's IdPs may map to: Cognito's 50 less tenant_id and idp_groups. */
export const MAX_POOL_CLAIM_ATTRIBUTES = 48;

export const MAPPABLE_ATTRIBUTES: ReadonlySet<string> = new Set([...STANDARD_TARGETS, IDP_GROUPS_ATTRIBUTE]);

/** The pool kind the IdP lives in: it decides which custom attributes it may write. */
export type AttributeMappingPool = 'SHARED_POOL' | 'DEDICATED_POOL';

/**
 * The custom attributes (names after `custom:`) that a mapping writes beyond the ones every pool has: the pool's
 * schema must define them before Cognito accepts the mapping.
 */
export function extraCustomAttributes(mapping: Readonly<Record<string, string>>): string[] {
  return Object.keys(mapping)
    .filter((a) => a.startsWith('custom:') && a !== IDP_GROUPS_ATTRIBUTE && a !== TENANT_ID_ATTRIBUTE)
    .map((a) => a.slice('custom:'.length));
}

function targetProblem(attribute: string, pool: AttributeMappingPool): string | null {
  if (MAPPABLE_ATTRIBUTES.has(attribute)) return null;
  const custom = attribute.startsWith('custom:') ? attribute.slice('custom:'.length) : null;
  if (pool === 'SHARED_POOL') {
    if (custom !== null && SHARED_POOL_CLAIM_ATTRIBUTES.includes(custom)) return null;
    return (
      `"${attribute}" is not an attribute of the user pool (a shared pool has ${[...MAPPABLE_ATTRIBUTES].join(', ')}` +
      ` and ${SHARED_POOL_CLAIM_ATTRIBUTES.map((a) => `custom:${a}`).join(', ')})`
    );
  }
  if (custom !== null && CUSTOM_ATTRIBUTE_NAME.test(custom)) return null;
  return (
    `"${attribute}" is not an attribute of the user pool (use one of ${[...MAPPABLE_ATTRIBUTES].join(', ')},` +
    ` or custom:<name> with 1-20 lowercase letters, digits or underscores, starting with a letter)`
  );
}

const MAX_SOURCE_LENGTH = 256;

const SAML_CLAIMS = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims';

/** Sensible defaults per type: email and name, and the group claim where the IdP has one. */
export const DEFAULT_ATTRIBUTE_MAPPINGS: Readonly<
  Record<IdentityProviderType, Readonly<Record<string, string>>>
> = {
  SAML: {
    email: `${SAML_CLAIMS}/emailaddress`,
    name: `${SAML_CLAIMS}/name`,
    [IDP_GROUPS_ATTRIBUTE]: 'http://schemas.xmlsoap.org/claims/Group',
  },
  OIDC: { email: 'email', email_verified: 'email_verified', name: 'name', [IDP_GROUPS_ATTRIBUTE]: 'groups' },
  GOOGLE: { email: 'email', email_verified: 'email_verified', name: 'name' },
  FACEBOOK: { email: 'email', name: 'name' },
  LOGIN_WITH_AMAZON: { email: 'email', name: 'name' },
  SIGN_IN_WITH_APPLE: { email: 'email', name: 'name' },
};

export interface AttributeMappingEntry {
  readonly attribute: string;
  readonly claim: string;
}

/**
 * The defaults of the type, overlaid with what the admin gave. Each target must be an attribute of the pool's
 * schema; every unusable entry is an issue addressed as `field[index]`.
 */
export function resolveAttributeMapping(
  type: IdentityProviderType,
  pool: AttributeMappingPool,
  entries: readonly AttributeMappingEntry[] | undefined,
  field: string,
): { mapping: Record<string, string>; issues: ValidationIssue[] } {
  const mapping: Record<string, string> = { ...DEFAULT_ATTRIBUTE_MAPPINGS[type] };
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  (entries ?? []).forEach((entry, index) => {
    const at = `${field}[${index}]`;
    const attribute = entry.attribute.trim();
    const claim = entry.claim.trim();
    const problem = targetProblem(attribute, pool);
    if (attribute === TENANT_ID_ATTRIBUTE) {
      issues.push({
        field: `${at}.attribute`,
        code: 'ATTRIBUTE_NOT_MAPPABLE',
        message: `${TENANT_ID_ATTRIBUTE} is set by idplane only: an IdP may not choose its users' tenant`,
      });
    } else if (problem !== null) {
      issues.push({ field: `${at}.attribute`, code: 'ATTRIBUTE_UNKNOWN', message: problem });
    } else if (seen.has(attribute)) {
      issues.push({
        field: `${at}.attribute`,
        code: 'ATTRIBUTE_DUPLICATE',
        message: `"${attribute}" is mapped twice`,
      });
    }
    if (claim === '' || claim.length > MAX_SOURCE_LENGTH) {
      issues.push({
        field: `${at}.claim`,
        code: 'ATTRIBUTE_CLAIM_INVALID',
        message: `must be 1-${MAX_SOURCE_LENGTH} characters`,
      });
    }
    seen.add(attribute);
    mapping[attribute] = claim;
  });
  const extra = extraCustomAttributes(mapping);
  if (extra.length > MAX_CUSTOM_ATTRIBUTES_PER_PROVIDER) {
    issues.push({
      field,
      code: 'ATTRIBUTE_MAPPING_TOO_LARGE',
      message: `maps ${extra.length} custom attributes; at most ${MAX_CUSTOM_ATTRIBUTES_PER_PROVIDER} per identity provider`,
    });
  }
  return { mapping, issues };
}
