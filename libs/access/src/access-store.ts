import type { IsolationModel } from '@idplane/tenancy';
import { IdentityPoolConfig } from './identity-pool-config';
import { Role } from './role';
import { RoleMappingConfig } from './role-mapping';

/** A tenant's stored access configuration. Null roles/mappings mean the tenant still has the defaults. */
export interface StoredTenantAccess {
  tenantId: string;
  slug: string;
  isolationModel: IsolationModel;
  /** The tenant is suspended: its users must not get tokens. */
  suspended: boolean;
  userPoolId: string | null;
  appClientIds: string[];
  roles: Role[] | null;
  mappings: RoleMappingConfig | null;
  /** Desired: the tenant's identity pool, or null for none. */
  identityPool: IdentityPoolConfig | null;
  /** Observed: the identity pool the reconciler created for the tenant. */
  identityPoolId: string | null;
  /** Optimistic-lock version of the access configuration; 0 while it was never saved. */
  version: number;
}

/** What setRoles, setRoleMappings and setIdentityPool save together, under one version. */
export interface AccessConfiguration {
  roles: Role[];
  mappings: RoleMappingConfig;
  identityPool: IdentityPoolConfig | null;
}

/** Port to access configuration; the persistence adapter implements it. */
export interface AccessStore {
  find(tenantId: string): Promise<StoredTenantAccess | null>;
  listAll(): Promise<StoredTenantAccess[]>;
  /** The names of the tenant's identity providers, as its admin knows them (what mapping rules name). */
  identityProviderNames(tenantId: string): Promise<string[]>;
  /**
   * Saves roles and mappings if the stored version still equals expectedVersion (ConflictError otherwise), and in
   * the same transaction bumps the tenant's generation and adds a reconcile intent, since roles are Cognito groups.
   * Returns the new version.
   */
  save(tenantId: string, access: AccessConfiguration, expectedVersion: number): Promise<number>;
  /** The reconciler's record of the identity pool it created (or deleted: null). Not a spec change. */
  recordIdentityPoolId(tenantId: string, identityPoolId: string | null): Promise<void>;
}

export const ACCESS_STORE = Symbol('ACCESS_STORE');
