import { DataSource } from 'typeorm';
import type { ManagedResource, ManagedResourceInventory } from '@idplane/reconciler';

interface ManagedResourceRow {
  tenant_id: string;
  kind: ManagedResource['kind'];
  name: string;
  secret_fingerprint: string | null;
  cognito_id: string | null;
}

/** The reconciler's inventory of the groups and IdPs it created for each tenant (managed_cognito_resources). */
export class PostgresManagedResourceInventory implements ManagedResourceInventory {
  constructor(private readonly dataSource: DataSource) {}

  async list(tenantIds: readonly string[]): Promise<Map<string, ManagedResource[]>> {
    const byTenant = new Map<string, ManagedResource[]>();
    if (tenantIds.length === 0) return byTenant;
    const rows: ManagedResourceRow[] = await this.dataSource.query(
      `SELECT tenant_id, kind, name, secret_fingerprint, cognito_id FROM managed_cognito_resources
       WHERE tenant_id = ANY($1::uuid[]) ORDER BY kind, name`,
      [tenantIds],
    );
    for (const row of rows) {
      const list = byTenant.get(row.tenant_id) ?? [];
      list.push({
        kind: row.kind,
        name: row.name,
        secretFingerprint: row.secret_fingerprint,
        cognitoId: row.cognito_id,
      });
      byTenant.set(row.tenant_id, list);
    }
    return byTenant;
  }

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
