import type { RoleMapping } from '@aws-sdk/client-cognito-identity';
import { FieldIssue, ValidationError } from '@idplane/errors';
import { RoleWithGroup } from './role-groups';

export const AMBIGUOUS_ROLE_RESOLUTIONS = ['AuthenticatedRole', 'Deny'] as const;
export type AmbiguousRoleResolution = (typeof AMBIGUOUS_ROLE_RESOLUTIONS)[number];

/**
 * Cognito documents 25 rules per identity provider (RulesConfigurationType), though the API model only
 * enforces 400; we keep to the documented service limit.
 */
export const MAX_RULES_PER_ROLE_MAPPING = 25;
/** RoleMappingMap: at most 10 providers per identity pool. */
export const MAX_ROLE_MAPPINGS_PER_IDENTITY_POOL = 10;

export interface IdentityPoolMappingInput {
  region: string;
  userPoolId: string;
  appClientIds: readonly string[];
  roles: readonly RoleWithGroup[];
  /** What the identity pool does when no rule matches: fall back to its authenticated role, or refuse. */
  ambiguousRoleResolution: AmbiguousRoleResolution;
}

/** The identity pool's name for a user pool app client as a provider. */
export function identityPoolProviderName(region: string, userPoolId: string, appClientId: string): string {
  return `cognito-idp.${region}.amazonaws.com/${userPoolId}:${appClientId}`;
}

/**
 * Builds the identity pool RoleMappings (type Rules) for a tenant: one rule per role with an IAM role,
 * `cognito:groups` Contains the role's group, most senior first because the identity pool takes the first
 * matching rule. Roles without an IAM role get no rule; a tenant with none gets no mapping at all (a Rules
 * mapping needs at least one rule), leaving the pool's default authenticated role.
 *
 * Contains is a substring test on group names, so a group that contains another role's group ("admin" in
 * "super-admin") could match the wrong rule; such role sets are refused rather than trusted to ordering.
 * Foreign tenants' groups never reach the token: the enricher strips them.
 */
export function buildIdentityPoolRoleMappings(input: IdentityPoolMappingInput): Record<string, RoleMapping> {
  const issues: FieldIssue[] = [];
  if (!input.userPoolId.startsWith(`${input.region}_`)) {
    issues.push({ field: 'userPoolId', message: `must be a user pool in ${input.region}` });
  }
  if (!AMBIGUOUS_ROLE_RESOLUTIONS.includes(input.ambiguousRoleResolution)) {
    issues.push({
      field: 'ambiguousRoleResolution',
      message: `must be one of ${AMBIGUOUS_ROLE_RESOLUTIONS.join(', ')}`,
    });
  }
  if (input.appClientIds.length > MAX_ROLE_MAPPINGS_PER_IDENTITY_POOL) {
    issues.push({
      field: 'appClientIds',
      message: `an identity pool takes at most ${MAX_ROLE_MAPPINGS_PER_IDENTITY_POOL} role mappings`,
    });
  }
  issues.push(...identityPoolRoleIssues(input.roles));
  const mapped = input.roles.filter((role) => role.iamRoleArn !== null);
  if (issues.length > 0) throw new ValidationError(issues);
  if (mapped.length === 0) return {};

  const rules = [...mapped]
    .sort((a, b) => a.precedence - b.precedence)
    .map((role) => ({
      Claim: 'cognito:groups',
      MatchType: 'Contains' as const,
      Value: role.group,
      RoleARN: role.iamRoleArn!,
    }));
  return Object.fromEntries(
    [...input.appClientIds].sort().map((clientId): [string, RoleMapping] => [
      identityPoolProviderName(input.region, input.userPoolId, clientId),
      {
        Type: 'Rules',
        AmbiguousRoleResolution: input.ambiguousRoleResolution,
        RulesConfiguration: { Rules: rules.map((r) => ({ ...r })) },
      },
    ]),
  );
}

/**
 * Why a role set can't become identity pool Rules, if it can't: too many roles with an IAM role, or a group name
 * that contains another's (Contains is a substring test). Empty when it can.
 */
export function identityPoolRoleIssues(roles: readonly RoleWithGroup[], path = 'roles'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const mapped = roles.map((role, index) => ({ role, index })).filter(({ role }) => role.iamRoleArn !== null);
  if (mapped.length > MAX_RULES_PER_ROLE_MAPPING) {
    issues.push({
      field: path,
      message: `${mapped.length} roles have an IAM role; an identity pool mapping takes at most ${MAX_RULES_PER_ROLE_MAPPING} rules`,
    });
  }
  for (const a of mapped) {
    const inside = mapped.find((b) => b !== a && a.role.group.includes(b.role.group));
    if (inside) {
      issues.push({
        field: `${path}[${a.index}].name`,
        message: `its group "${a.role.group}" contains the group "${inside.role.group}" of role "${inside.role.name}", which identity pool Contains rules cannot tell apart`,
      });
    }
  }
  return issues;
}
