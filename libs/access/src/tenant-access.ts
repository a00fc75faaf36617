import type { IsolationModel } from '@idplane/tenancy';
import { Role } from './role';
import { RoleMappingConfig } from './role-mapping';

/** Everything about one tenant that decides its users' roles, already validated. */
export interface TenantAccess {
  tenantId: string;
  slug: string;
  isolationModel: IsolationModel;
  /** True while the tenant is suspended: the enricher then refuses its users' tokens. */
  suspended?: boolean;
  /** The observed user pool id, when reconciled; lets the enricher refuse events from any other pool. */
  userPoolId: string | null;
  /** The tenant's observed app client ids, through which its users sign in. */
  appClientIds: string[];
  roles: Role[];
  mappings: RoleMappingConfig;
}

/** The port the simulation reads through; the persistence adapter implements it. */
export interface TenantAccessReader {
  findTenantAccess(tenantId: string): Promise<TenantAccess | null>;
}
