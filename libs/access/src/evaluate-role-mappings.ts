import { claimValues } from './claim-values';
import { MatchType, RoleMappingConfig, RoleMappingRule } from './role-mapping';

/** Who is signing in, as far as mapping is concerned. */
export interface MappingSubject {
  /**
   * The IdP the user came through: its provider name, NATIVE_PROVIDER for a user-pool password, or null when
   * it can't be told (then only rules for any provider apply).
   */
  identityProvider: string | null;
  /** The user's attributes or IdP claims, keyed by name; values in any shape `claimValues` understands. */
  claims: Readonly<Record<string, unknown>>;
  /** Roles the tenant admin assigned directly (group membership in the pool), granted whatever the rules say. */
  assignedRoles?: readonly string[];
}

/** Where a role came from: the index of the first rule that granted it, a direct assignment, or the default. */
export type GrantSource = number | 'assigned' | 'default';

export interface RoleGrant {
  role: string;
  rule: GrantSource;
}

export interface RoleMappingOutcome {
  /** Granted roles, most senior (lowest precedence) first. */
  roles: RoleGrant[];
  /** Indexes of every rule that matched, in rule order, including those whose role was already granted. */
  matchedRules: number[];
  /** The most senior granted role, or null when the user has none. */
  primaryRole: string | null;
}

export interface RankedRole {
  name: string;
  precedence: number;
}

function fold(value: string, caseSensitive: boolean): string {
  const composed = value.normalize('NFC');
  return caseSensitive ? composed : composed.toLowerCase();
}

/**
 * Where the user pool keeps a claim an admin names by its IdP-facing name, after `custom:<name>`. idplane maps
 * every IdP's group claim into `custom:idp_groups` (federation's IDP_GROUPS_ATTRIBUTE), so a rule on `groups`
 * must find it there.
 */
const POOL_ATTRIBUTE_ALIASES: Readonly<Record<string, string>> = { groups: 'custom:idp_groups' };

/**
 * Reads a claim by its exact name, then as the `custom:` attribute Cognito stores IdP claims under, then (for
 * `groups`) as `custom:idp_groups`.
 */
export function lookupClaim(claims: Readonly<Record<string, unknown>>, name: string): unknown {
  // Own properties only: a claim named "constructor" must not find Object's constructor.
  const owns = (record: object, key: string) => Object.prototype.hasOwnProperty.call(record, key);
  if (owns(claims, name)) return claims[name];
  if (name.includes(':')) return undefined;
  const custom = `custom:${name}`;
  if (owns(claims, custom)) return claims[custom];
  const alias = owns(POOL_ATTRIBUTE_ALIASES, name) ? POOL_ATTRIBUTE_ALIASES[name] : undefined;
  if (alias !== undefined && owns(claims, alias)) return claims[alias];
  return undefined;
}

function valuesMatch(values: readonly string[], matchType: MatchType, expected: string): boolean {
  switch (matchType) {
    case 'EQUALS':
      return values.some((v) => v === expected);
    case 'CONTAINS':
      return values.some((v) => v.includes(expected));
    case 'STARTS_WITH':
      return values.some((v) => v.startsWith(expected));
    case 'NOT_EQUAL':
      // An absent claim is more often a broken attribute mapping than a real "not X": never grant on it.
      return values.length > 0 && values.every((v) => v !== expected);
  }
}

/** True when the rule applies to the subject. */
export function ruleMatches(rule: RoleMappingRule, subject: MappingSubject): boolean {
  if (rule.identityProvider !== null && rule.identityProvider !== subject.identityProvider) return false;
  const values = claimValues(lookupClaim(subject.claims, rule.claim), rule.claim).map((v) =>
    fold(v, rule.caseSensitive),
  );
  return valuesMatch(values, rule.matchType, fold(rule.value, rule.caseSensitive));
}

/**
 * Evaluates a tenant's mapping for one user. Every matching rule contributes its role (rules are additive, as
 * IdP group assignments are: someone in both "Engineering" and "App Admins" is a member and an admin), so rule
 * order only decides which rule is credited with a role. Directly assigned roles are added; the default role
 * applies only when nothing else gave a role. Roles the tenant no longer has are never granted.
 */
export function evaluateRoleMappings(
  config: RoleMappingConfig,
  roles: readonly RankedRole[],
  subject: MappingSubject,
): RoleMappingOutcome {
  const precedence = new Map(roles.map((r) => [r.name, r.precedence]));
  const granted = new Map<string, GrantSource>();
  const matchedRules: number[] = [];
  config.rules.forEach((rule, index) => {
    if (!ruleMatches(rule, subject)) return;
    matchedRules.push(index);
    if (precedence.has(rule.role) && !granted.has(rule.role)) granted.set(rule.role, index);
  });
  for (const role of subject.assignedRoles ?? []) {
    if (precedence.has(role) && !granted.has(role)) granted.set(role, 'assigned');
  }
  if (granted.size === 0 && config.defaultRole !== null && precedence.has(config.defaultRole)) {
    granted.set(config.defaultRole, 'default');
  }
  const ordered = [...granted.entries()]
    .map(([role, rule]) => ({ role, rule }))
    .sort((a, b) => precedence.get(a.role)! - precedence.get(b.role)! || a.role.localeCompare(b.role));
  return { roles: ordered, matchedRules, primaryRole: ordered[0]?.role ?? null };
}
