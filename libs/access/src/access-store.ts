import type { IsolationModel } from '@idplane/tenancy';
import { Role } from './role';
import { RoleMappingConfig } from './role-mapping';

/** A tenant's stored access configuration. Null roles/mappings mean the tenant still has the defaults. */
export interface StoredTenantAccess {
  tenantId: string;
  slug: string;
  isolationModel: IsolationModel;
  userPoolId: string | null;
  appClientIds: string[];
  roles: Role[] | null;
  mappings: RoleMappingConfig | null;
  /** Optimistic-lock version of the access configuration; 0 while it was never saved. */
  version: number;
}

/** Port to access configuration; the persistence adapter implements it. */
export interface AccessStore {
  find(tenantId: string): Promise<StoredTenantAccess | null>;
  /** Batched read for DataLoader: one query for many tenants, in no particular order. */
  findMany(tenantIds: readonly string[]): Promise<StoredTenantAccess[]>;
  listAll(): Promise<StoredTenantAccess[]>;
  /**
   * Saves roles and mappings if the stored version still equals expectedVersion (ConflictError otherwise), and in
   * the same transaction bumps the tenant's generation and adds a reconcile intent, since roles are Cognito groups.
   */
  save(tenantId: string, roles: Role[], mappings: RoleMappingConfig, expectedVersion: number): Promise<void>;
}

export const ACCESS_STORE = Symbol('ACCESS_STORE');
