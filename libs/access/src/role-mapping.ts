import { FieldIssue, ValidationError } from '@idplane/errors';

export const MATCH_TYPES = ['EQUALS', 'CONTAINS', 'STARTS_WITH', 'NOT_EQUAL'] as const;
export type MatchType = (typeof MATCH_TYPES)[number];

/** The provider name rules use for users who sign in with a user-pool password rather than through an IdP. */
export const NATIVE_PROVIDER = 'COGNITO';

/**
 * One mapping rule: "when `claim` from `identityProvider` matches `value`, grant `role`".
 *
 * - `identityProvider` null means any provider, native users included.
 * - `claim` is the attribute name as the user pool stores it (`custom:groups`) or the bare IdP-facing name
 *   (`groups`), which also finds `custom:groups`.
 * - A multi-valued claim matches EQUALS / CONTAINS / STARTS_WITH when any one of its values does.
 *   NOT_EQUAL matches when the claim is present and none of its values equals `value`.
 * - Comparison ignores case unless `caseSensitive`: Entra ID, Okta and AD treat group names case-insensitively,
 *   and a rule that silently stops matching because an IdP admin renamed "Admins" to "admins" locks people out.
 */
export interface RoleMappingRule {
  identityProvider: string | null;
  claim: string;
  matchType: MatchType;
  value: string;
  role: string;
  caseSensitive: boolean;
}

/** A tenant's mapping configuration: ordered rules, and the role for users no rule (and no group) gives one. */
export interface RoleMappingConfig {
  defaultRole: string | null;
  rules: RoleMappingRule[];
}

export interface RoleMappingRuleInput {
  identityProvider?: unknown;
  claim?: unknown;
  matchType?: unknown;
  value?: unknown;
  role?: unknown;
  caseSensitive?: unknown;
}

export interface RoleMappingConfigInput {
  defaultRole?: unknown;
  rules?: unknown;
}

export interface RoleMappingContext {
  /** The tenant's role names; every rule and the default role must name one. */
  roleNames: readonly string[];
  /** The tenant's IdP names, when known; a rule naming another provider could never match. */
  identityProviders?: readonly string[];
}

export const MAX_RULES_PER_TENANT = 100;
/** Cognito's limit on a claim name (identity pool ClaimName) and on a custom attribute value. */
const CLAIM_NAME_MAX = 64;
const CLAIM_NAME_PATTERN = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;
const VALUE_MAX = 2048;
const PROVIDER_NAME_MAX = 32;
const PROVIDER_NAME_PATTERN = /^[^\s_][^\s]*$/u;

function validateRule(
  raw: RoleMappingRuleInput,
  at: string,
  ctx: RoleMappingContext,
  issues: FieldIssue[],
): RoleMappingRule {
  const provider = raw.identityProvider === undefined ? null : raw.identityProvider;
  if (provider !== null) {
    if (
      typeof provider !== 'string' ||
      provider.length > PROVIDER_NAME_MAX ||
      !PROVIDER_NAME_PATTERN.test(provider)
    ) {
      issues.push({
        field: `${at}.identityProvider`,
        message: `must be an identity provider name (1-${PROVIDER_NAME_MAX} characters), or null for any provider`,
      });
    } else if (
      ctx.identityProviders &&
      provider !== NATIVE_PROVIDER &&
      !ctx.identityProviders.includes(provider)
    ) {
      issues.push({
        field: `${at}.identityProvider`,
        message: `"${provider}" is not one of this tenant's identity providers (${[NATIVE_PROVIDER, ...ctx.identityProviders].join(', ')})`,
      });
    }
  }
  const claim = raw.claim;
  if (typeof claim !== 'string' || claim.length > CLAIM_NAME_MAX || !CLAIM_NAME_PATTERN.test(claim)) {
    issues.push({ field: `${at}.claim`, message: `must be 1-${CLAIM_NAME_MAX} characters without spaces` });
  }
  const matchType = raw.matchType;
  if (!MATCH_TYPES.includes(matchType as MatchType)) {
    issues.push({ field: `${at}.matchType`, message: `must be one of ${MATCH_TYPES.join(', ')}` });
  }
  const value = raw.value;
  if (typeof value !== 'string' || value.length === 0 || value.length > VALUE_MAX) {
    issues.push({ field: `${at}.value`, message: `must be 1-${VALUE_MAX} characters` });
  } else if (value.trim() !== value) {
    // Claim values are trimmed before matching, so such a rule could never match.
    issues.push({ field: `${at}.value`, message: 'must not start or end with whitespace' });
  }
  const role = raw.role;
  if (typeof role !== 'string' || !ctx.roleNames.includes(role)) {
    issues.push({
      field: `${at}.role`,
      message: `must be one of this tenant's roles (${ctx.roleNames.join(', ')})`,
    });
  }
  const caseSensitive =
    raw.caseSensitive === undefined || raw.caseSensitive === null ? false : raw.caseSensitive;
  if (typeof caseSensitive !== 'boolean') {
    issues.push({ field: `${at}.caseSensitive`, message: 'must be true or false' });
  }
  return {
    identityProvider: typeof provider === 'string' ? provider : null,
    claim: typeof claim === 'string' ? claim : '',
    matchType: matchType as MatchType,
    value: typeof value === 'string' ? value : '',
    role: typeof role === 'string' ? role : '',
    caseSensitive: caseSensitive === true,
  };
}

/** Validates untrusted mapping input against the tenant's roles, or throws a ValidationError with field paths. */
export function validateRoleMappingConfig(
  input: RoleMappingConfigInput,
  ctx: RoleMappingContext,
  path = 'input',
): RoleMappingConfig {
  const issues: FieldIssue[] = [];
  const defaultRole = input.defaultRole === undefined ? null : input.defaultRole;
  if (defaultRole !== null && (typeof defaultRole !== 'string' || !ctx.roleNames.includes(defaultRole))) {
    issues.push({
      field: `${path}.defaultRole`,
      message: `must be one of this tenant's roles (${ctx.roleNames.join(', ')}), or null for no role`,
    });
  }
  const rawRules = input.rules === undefined ? [] : input.rules;
  const rules: RoleMappingRule[] = [];
  if (!Array.isArray(rawRules)) {
    issues.push({ field: `${path}.rules`, message: 'must be a list' });
  } else {
    if (rawRules.length > MAX_RULES_PER_TENANT) {
      issues.push({ field: `${path}.rules`, message: `at most ${MAX_RULES_PER_TENANT} rules per tenant` });
    }
    rawRules.forEach((raw: unknown, i) => {
      const at = `${path}.rules[${i}]`;
      if (typeof raw !== 'object' || raw === null) {
        issues.push({ field: at, message: 'must be an object' });
        return;
      }
      rules.push(validateRule(raw as RoleMappingRuleInput, at, ctx, issues));
    });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return { defaultRole: typeof defaultRole === 'string' ? defaultRole : null, rules };
}
