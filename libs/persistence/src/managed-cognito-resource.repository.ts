import { DataSource } from 'typeorm';
import type { ManagedResource, ManagedResourceInventory } from '@idplane/reconciler';

/**
 * The reconciler's inventory of what it created for each tenant (managed_cognito_resources); it is read with the
 * tenant's other children (TenantChildrenReader.loadForReconcile).
 */
export class PostgresManagedResourceInventory implements ManagedResourceInventory {
  constructor(private readonly dataSource: DataSource) {}

  async add(tenantId: string, resources: readonly ManagedResource[]): Promise<void> {
    if (resources.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO managed_cognito_resources (tenant_id, kind, name, secret_fingerprint)
       SELECT $1, kind, name, fingerprint FROM unnest($2::text[], $3::text[], $4::text[]) AS r(kind, name, fingerprint)
       ON CONFLICT (tenant_id, kind, name) DO NOTHING`,
      [
        tenantId,
        resources.map((r) => r.kind),
        resources.map((r) => r.name),
        resources.map((r) => r.secretFingerprint),
      ],
    );
  }

  async replace(tenantId: string, resources: readonly ManagedResource[]): Promise<void> {
    // One statement, so one round trip and atomic: drop what is no longer wanted, upsert the rest.
    await this.dataSource.query(
      `WITH wanted AS (
         SELECT kind, name, fingerprint, cognito_id
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS r(kind, name, fingerprint, cognito_id)
       ), gone AS (
         DELETE FROM managed_cognito_resources m WHERE m.tenant_id = $1
           AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.kind = m.kind AND w.name = m.name)
       )
       INSERT INTO managed_cognito_resources (tenant_id, kind, name, secret_fingerprint, cognito_id)
       SELECT $1, kind, name, fingerprint, cognito_id FROM wanted
       ON CONFLICT (tenant_id, kind, name)
         DO UPDATE SET secret_fingerprint = EXCLUDED.secret_fingerprint, cognito_id = EXCLUDED.cognito_id`,
      [
        tenantId,
        resources.map((r) => r.kind),
        resources.map((r) => r.name),
        resources.map((r) => r.secretFingerprint),
        resources.map((r) => r.cognitoId ?? null),
      ],
    );
  }
}
