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

export const MAPPABLE_ATTRIBUTES: ReadonlySet<string> = new Set([...STANDARD_TARGETS, IDP_GROUPS_ATTRIBUTE]);
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
    if (attribute === TENANT_ID_ATTRIBUTE) {
      issues.push({
        field: `${at}.attribute`,
        code: 'ATTRIBUTE_NOT_MAPPABLE',
        message: `${TENANT_ID_ATTRIBUTE} is set by idplane only: an IdP may not choose its users' tenant`,
      });
    } else if (!MAPPABLE_ATTRIBUTES.has(attribute)) {
      issues.push({
        field: `${at}.attribute`,
        code: 'ATTRIBUTE_UNKNOWN',
        message: `"${attribute}" is not an attribute of the user pool (use one of ${[...MAPPABLE_ATTRIBUTES].join(', ')})`,
      });
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
  return { mapping, issues };
}
