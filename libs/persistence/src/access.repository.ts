import { DataSource } from 'typeorm';
import { DEFAULT_ROLES, withGroupNames } from '@idplane/access';
import type {
  AccessConfiguration,
  AccessStore,
  IdentityPoolConfig,
  Role,
  RoleMappingConfig,
  StoredTenantAccess,
} from '@idplane/access';
import { ConflictError, isUuid } from '@idplane/errors';
import { bumpGenerationWithIntent } from './spec-change';
import { returnedRows } from './returned-rows';

/** One tenant's access columns, as ACCESS_SELECT returns them. */
export interface AccessRow {
  id: string;
  slug: string;
  isolation_model: StoredTenantAccess['isolationModel'];
  suspended: boolean;
  cognito_user_pool_id: string | null;
  cognito_app_client_id: string | null;
  roles: Role[] | null;
  mappings: RoleMappingConfig | null;
  identity_pool: IdentityPoolConfig | null;
  identity_pool_id: string | null;
  version: number | null;
}

/** A tenant's access columns, from `tenants t` and its access row `a` (ACCESS_FROM). */
export const ACCESS_COLUMNS = `t.id, t.slug, t.isolation_model, t.suspended, t.cognito_user_pool_id, t.cognito_app_client_id,
                       a.roles, a.mappings, a.identity_pool, a.identity_pool_id, a.version`;
/** Each tenant with its access row (none: nulls). */
export const ACCESS_FROM = 'FROM tenants t LEFT JOIN tenant_access a ON a.tenant_id = t.id';
const ACCESS_SELECT = `SELECT ${ACCESS_COLUMNS} ${ACCESS_FROM}`;

export const toStoredAccess = (r: AccessRow): StoredTenantAccess => ({
  tenantId: r.id,
  slug: r.slug,
  isolationModel: r.isolation_model,
  suspended: r.suspended,
  userPoolId: r.cognito_user_pool_id,
  appClientIds: r.cognito_app_client_id ? [r.cognito_app_client_id] : [],
  roles: r.roles,
  mappings: r.mappings,
  identityPool: r.identity_pool,
  identityPoolId: r.identity_pool_id,
  version: r.version ?? 0,
});

/** Tenant roles and mappings in Postgres: one jsonb row per tenant, saved with its reconcile intent. */
export class PostgresAccessStore implements AccessStore {
  constructor(private readonly dataSource: DataSource) {}

  async find(tenantId: string): Promise<StoredTenantAccess | null> {
    if (!isUuid(tenantId)) return null;
    const rows: AccessRow[] = await this.dataSource.query(
      `${ACCESS_SELECT} WHERE t.id = $1 AND t.status <> 'DELETED'`,
      [tenantId],
    );
    return rows[0] ? toStoredAccess(rows[0]) : null;
  }

  async identityProviderNames(tenantId: string): Promise<string[]> {
    const rows: { name: string }[] = await this.dataSource.query(
      `SELECT name FROM identity_providers WHERE tenant_id = $1 ORDER BY name`,
      [tenantId],
    );
    return rows.map((r) => r.name);
  }

  async listAll(): Promise<StoredTenantAccess[]> {
    const rows: AccessRow[] = await this.dataSource.query(
      `${ACCESS_SELECT} WHERE t.status NOT IN ('DELETED', 'DELETING') ORDER BY t.created_at, t.id`,
    );
    return rows.map(toStoredAccess);
  }

  async save(tenantId: string, access: AccessConfiguration, expectedVersion: number): Promise<number> {
    const values = [
      tenantId,
      JSON.stringify(access.roles),
      JSON.stringify(access.mappings),
      access.identityPool ? JSON.stringify(access.identityPool) : null,
    ];
    return this.dataSource.transaction(async (em) => {
      const saved: { version: number }[] = returnedRows(
        expectedVersion === 0
          ? await em.query(
              `INSERT INTO tenant_access (tenant_id, roles, mappings, identity_pool) VALUES ($1, $2, $3, $4)
               ON CONFLICT (tenant_id) DO NOTHING RETURNING version`,
              values,
            )
          : await em.query(
              `UPDATE tenant_access
               SET roles = $2, mappings = $3, identity_pool = $4, version = version + 1, updated_at = now()
               WHERE tenant_id = $1 AND version = $5 RETURNING version`,
              [...values, expectedVersion],
            ),
      );
      if (saved.length === 0) {
        throw new ConflictError(
          `the roles of tenant ${tenantId} changed since version ${expectedVersion}`,
          'expectedVersion',
        );
      }
      await bumpGenerationWithIntent(em, tenantId);
      return saved[0].version;
    });
  }

  /** The reconciler's view of a tenant's identity pool: its config, its roles with their groups, the pool's id. */
  async findIdentityPoolSpec(tenantId: string): Promise<{
    config: IdentityPoolConfig | null;
    roles: ReturnType<typeof withGroupNames>;
    identityPoolId: string | null;
  } | null> {
    const stored = await this.find(tenantId);
    if (!stored) return null;
    return {
      config: stored.identityPool,
      roles: withGroupNames({ ...stored, id: stored.tenantId }, stored.roles ?? DEFAULT_ROLES),
      identityPoolId: stored.identityPoolId,
    };
  }

  async recordIdentityPoolId(tenantId: string, identityPoolId: string | null): Promise<void> {
    // The reconciler only creates a pool for a tenant with a tenant_access row (setIdentityPool writes one).
    await this.dataSource.query(`UPDATE tenant_access SET identity_pool_id = $2 WHERE tenant_id = $1`, [
      tenantId,
      identityPoolId,
    ]);
  }
}
