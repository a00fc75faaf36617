import type { StoredTenantAccess } from '@idplane/access';
import type { StoredIdentityProvider } from '@idplane/federation';
import type { TenantChildren } from './compile-tenant';

export type ManagedResourceKind = 'Group' | 'IdentityProvider' | 'ResourceServer' | 'MachineClient';

/** A group, IdP, resource server (by Cognito identifier) or machine client that idplane created for a tenant. */
export interface ManagedResource {
  kind: ManagedResourceKind;
  name: string;
  /** IdPs: the fingerprint of the sealed secret last applied with success; null when none or unknown. */
  secretFingerprint: string | null;
  /**
   * Machine clients: the client id, once a run that created it succeeded. Null for a client whose Create may have
   * happened in a run that crashed: observe then searches the pool's clients by name.
   */
  cognitoId?: string | null;
}

/**
 * The names of the groups and IdPs idplane created for each tenant. Cognito can't tag either, and finding a shared
 * tenant's leftovers by listing would page through every tenant's groups in the pool on each run. So a name is
 * added before its Create call (a crash right after the call leaves it known) and leaves only once a run that
 * deleted it, or no longer needs it, succeeded. Observation still reads Cognito: this only says which names to read.
 */
export interface ManagedResourceInventory {
  /** Write-ahead: adds names; entries already there keep their fingerprint. */
  add(tenantId: string, resources: readonly ManagedResource[]): Promise<void>;
  /** Makes the tenant's entries exactly these, after a run that left Cognito matching them. */
  replace(tenantId: string, resources: readonly ManagedResource[]): Promise<void>;
}

/** Opens a sealed secret; SecretCipher (libs/secrets) is the production implementation. */
export interface SecretOpener {
  decrypt(sealed: string, context: string): string;
}

/** What the reconciler reads of one tenant besides its row. */
export interface StoredReconcileChildren {
  /** Roles, and whether an identity pool is wanted or was made; null for a tenant with no access row read. */
  access: Pick<StoredTenantAccess, 'roles' | 'identityPool' | 'identityPoolId'> | null;
  identityProviders: StoredIdentityProvider[];
  inventory: ManagedResource[];
}

/** Where the reconciler reads a tenant's children and its inventory; the persistence adapters implement these. */
export interface ReconcileSources {
  /** Many tenants' children at once (the Postgres adapter answers with one statement). */
  children: { loadForReconcile(tenantIds: readonly string[]): Promise<Map<string, StoredReconcileChildren>> };
  inventory: ManagedResourceInventory;
  secrets: SecretOpener;
}

export interface LoadedTenantChildren {
  children: TenantChildren;
  inventory: ManagedResource[];
  /** False only when the access row says the tenant has no identity pool, wanted or made: its step can be skipped. */
  mayHaveIdentityPool: boolean;
}

/** Loads the children and inventories of many tenants. */
export async function loadTenantChildren(
  sources: ReconcileSources,
  tenantIds: readonly string[],
): Promise<Map<string, LoadedTenantChildren>> {
  const loaded = await sources.children.loadForReconcile(tenantIds);
  return new Map(
    tenantIds.map((id) => {
      const found = loaded.get(id);
      return [
        id,
        {
          children: {
            roles: found?.access?.roles ?? null,
            identityProviders: found?.identityProviders ?? [],
          },
          inventory: found?.inventory ?? [],
          mayHaveIdentityPool:
            !found?.access || found.access.identityPool !== null || found.access.identityPoolId !== null,
        },
      ];
    }),
  );
}
