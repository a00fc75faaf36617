import { NotFoundError } from '@idplane/errors';
import { evaluateRoleMappings, GrantSource } from './evaluate-role-mappings';
import { RoleMappingRule } from './role-mapping';
import { withGroupNames } from './role-groups';
import { TenantAccessReader } from './tenant-access';

export interface SimulatedRole {
  role: string;
  /** The Cognito group the enricher would put in `cognito:groups`. */
  group: string;
  iamRoleArn: string | null;
  /** The index of the first rule that granted the role, or 'default'. */
  grantedBy: GrantSource;
  /** That rule, so the admin sees why without counting. */
  rule: RoleMappingRule | null;
}

export interface RoleMappingSimulation {
  tenantId: string;
  roles: SimulatedRole[];
  matchedRules: number[];
  primaryRole: string | null;
}

/**
 * Answers "what would this user get?" for an admin testing a mapping: the roles that claims from the given
 * identity provider would grant, and the rule that gave each. The provider is named as the admin names it (`okta`,
 * not a shared pool's `acme.okta`), as rules are; the enricher gives a user who came through that IdP the same
 * roles. Throws NotFoundError for an unknown tenant.
 */
export async function simulateRoleMapping(
  reader: TenantAccessReader,
  tenantId: string,
  identityProvider: string | null,
  claims: Readonly<Record<string, unknown>>,
): Promise<RoleMappingSimulation> {
  const access = await reader.findTenantAccess(tenantId);
  if (!access) throw new NotFoundError(`Tenant ${tenantId} not found`, 'tenantId');
  const outcome = evaluateRoleMappings(access.mappings, access.roles, { identityProvider, claims });
  const byName = new Map(
    withGroupNames({ id: access.tenantId, ...access }, access.roles).map((r) => [r.name, r]),
  );
  return {
    tenantId,
    roles: outcome.roles.map(({ role, rule }) => {
      const resolved = byName.get(role)!;
      return {
        role,
        group: resolved.group,
        iamRoleArn: resolved.iamRoleArn,
        grantedBy: rule,
        rule: typeof rule === 'number' ? access.mappings.rules[rule] : null,
      };
    }),
    matchedRules: outcome.matchedRules,
    primaryRole: outcome.primaryRole,
  };
}
