import { groupNameFor } from '@idplane/tenancy';
import type { IsolationModel } from '@idplane/tenancy';
import { Role } from './role';

/** A role together with the Cognito group that carries it in the tenant's pool. */
export interface RoleWithGroup extends Role {
  group: string;
}

export interface TenantNaming {
  id: string;
  slug: string;
  isolationModel: IsolationModel;
}

/** Attaches each role's Cognito group name, named exactly as the reconciler names the groups it creates. */
export function withGroupNames(tenant: TenantNaming, roles: readonly Role[]): RoleWithGroup[] {
  return roles.map((role) => ({ ...role, group: groupNameFor(tenant, role.name) }));
}
